// The two ways into a session, side by side: Host (create one) and Join (by its key).
import type { App } from '../../app';
import { el, newId } from '../../dom';
import { t } from '../../i18n';
import { errorSlot, type Part, type SessionCtx } from './context';
import { refuse, sendRequest } from '../protocol-request';

export function paths(app: App): Part & { reset(): void } {
  let ctx: SessionCtx | null = null;

  const create = el('button', {
    class: 'primary',
    testid: 'sh-create',
    text: t('session.create'),
    attrs: { type: 'button' },
    on: { click: () => ctx && void sendRequest(app, ctx.id, { type: 'request', id: ctx.id, protocol: 'session_host', action: { type: 'create_session' } }) },
  });
  const createError = errorSlot('create_session', create);

  const key = el('input', {
    class: 'sh-key-input',
    testid: 'sh-join-key',
    attrs: { id: newId('sh-join-key'), type: 'text', autocomplete: 'off', spellcheck: 'false', placeholder: t('session.join_key_placeholder') },
  });
  const joinError = errorSlot('join_session', key);
  const join = el('button', { class: 'primary', testid: 'sh-join', text: t('session.join'), attrs: { type: 'submit' } });
  const joinForm = el(
    'form',
    {
      class: 'card',
      attrs: { novalidate: true, 'aria-label': t('session.join_heading') },
      on: {
        submit: (e) => {
          e.preventDefault();
          if (!ctx || !ctx.online) return;
          const value = key.value.trim();
          if (!value) {
            refuse(app, ctx.id, { kind: 'join_session', key: null }, t('session.join_key_required'));
            return key.focus();
          }
          void sendRequest(app, ctx.id, { type: 'request', id: ctx.id, protocol: 'session_host', action: { type: 'join_session', session_key: value } });
        },
      },
    },
    [
      el('h3', { text: t('session.join_heading') }),
      el('p', { class: 'hint', text: t('session.join_text') }),
      el('label', { text: t('session.join_key'), attrs: { for: key.id } }),
      el('div', { class: 'control-row' }, [key, join]),
      joinError.element,
    ],
  );

  const hostPath = el('section', { class: 'card', attrs: { 'aria-label': t('session.host_heading') } }, [
    el('h3', { text: t('session.host_heading') }),
    el('p', { class: 'hint', text: t('session.host_text') }),
    el('div', { class: 'control-row' }, [create]),
    createError.element,
  ]);

  return {
    element: el('div', { class: 'sh-paths' }, [hostPath, joinForm]),
    update(c) {
      ctx = c;
      create.disabled = !c.online;
      join.disabled = !c.online;
      createError.update(c);
      joinError.update(c);
    },
    reset() {
      key.value = '';
    },
  };
}
