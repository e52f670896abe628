// The sidebar: saved servers with a status dot and their state in words, and buttons
// to add, connect/disconnect, edit and remove. Items are kept (not rebuilt) across
// updates so keyboard focus survives a state change.
import type { App } from '../app';
import type { ConnState } from '../bindings/ConnState';
import type { Profile } from '../bindings/Profile';
import { el, frameScheduler, setText } from '../dom';
import { errorText } from '../errors';
import { t } from '../i18n';
import { confirmDialog } from './confirm';
import { isActive, stateText, stateTone } from './conn-state';
import { icon } from './icons';
import { openServerForm } from './server-form';

interface Item {
  li: HTMLLIElement;
  select: HTMLButtonElement;
  dot: HTMLElement;
  name: HTMLElement;
  url: HTMLElement;
  state: HTMLElement;
  error: HTMLElement;
  connect: HTMLButtonElement;
  disconnect: HTMLButtonElement;
  edit: HTMLButtonElement;
  remove: HTMLButtonElement;
  profile: Profile;
}

/** When each state object arrived, so "reconnecting in Xs" can count down. */
const seen = new WeakMap<ConnState, number>();
export function since(cs: ConnState | null, now: number): number {
  if (!cs) return 0;
  if (!seen.has(cs)) seen.set(cs, now);
  return now - (seen.get(cs) as number);
}

export function serversView(app: App): HTMLElement {
  const items = new Map<string, Item>();
  const list = el('ul', { class: 'server-list', attrs: { 'aria-label': t('servers.list_label') } });
  const empty = el('p', { class: 'muted sidebar-empty' });
  let tick: ReturnType<typeof setTimeout> | undefined;

  const createItem = (p: Profile): Item => {
    const item = {
      select: el('button', { class: 'server-select', attrs: { type: 'button' } }),
      dot: el('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } }),
      name: el('span', { class: 'server-name' }),
      url: el('span', { class: 'server-url' }),
      state: el('span', { class: 'server-state', testid: 'conn-state' }),
      error: el('span', { class: 'server-error', testid: 'conn-error' }),
      connect: el('button', { class: 'small primary', testid: 'connect', text: t('servers.connect'), attrs: { type: 'button' } }),
      disconnect: el('button', { class: 'small', testid: 'disconnect', text: t('servers.disconnect'), attrs: { type: 'button' } }),
      edit: el('button', { class: 'icon', testid: 'edit-server', attrs: { type: 'button' } }, [icon('edit')]),
      remove: el('button', { class: 'icon', testid: 'remove-server', attrs: { type: 'button' } }, [icon('trash')]),
      profile: p,
    } as Omit<Item, 'li'>;
    item.select.append(item.dot, el('span', { class: 'server-text' }, [item.name, item.state, item.error, item.url]));
    const li = el('li', { class: 'server-item', testid: 'server-item', attrs: { 'data-id': p.id } }, [
      item.select,
      el('div', { class: 'server-actions' }, [item.connect, item.disconnect, item.edit, item.remove]),
    ]);
    const full = { ...item, li } as Item;
    const cur = () => full.profile;
    full.select.addEventListener('click', () => app.store.apply({ type: 'ui/select', id: cur().id }));
    full.connect.addEventListener('click', () => {
      app.store.apply({ type: 'ui/select', id: cur().id });
      void app.send({ type: 'connect', id: cur().id, options: cur().options });
    });
    full.disconnect.addEventListener('click', () => void app.send({ type: 'disconnect', id: cur().id }));
    full.edit.addEventListener('click', () => openServerForm(app, cur()));
    full.remove.addEventListener('click', () => void removeServer(app, cur()));
    return full;
  };

  const render = frameScheduler(() => {
    const state = app.store.get();
    const now = Date.now();
    let counting = false;
    state.profiles.forEach((p, i) => {
      let item = items.get(p.id);
      if (!item) items.set(p.id, (item = createItem(p)));
      item.profile = p;
      const cs = state.conns[p.id]?.state ?? null;
      // The last error stays beside the server until it connects again.
      const lastError = state.conns[p.id]?.lastError;
      setText(item.error, lastError ? errorText(lastError) : '');
      item.error.title = item.error.textContent ?? '';
      item.error.hidden = !lastError;
      const active = isActive(cs);
      counting ||= cs?.state === 'reconnecting';
      setText(item.name, p.name);
      setText(item.url, p.options.url);
      setText(item.state, stateText(cs, since(cs, now)));
      item.dot.dataset.tone = stateTone(cs);
      item.li.dataset.state = cs?.state ?? 'idle';
      item.li.classList.toggle('selected', state.selected === p.id);
      item.select.setAttribute('aria-current', String(state.selected === p.id));
      item.edit.setAttribute('aria-label', t('servers.edit_named', { name: p.name }));
      item.edit.title = t('servers.edit');
      item.remove.setAttribute('aria-label', t('servers.remove_named', { name: p.name }));
      item.remove.title = t('servers.remove');
      // Swap Connect and Disconnect, handing keyboard focus over to the one now shown.
      const [show, hide] = active ? [item.disconnect, item.connect] : [item.connect, item.disconnect];
      const hadFocus = document.activeElement === hide;
      hide.hidden = true;
      show.hidden = false;
      if (hadFocus) show.focus();
      if (list.children[i] !== item.li) list.insertBefore(item.li, list.children[i] ?? null);
    });
    const ids = new Set(state.profiles.map((p) => p.id));
    for (const [id, item] of items) if (!ids.has(id)) (item.li.remove(), items.delete(id));
    empty.hidden = state.profiles.length > 0;
    setText(empty, state.profilesLoaded ? t('servers.empty') : t('servers.loading'));
    // While a reconnect delay counts down, refresh its seconds.
    clearTimeout(tick);
    if (counting) tick = setTimeout(render, 250);
  });
  app.store.subscribe(render);
  render();

  return el('aside', { class: 'sidebar' }, [
    el('header', { class: 'sidebar-head' }, [
      el('h1', { text: t('servers.heading') }),
      el('button', {
        class: 'small primary',
        testid: 'add-server',
        text: t('servers.add'),
        attrs: { type: 'button' },
        on: { click: () => openServerForm(app, null) },
      }),
    ]),
    list,
    empty,
  ]);
}

async function removeServer(app: App, p: Profile): Promise<void> {
  const sure = await confirmDialog(t('servers.remove_confirm_title'), t('servers.remove_confirm_body', { name: p.name }));
  if (!sure) return;
  if (isActive(app.store.get().conns[p.id]?.state ?? null)) await app.send({ type: 'disconnect', id: p.id });
  await app.send({ type: 'remove_profile', id: p.id });
}
