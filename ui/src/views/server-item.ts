// One server in the sidebar: a status dot, its name, state in words, last error, URL and
// a small shield when its certificate waits for a decision (the certificate panel says the
// rest), all one button that selects it; then Connect/Disconnect, Edit and Remove. Folded
// to the icon rail, the button shows the name's initials. The list is one tab stop
// (servers.ts): only the current item's buttons are in the Tab order.
import type { App } from '../app';
import type { Profile } from '../bindings/Profile';
import { el, setText } from '../dom';
import { errorText } from '../errors';
import { t } from '../i18n';
import type { Conn } from '../state/store';
import { confirmDialog } from './confirm';
import { ariaKeys, keysText, onMac } from '../lib/shortcuts';
import { connText, isActive, since, stateTone } from './conn-state';
import { icon } from './icons';
import { openServerForm } from './server-form';

export interface ServerItem {
  element: HTMLLIElement;
  /**
   * Show the latest profile and connection, `place` its number in the list (1 first);
   * true while a reconnect delay counts down.
   */
  update(profile: Profile, conn: Conn | undefined, selected: boolean, now: number, place: number): boolean;
  /** Put this item's buttons in the Tab order, or take them out. */
  setTabbable(on: boolean): void;
  /** Focus its main button. */
  focus(): void;
}

/** Up to two letters that stand for a name on the folded rail: "Local demo" → "LD", "宿舍" → "宿". */
export function initialsOf(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = Array.from(words[0] ?? '?')[0];
  // A Chinese, Japanese or Korean character is a word of its own.
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(first)) return first;
  const second = words[1] ? Array.from(words[1])[0] : '';
  return (first + second).toLocaleUpperCase();
}

export function serverItem(app: App, initial: Profile): ServerItem {
  let profile = initial;
  const dot = el('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } });
  const initials = el('span', { class: 'server-initials', attrs: { 'aria-hidden': 'true' } });
  const name = el('span', { class: 'server-name one-line' });
  const state = el('span', { class: 'server-state', testid: 'conn-state' });
  const error = el('span', { class: 'server-error one-line', testid: 'conn-error' });
  // A certificate waits for the person's decision: the panel in the main area asks, this only points at it.
  const cert = el('span', { class: 'server-cert', testid: 'conn-cert', attrs: { role: 'img', 'aria-label': t('cert.item_note'), title: t('cert.item_note') } }, [
    icon('shield'),
  ]);
  const url = el('span', { class: 'server-url one-line' });
  const select = el(
    'button',
    { class: 'server-select', attrs: { type: 'button' }, on: { click: () => app.store.apply({ type: 'ui/select', id: profile.id }) } },
    [el('span', { class: 'server-badge' }, [initials, dot]), el('span', { class: 'server-text' }, [name, state, error, url]), cert],
  );
  const button = (cls: string, testid: string, onClick: () => void, children: (Node | string)[]) =>
    el('button', { class: cls, testid, attrs: { type: 'button' }, on: { click: onClick } }, children);
  const connect = button('small primary', 'connect', () => {
    app.store.apply({ type: 'ui/select', id: profile.id });
    void app.send({ type: 'connect', id: profile.id, options: profile.options });
  }, [t('servers.connect')]);
  const disconnect = button('small', 'disconnect', () => void app.send({ type: 'disconnect', id: profile.id }), [
    t('servers.disconnect'),
  ]);
  const edit = button('icon', 'edit-server', () => openServerForm(app, profile), [icon('edit')]);
  const remove = button('icon', 'remove-server', () => void removeServer(app, profile), [icon('trash')]);
  edit.title = t('servers.edit');
  remove.title = t('servers.remove');
  const connectionKeys = keysText({ kind: 'connection' }, onMac());
  connect.title = t('shortcut.tooltip', { label: t('servers.connect'), keys: connectionKeys });
  disconnect.title = t('shortcut.tooltip', { label: t('servers.disconnect'), keys: connectionKeys });
  for (const b of [connect, disconnect]) b.setAttribute('aria-keyshortcuts', ariaKeys({ kind: 'connection' }, onMac()));
  const buttons = [select, connect, disconnect, edit, remove];

  const element = el('li', { class: 'server-item', testid: 'server-item', attrs: { 'data-id': initial.id } }, [
    select,
    el('div', { class: 'server-actions' }, [connect, disconnect, edit, remove]),
  ]);

  return {
    element,
    update(p, conn, selected, now, place) {
      profile = p;
      const cs = conn?.state ?? null;
      const certWaits = !!conn?.cert;
      setText(name, p.name);
      setText(initials, initialsOf(p.name));
      setText(url, p.options.url);
      setText(state, connText(cs, certWaits, since(cs, now)));
      // A long reason (why it reconnects or closed) may be cut off on the rail: all of it on hover.
      state.title = state.textContent ?? '';
      // The last error stays beside the server until it connects again (a certificate's is the panel's to say).
      const lastError = certWaits ? null : (conn?.lastError ?? null);
      setText(error, lastError ? errorText(lastError) : '');
      error.title = error.textContent ?? '';
      error.hidden = !lastError;
      cert.hidden = !certWaits;
      // Its name (the rail shows only initials) and its shortcut, Ctrl+1…9.
      select.title = place <= 9 ? t('shortcut.tooltip', { label: p.name, keys: keysText({ kind: 'select', n: place }, onMac()) }) : p.name;
      dot.dataset.tone = stateTone(cs);
      element.dataset.state = cs?.state ?? 'idle';
      element.classList.toggle('selected', selected);
      select.setAttribute('aria-current', String(selected));
      edit.setAttribute('aria-label', t('servers.edit_named', { name: p.name }));
      remove.setAttribute('aria-label', t('servers.remove_named', { name: p.name }));
      // Swap Connect and Disconnect, handing keyboard focus over to the one now shown.
      const [show, hide] = isActive(cs) ? [disconnect, connect] : [connect, disconnect];
      const hadFocus = document.activeElement === hide;
      hide.hidden = true;
      show.hidden = false;
      if (hadFocus) show.focus();
      return cs?.state === 'reconnecting';
    },
    setTabbable(on) {
      for (const b of buttons) b.tabIndex = on ? 0 : -1;
    },
    focus() {
      select.focus();
    },
  };
}

async function removeServer(app: App, p: Profile): Promise<void> {
  const sure = await confirmDialog(t('servers.remove_confirm_title'), t('servers.remove_confirm_body', { name: p.name }));
  if (!sure) return;
  if (isActive(app.store.get().conns[p.id]?.state ?? null)) await app.send({ type: 'disconnect', id: p.id });
  await app.send({ type: 'remove_profile', id: p.id });
}
