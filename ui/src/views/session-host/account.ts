// Who I am on the server: before login a name field with Log in (Enter submits); after,
// the name, the role badge and Log out.
import type { App } from '../../app';
import { el, newId, setText } from '../../dom';
import { catalog, type MessageKey } from '../../i18n/catalog';
import { t } from '../../i18n';
import { errorSlot, type Part, type SessionCtx } from './context';
import { refuse, sendRequest } from '../protocol-request';

/** A role in words when the catalog knows it, else as the server spells it. */
export function roleText(role: string): string {
  const key = `session.role.${role}` as MessageKey;
  return key in catalog.en ? t(key) : role;
}

export function account(app: App): Part & { reset(): void } {
  let ctx: SessionCtx | null = null;

  const name = el('input', {
    testid: 'sh-name',
    attrs: { id: newId('sh-name'), type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: t('session.name_placeholder') },
  });
  const loginError = errorSlot('login', name);
  const login = el('button', { class: 'primary', testid: 'sh-login', text: t('session.login'), attrs: { type: 'submit' } });
  const loginForm = el(
    'form',
    {
      class: 'sh-login',
      attrs: { novalidate: true },
      on: {
        submit: (e) => {
          e.preventDefault();
          if (!ctx || !ctx.online) return;
          const value = name.value.trim();
          if (!value) {
            refuse(app, ctx.id, { kind: 'login', key: null }, t('session.name_required'));
            return name.focus();
          }
          void sendRequest(app, ctx.id, { type: 'request', id: ctx.id, protocol: 'session_host', action: { type: 'login', name: value } });
        },
      },
    },
    [
      el('label', { text: t('session.name'), attrs: { for: name.id } }),
      el('div', { class: 'control-row' }, [name, login]),
      loginError.element,
    ],
  );

  const me = el('strong', { class: 'sh-me' });
  const role = el('span', { class: 'tag sh-role', testid: 'sh-role' });
  const logout = el('button', {
    testid: 'sh-logout',
    text: t('session.logout'),
    attrs: { type: 'button' },
    on: { click: () => ctx && void sendRequest(app, ctx.id, { type: 'request', id: ctx.id, protocol: 'session_host', action: { type: 'logout' } }) },
  });
  const logoutError = errorSlot('logout', logout);
  const who = el('div', { class: 'sh-who' }, [
    el('div', { class: 'control-row' }, [el('span', { class: 'muted', text: t('session.logged_in_as') }), me, role, el('span', { class: 'spacer' }), logout]),
    logoutError.element,
  ]);

  return {
    element: el('div', { class: 'sh-account' }, [loginForm, who]),
    update(c) {
      ctx = c;
      const s = c.session;
      loginForm.hidden = c.phase !== 'anonymous';
      who.hidden = c.phase === 'anonymous';
      login.disabled = !c.online;
      logout.disabled = !c.online;
      setText(me, s.name ?? '');
      setText(role, s.role ? roleText(s.role) : '');
      role.hidden = !s.role;
      role.dataset.role = s.role ?? '';
      loginError.update(c);
      logoutError.update(c);
    },
    reset() {
      name.value = '';
    },
  };
}
