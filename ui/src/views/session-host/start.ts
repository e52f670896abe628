// Starting the session: the Start button, enabled only for the HOST and only before the
// session started (then running.ts says it runs, and the button goes); a member waits
// for the host.
import type { App } from '../../app';
import { el } from '../../dom';
import { t } from '../../i18n';
import { HOST } from '../../state/session-host';
import { errorSlot, type Part, type SessionCtx } from './context';
import { sendRequest } from '../protocol-request';

export function startPart(app: App): Part {
  let ctx: SessionCtx | null = null;
  const start = el('button', {
    class: 'primary sh-start',
    testid: 'sh-start',
    text: t('session.start'),
    attrs: { type: 'button' },
    on: {
      click: () => {
        const key = ctx?.session.sessionKey;
        if (ctx && key) void sendRequest(app, ctx.id, { type: 'request', id: ctx.id, protocol: 'session_host', action: { type: 'start', session_key: key } });
      },
    },
  });
  const waiting = el('p', { class: 'muted sh-waiting', text: t('session.waiting'), attrs: { role: 'status' } });
  const startError = errorSlot('start', start);

  return {
    element: el('div', { class: 'sh-start-row' }, [
      el('div', { class: 'control-row' }, [start, waiting]),
      startError.element,
    ]),
    update(c) {
      ctx = c;
      const s = c.session;
      const isHost = c.phase === 'host' && s.role === HOST;
      start.disabled = !isHost || s.started || !c.online;
      start.title = isHost ? '' : t('session.start_host_only');
      start.hidden = s.started;
      waiting.hidden = s.started || isHost;
      startError.update(c);
    },
  };
}
