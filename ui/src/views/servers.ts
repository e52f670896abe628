// The sidebar: the saved servers, the Add button, the gear that opens Settings and the
// button that folds the sidebar to a rail of icons (sidebar.ts: folded by itself in a
// narrow window, or as the person left it). Items are kept (not rebuilt) across updates,
// so keyboard focus survives a state change. The list is one tab stop: arrow keys move
// between servers (a roving tabindex), and only the current item's buttons follow it.
import type { App } from '../app';
import { el, frameScheduler, later, newId, replace, setText } from '../dom';
import { t } from '../i18n';
import { ariaKeys, keysText, onMac } from '../lib/shortcuts';
import { storeSidebar, storedSidebar } from '../settings/preferences';
import { choiceAfterToggle, sidebarFolded } from '../settings/sidebar';
import { icon } from './icons';
import { serverItem, type ServerItem } from './server-item';
import { openServerForm } from './server-form';
import { settingsButton } from './settings-dialog';

/** The index an arrow key moves to in a list of `count` (-1: not a moving key). */
export function rovingIndex(key: string, i: number, count: number): number {
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, i + 1);
    case 'ArrowUp':
      return Math.max(0, i - 1);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return -1;
  }
}

export function serversView(app: App): HTMLElement {
  const items = new Map<string, ServerItem>();
  const list = el('ul', { class: 'server-list', attrs: { id: newId('server-list'), 'aria-label': t('servers.list_label') } });
  const empty = el('p', { class: 'muted sidebar-empty' });
  let tick: (() => void) | undefined;
  /** The server whose buttons are in the Tab order: the last one focused, else the selected one. */
  let current: string | null = null;

  const order = () => app.store.get().profiles.map((p) => p.id).filter((id) => items.has(id));
  const syncTabStops = () => {
    const ids = order();
    const selected = app.store.get().selected;
    const id = current !== null && items.has(current) ? current : selected !== null && items.has(selected) ? selected : (ids[0] ?? null);
    for (const [key, item] of items) item.setTabbable(key === id);
  };

  const render = frameScheduler(() => {
    const state = app.store.get();
    const now = Date.now();
    let counting = false;
    state.profiles.forEach((p, i) => {
      let item = items.get(p.id);
      if (!item) items.set(p.id, (item = serverItem(app, p)));
      counting = item.update(p, state.conns[p.id], state.selected === p.id, now, i + 1) || counting;
      // Move only what is out of place: moving a node would drop its focus.
      if (list.children[i] !== item.element) list.insertBefore(item.element, list.children[i] ?? null);
    });
    const ids = new Set(state.profiles.map((p) => p.id));
    for (const [id, item] of items) {
      if (ids.has(id)) continue;
      item.element.remove();
      items.delete(id);
    }
    syncTabStops();
    // For make bench-ui: when the saved servers were first drawn after the start.
    if (state.profilesLoaded && performance.getEntriesByName('switchboard:servers').length === 0) performance.mark('switchboard:servers');
    empty.hidden = state.profiles.length > 0;
    setText(empty, state.profilesLoaded ? t('servers.empty') : t('servers.loading'));
    // While a reconnect delay counts down, refresh its seconds.
    tick?.();
    if (counting) tick = later(render, 250);
  });
  app.store.subscribe(render);
  render();

  const itemId = (target: EventTarget | null) =>
    target instanceof Element ? (target.closest<HTMLElement>('.server-item')?.dataset.id ?? null) : null;
  list.addEventListener('focusin', (e) => {
    const id = itemId(e.target);
    if (id === null || id === current) return;
    current = id;
    syncTabStops();
  });
  list.addEventListener('keydown', (e) => {
    const ids = order();
    const from = ids.indexOf(itemId(e.target) ?? '');
    if (from < 0 || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
    const to = rovingIndex(e.key, from, ids.length);
    if (to < 0) return;
    e.preventDefault();
    current = ids[to];
    syncTabStops();
    items.get(ids[to])?.focus();
  });

  const addLabel = el('span', { class: 'sidebar-label', text: t('servers.add') });
  const add = el(
    'button',
    {
      class: 'small primary sidebar-add',
      testid: 'add-server',
      attrs: {
        type: 'button',
        title: t('shortcut.tooltip', { label: t('servers.add'), keys: keysText({ kind: 'new_server' }, onMac()) }),
        'aria-keyshortcuts': ariaKeys({ kind: 'new_server' }, onMac()),
      },
      on: { click: () => openServerForm(app, null) },
    },
    [icon('plus'), addLabel],
  );
  const fold = el('button', { class: 'icon sidebar-fold', testid: 'sidebar-fold', attrs: { type: 'button', 'aria-controls': list.id } });
  const aside = el('aside', { class: 'sidebar', attrs: { 'aria-label': t('servers.heading') } }, [
    el('header', { class: 'sidebar-head' }, [
      el('h1', { class: 'sidebar-label', text: t('servers.heading') }),
      el('div', { class: 'sidebar-tools' }, [add, settingsButton(app), fold]),
    ]),
    list,
    empty,
  ]);

  let folded = false;
  const applyFold = () => {
    folded = sidebarFolded(storedSidebar(), window.innerWidth);
    aside.classList.toggle('folded', folded);
    const words = t(folded ? 'servers.unfold' : 'servers.fold');
    fold.title = words;
    fold.setAttribute('aria-label', words);
    fold.setAttribute('aria-expanded', String(!folded));
    replace(fold, [icon(folded ? 'unfold' : 'fold')]);
  };
  fold.addEventListener('click', () => {
    storeSidebar(choiceAfterToggle(folded, window.innerWidth));
    applyFold();
  });
  const onResize = () => {
    // The sidebar is in the document from the moment it is drawn: once out of it (the
    // window drawn again in another language), this one stops listening.
    if (aside.isConnected) applyFold();
    else window.removeEventListener('resize', onResize);
  };
  window.addEventListener('resize', onResize);
  applyFold();

  return aside;
}
