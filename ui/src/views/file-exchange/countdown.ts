// How long is left to answer the oldest of the server's files not answered yet, as a
// clock ("04:59 left to answer file-1"), ticking while the view redraws each second;
// warning-coloured in the last minute. Hidden when nothing waits for an answer.
import { el, setText } from '../../dom';
import { t } from '../../i18n';
import { clockText, timeLeft } from '../../state/file-exchange';
import type { Part } from './context';

/** Under this much time left, the countdown turns warning-coloured. */
export const WARN_MS = 60_000;

export function countdown(): Part {
  // role=timer: read when asked, not announced every second.
  const element = el('p', { class: 'file-exchange-countdown', testid: 'file-exchange-countdown', attrs: { role: 'timer' } });
  return {
    element,
    update(c) {
      const left = timeLeft(c.fileExchange, c.limitSecs, c.now);
      element.hidden = left === null;
      if (!left) return;
      const file = left.file.serverFileId;
      setText(element, left.ms > 0 ? t('file_exchange.countdown', { time: clockText(left.ms), file }) : t('file_exchange.countdown_over', { file }));
      element.dataset.serverFileId = file;
      element.dataset.ms = String(left.ms);
      element.classList.toggle('warning', left.ms < WARN_MS);
    },
  };
}
