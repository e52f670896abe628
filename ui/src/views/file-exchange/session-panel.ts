// The session card: where the session stands in words, its id with Copy, Start, Abort
// (after a confirmation) and Send logs with their errors beside them, whether a dropped
// connection was resumed, and, once it is over, why it ended.
import type { App } from '../../app';
import { el, setText } from '../../dom';
import { t, type MessageKey } from '../../i18n';
import { fxPhase, isAsking, type FxPhase } from '../../state/file-exchange';
import { confirmDialog } from '../confirm';
import { copyButton } from '../copy-button';
import { errorSlot, type FxCtx, type Part } from './context';
import { endWords } from './end-words';
import { sendFx } from './request';

const PHASE_WORDS: Record<FxPhase, MessageKey> = {
  none: 'fx.state.none',
  starting: 'fx.state.starting',
  active: 'fx.state.active',
  ended: 'fx.state.ended',
  lost: 'fx.state.lost',
};

export function sessionPanel(app: App, countdown: Part): Part {
  let ctx: FxCtx | null = null;
  const state = el('p', { class: 'fx-state', testid: 'fx-state', attrs: { role: 'status' } });
  const idValue = el('code', { class: 'fx-session-id', testid: 'fx-session-id' });
  const copy = copyButton({
    testid: 'fx-copy-id',
    label: t('fx.copy'),
    name: t('fx.copy_named'),
    source: idValue,
    copied: t('fx.copied'),
    unavailable: t('fx.copy_unavailable'),
  });
  const idRow = el('p', { class: 'fx-id-row' }, [el('span', { class: 'fx-id-label', text: t('fx.session_id') }), idValue, copy.button, copy.status]);
  const end = el('p', { class: 'fx-end', testid: 'fx-end' });
  const resumed = el('p', { class: 'fx-resumed', testid: 'fx-resumed', attrs: { role: 'status' } });

  const withCtx = (f: (c: FxCtx) => void) => () => ctx && f(ctx);
  const start = el('button', {
    class: 'primary',
    testid: 'fx-start',
    text: t('fx.start'),
    attrs: { type: 'button' },
    on: { click: withCtx((c) => void sendFx(app, c.id, { type: 'start' })) },
  });
  const abort = el('button', {
    testid: 'fx-abort',
    text: t('fx.abort'),
    attrs: { type: 'button' },
    on: {
      click: withCtx(async (c) => {
        const id = c.id;
        if (await confirmDialog(t('fx.abort_title'), t('fx.abort_body'), t('fx.abort_ok'))) await sendFx(app, id, { type: 'abort' });
      }),
    },
  });
  const logs = el('button', {
    testid: 'fx-send-logs',
    text: t('fx.send_logs'),
    attrs: { type: 'button', title: t('fx.send_logs_hint') },
    on: { click: withCtx((c) => void sendFx(app, c.id, { type: 'send_logs' })) },
  });
  const logsSent = el('span', { class: 'hint fx-logs-sent', testid: 'fx-logs-sent', text: t('fx.logs_sent'), attrs: { role: 'status' } });
  const startError = errorSlot('session-start', [start]);
  const abortError = errorSlot('session-client-abort', [abort]);
  const logsError = errorSlot('logs-send', [logs]);
  let shownId = '';

  return {
    element: el('section', { class: 'card fx-session', testid: 'fx-session', attrs: { 'aria-label': t('fx.session') } }, [
      el('h3', { text: t('fx.session') }),
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
      const s = c.fx.session;
      const phase = fxPhase(c.fx);
      state.dataset.state = phase;
      setText(state, t(PHASE_WORDS[phase]));
      const id = s.state === 'none' ? '' : (s.id ?? '');
      if (id !== shownId) (copy.reset(), (shownId = id));
      setText(idValue, id);
      idRow.hidden = id === '' || phase === 'starting';
      countdown.update(c);
      const answered = c.fx.files.filter((f) => f.answer?.state === 'answered').length;
      setText(end, s.state === 'ended' ? endWords(s.end, answered) : '');
      end.hidden = s.state !== 'ended';
      end.dataset.reason = s.state === 'ended' ? s.end.reason : '';
      const r = c.fx.resumed;
      setText(resumed, r === null ? '' : r.ok ? t('fx.resumed') : t('fx.resume_failed', { message: r.message ?? '' }));
      resumed.hidden = r === null;
      resumed.classList.toggle('failed', r !== null && !r.ok);
      // One session at a time: Start until it runs, Abort while it does.
      start.hidden = phase === 'active';
      start.disabled = !c.online || phase === 'starting';
      abort.hidden = phase !== 'active';
      abort.disabled = !c.online || isAsking(c.fx, 'session-client-abort');
      logs.disabled = !c.online || isAsking(c.fx, 'logs-send');
      logsSent.hidden = !c.fx.logsSent;
      for (const e of [startError, abortError, logsError]) e.update(c);
    },
  };
}
