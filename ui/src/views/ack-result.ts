// Beside the emit form: the answer to the last emit sent with `ack`, or that none came
// in time, read from the store's pending acks as `ack` / `ack_timeout` updates arrive.
import type { App } from '../app';
import { el, frameScheduler, setText } from '../dom';
import { t } from '../i18n';
import { previewArgs } from '../lib/format';

export interface AckResult {
  element: HTMLElement;
  /** Follow the answer to this emit from now on. */
  track(id: string, emitId: number): void;
  /** Show a plain message instead (and stop following). */
  say(text: string): void;
}

export function ackResult(app: App): AckResult {
  const element = el('div', { class: 'ack-result one-line', testid: 'ack-result', attrs: { role: 'status', 'aria-live': 'polite' } });
  let tracked: { id: string; emitId: number } | null = null;

  const show = (text: string, status: string) => {
    setText(element, text);
    element.title = text;
    element.dataset.status = status;
  };

  const render = frameScheduler(() => {
    if (!tracked) return;
    const state = app.store.get();
    if (tracked.id !== state.selected) return show('', '');
    const a = state.conns[tracked.id]?.acks[tracked.emitId];
    if (!a) return;
    if (a.status === 'waiting') show(t('emit.ack_waiting'), a.status);
    else if (a.status === 'answered') show(t('emit.ack_answer', { args: previewArgs(a.args) }), a.status);
    else show(t('emit.ack_timeout', { ms: a.timeout_ms }), a.status);
  });
  app.store.subscribe(render);

  return {
    element,
    track(id, emitId) {
      tracked = { id, emitId };
      render();
    },
    say(text) {
      tracked = null;
      show(text, '');
    },
  };
}
