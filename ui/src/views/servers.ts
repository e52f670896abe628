// The sidebar: the saved servers, the Add button and the gear that opens Settings. Items
// are kept (not rebuilt) across updates, so keyboard focus survives a state change.
import type { App } from '../app';
import { el, frameScheduler, later, setText } from '../dom';
import { t } from '../i18n';
import { serverItem, type ServerItem } from './server-item';
import { openServerForm } from './server-form';
import { settingsButton } from './settings-dialog';

export function serversView(app: App): HTMLElement {
  const items = new Map<string, ServerItem>();
  const list = el('ul', { class: 'server-list', attrs: { 'aria-label': t('servers.list_label') } });
  const empty = el('p', { class: 'muted sidebar-empty' });
  let tick: (() => void) | undefined;

  const render = frameScheduler(() => {
    const state = app.store.get();
    const now = Date.now();
    let counting = false;
    state.profiles.forEach((p, i) => {
      let item = items.get(p.id);
      if (!item) items.set(p.id, (item = serverItem(app, p)));
      counting = item.update(p, state.conns[p.id], state.selected === p.id, now) || counting;
      // Move only what is out of place: moving a node would drop its focus.
      if (list.children[i] !== item.element) list.insertBefore(item.element, list.children[i] ?? null);
    });
    const ids = new Set(state.profiles.map((p) => p.id));
    for (const [id, item] of items) {
      if (ids.has(id)) continue;
      item.element.remove();
      items.delete(id);
    }
    empty.hidden = state.profiles.length > 0;
    setText(empty, state.profilesLoaded ? t('servers.empty') : t('servers.loading'));
    // While a reconnect delay counts down, refresh its seconds.
    tick?.();
    if (counting) tick = later(render, 250);
  });
  app.store.subscribe(render);
  render();

  return el('aside', { class: 'sidebar' }, [
    el('header', { class: 'sidebar-head' }, [
      el('h1', { text: t('servers.heading') }),
      el('div', { class: 'sidebar-tools' }, [
        el('button', {
          class: 'small primary',
          testid: 'add-server',
          text: t('servers.add'),
          attrs: { type: 'button' },
          on: { click: () => openServerForm(app, null) },
        }),
        settingsButton(),
      ]),
    ]),
    list,
    empty,
  ]);
}
