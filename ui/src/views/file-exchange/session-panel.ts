// The session card: where the session stands in words, its id with Copy, Start, Abort
// (after a confirmation) and Send logs with their errors beside them, whether a dropped
// connection was resumed, and, once it is over, why it ended.
import type { App } from '../../app';
import { el, setText } from '../../dom';
import { t, type MessageKey } from '../../i18n';
import { fileExchangePhase, type FileExchangePhase } from '../../state/file-exchange';
import { isAsking } from '../../state/requests';
import { confirmDialog } from '../confirm';
import { copyButton } from '../copy-button';
import { errorSlot, type FileExchangeCtx, type Part } from './context';
import { endWords } from './end-words';
import { sendRequest } from '../protocol-request';

const PHASE_WORDS: Record<FileExchangePhase, MessageKey> = {
  none: 'file_exchange.state.none',
  starting: 'file_exchange.state.starting',
  active: 'file_exchange.state.active',
  ended: 'file_exchange.state.ended',
  lost: 'file_exchange.state.lost',
};

export function sessionPanel(app: App, countdown: Part): Part {
  let ctx: FileExchangeCtx | null = null;
  const state = el('p', { class: 'file-exchange-state', testid: 'file-exchange-state', attrs: { role: 'status' } });
  const idValue = el('code', { class: 'file-exchange-session-id', testid: 'file-exchange-session-id' });
  const copy = copyButton({
    testid: 'file-exchange-copy-id',
    label: t('file_exchange.copy'),
    name: t('file_exchange.copy_named'),
    source: idValue,
    copied: t('file_exchange.copied'),
    unavailable: t('file_exchange.copy_unavailable'),
  });
  const idRow = el('p', { class: 'file-exchange-id-row' }, [el('span', { class: 'file-exchange-id-label', text: t('file_exchange.session_id') }), idValue, copy.button, copy.status]);
  const end = el('p', { class: 'file-exchange-end', testid: 'file-exchange-end' });
  const resumed = el('p', { class: 'file-exchange-resumed', testid: 'file-exchange-resumed', attrs: { role: 'status' } });

  const withCtx = (f: (c: FileExchangeCtx) => void) => () => ctx && f(ctx);
  const start = el('button', {
    class: 'primary',
    testid: 'file-exchange-start',
    text: t('file_exchange.start'),
    attrs: { type: 'button' },
    on: { click: withCtx((c) => void sendRequest(app, c.id, { type: 'request', id: c.id, protocol: 'file_exchange', action: { type: 'start' } })) },
  });
  const abort = el('button', {
    testid: 'file-exchange-abort',
    text: t('file_exchange.abort'),
    attrs: { type: 'button' },
    on: {
      click: withCtx(async (c) => {
        const id = c.id;
        if (await confirmDialog(t('file_exchange.abort_title'), t('file_exchange.abort_body'), t('file_exchange.abort_ok'))) await sendRequest(app, id, { type: 'request', id, protocol: 'file_exchange', action: { type: 'abort' } });
      }),
    },
  });
  const logs = el('button', {
    testid: 'file-exchange-send-logs',
    text: t('file_exchange.send_logs'),
    attrs: { type: 'button', title: t('file_exchange.send_logs_hint') },
    on: { click: withCtx((c) => void sendRequest(app, c.id, { type: 'request', id: c.id, protocol: 'file_exchange', action: { type: 'send_logs' } })) },
  });
  const logsSent = el('span', { class: 'hint file-exchange-logs-sent', testid: 'file-exchange-logs-sent', text: t('file_exchange.logs_sent'), attrs: { role: 'status' } });
  const startError = errorSlot('start', [start]);
  const abortError = errorSlot('abort', [abort]);
  const logsError = errorSlot('send_logs', [logs]);
  let shownId = '';

  return {
    element: el('section', { class: 'card file-exchange-session', testid: 'file-exchange-session', attrs: { 'aria-label': t('file_exchange.session') } }, [
      el('h3', { text: t('file_exchange.session') }),
      state,
      idRow,
      countdown.element,
      end,
      resumed,
      el('div', { class: 'control-row' }, [start, abort, logs, logsSent]),
      startError.element,
      abortError.element,
      logsError.element,
    ]),
    update(c) {
      ctx = c;
      const s = c.fileExchange.session;
      const phase = fileExchangePhase(c.fileExchange, isAsking(c.requests, 'start'));
      state.dataset.state = phase;
      setText(state, t(PHASE_WORDS[phase]));
      const id = s.state === 'none' ? '' : (s.id ?? '');
      if (id !== shownId) { copy.reset(); shownId = id; }
      setText(idValue, id);
      idRow.hidden = id === '' || phase === 'starting';
      countdown.update(c);
      const answered = c.fileExchange.files.filter((f) => f.answer?.state === 'answered').length;
      setText(end, s.state === 'ended' ? endWords(s.end, answered) : '');
      end.hidden = s.state !== 'ended';
      end.dataset.reason = s.state === 'ended' ? s.end.reason : '';
      const r = c.fileExchange.resumed;
      setText(resumed, r === null ? '' : r.ok ? t('file_exchange.resumed') : t('file_exchange.resume_failed', { message: r.message ?? '' }));
      resumed.hidden = r === null;
      resumed.classList.toggle('failed', r !== null && !r.ok);
      // One session at a time: Start until it runs, Abort while it does.
      start.hidden = phase === 'active';
      start.disabled = !c.online || phase === 'starting';
      abort.hidden = phase !== 'active';
      abort.disabled = !c.online || isAsking(c.requests, 'abort');
      logs.disabled = !c.online || isAsking(c.requests, 'send_logs');
      logsSent.hidden = !c.fileExchange.logsSent;
      for (const e of [startError, abortError, logsError]) e.update(c);
    },
  };
}
