// One server in the sidebar: a status dot, its name, state in words, last error, a note
// when its certificate waits for a decision, and URL (one button that selects it), then
// Connect/Disconnect, Edit and Remove.
import type { App } from '../app';
import type { Profile } from '../bindings/Profile';
import { el, setText } from '../dom';
import { errorText } from '../errors';
import { t } from '../i18n';
import type { Conn } from '../state/store';
import { confirmDialog } from './confirm';
import { isActive, since, stateText, stateTone } from './conn-state';
import { icon } from './icons';
import { openServerForm } from './server-form';

export interface ServerItem {
  element: HTMLLIElement;
  /** Show the latest profile and connection; true while a reconnect delay counts down. */
  update(profile: Profile, conn: Conn | undefined, selected: boolean, now: number): boolean;
}

export function serverItem(app: App, initial: Profile): ServerItem {
  let profile = initial;
  const dot = el('span', { class: 'dot', attrs: { 'aria-hidden': 'true' } });
  const name = el('span', { class: 'server-name one-line' });
  const state = el('span', { class: 'server-state', testid: 'conn-state' });
  const error = el('span', { class: 'server-error one-line', testid: 'conn-error' });
  // A certificate waits for the person's decision (the panel in the main area asks).
  const cert = el('span', { class: 'server-cert one-line', testid: 'conn-cert', text: t('cert.item_note') });
  const url = el('span', { class: 'server-url one-line' });
  const select = el(
    'button',
    { class: 'server-select', attrs: { type: 'button' }, on: { click: () => app.store.apply({ type: 'ui/select', id: profile.id }) } },
    [dot, el('span', { class: 'server-text' }, [name, state, error, cert, url])],
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

  const element = el('li', { class: 'server-item', testid: 'server-item', attrs: { 'data-id': initial.id } }, [
    select,
    el('div', { class: 'server-actions' }, [connect, disconnect, edit, remove]),
  ]);

  return {
    element,
    update(p, conn, selected, now) {
      profile = p;
      const cs = conn?.state ?? null;
      setText(name, p.name);
      setText(url, p.options.url);
      setText(state, stateText(cs, since(cs, now)));
      // The last error stays beside the server until it connects again.
      setText(error, conn?.lastError ? errorText(conn.lastError) : '');
      error.title = error.textContent ?? '';
      error.hidden = !conn?.lastError;
      cert.hidden = !conn?.cert;
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
  };
}

async function removeServer(app: App, p: Profile): Promise<void> {
  const sure = await confirmDialog(t('servers.remove_confirm_title'), t('servers.remove_confirm_body', { name: p.name }));
  if (!sure) return;
  if (isActive(app.store.get().conns[p.id]?.state ?? null)) await app.send({ type: 'disconnect', id: p.id });
  await app.send({ type: 'remove_profile', id: p.id });
}
