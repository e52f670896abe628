// One row of a room's chat: a day separator when the day changes, then the bubble (mine
// on the right, others' on the left) with who wrote it and when, a mark for my own
// (pending: a clock, delivered: a check, not sent: the reason and Retry), and the text
// or the file (through the shared file card). Everything from the network is set as text.
import type { App } from '../../app';
import type { ChatEntry } from '../../bindings/ChatEntry';
import { el, replace, setText } from '../../dom';
import { t } from '../../i18n';
import type { Files } from '../../state/files';
import { isoTime, localTime } from '../../lib/format';
import { fileCard, type FileCard } from '../files/file-card';
import { icon } from '../icons';

export interface MessageRow {
  element: HTMLElement;
  /** Draw `entry` (again, when it or its day separator changed) and its file's news. */
  set(entry: ChatEntry, day: string | null, files: Files, now: number): void;
  dispose(): void;
}

function mark(entry: ChatEntry): HTMLElement | null {
  if (!entry.mine || entry.status === 'received') return null;
  const [name, words] =
    entry.status === 'pending' ? (['clock', t('space.status.pending')] as const)
    : entry.status === 'confirmed' ? (['check', t('space.status.confirmed')] as const)
    : (['alert', t('space.status.failed')] as const);
  return el('span', { class: `space-mark ${entry.status}`, testid: 'space-mark', attrs: { title: words } }, [
    icon(name),
    el('span', { class: 'visually-hidden', text: words }),
  ]);
}

export function messageRow(app: App, onRetry: (entry: ChatEntry) => void): MessageRow {
  let drawn: ChatEntry | null = null;
  let drawnDay: string | null = null;
  let card: FileCard | null = null;
  let cardFile: string | null = null;
  let shownFile: unknown;
  let shownPreview: unknown;
  let shownCard: FileCard | null = null;

  const day = el('div', { class: 'space-day', attrs: { role: 'separator' } }, [el('span')]);
  const author = el('span', { class: 'space-author one-line' });
  const time = el('time', { class: 'space-time' });
  const markBox = el('span', { class: 'space-mark-box' });
  const body = el('div', { class: 'space-body' });
  const reason = el('span', { class: 'space-reason' });
  const retry = el('button', {
    class: 'small',
    testid: 'space-retry',
    text: t('space.retry'),
    attrs: { type: 'button' },
    on: { click: () => drawn && onRetry(drawn) },
  });
  const failed = el('p', { class: 'space-failed', attrs: { role: 'status' } }, [reason, retry]);
  const bubble = el('div', { class: 'space-bubble' }, [
    el('p', { class: 'space-meta' }, [author, time, markBox]),
    body,
    failed,
  ]);
  const element = el('div', { class: 'space-row', testid: 'space-message' }, [day, bubble]);

  const drawEntry = (e: ChatEntry, dayWords: string | null) => {
    element.dataset.key = e.key;
    element.dataset.status = e.status;
    element.dataset.mine = String(e.mine);
    element.classList.toggle('mine', e.mine);
    day.hidden = dayWords === null;
    setText(day.firstChild as HTMLElement, dayWords ?? '');
    setText(author, e.mine ? t('space.me') : e.username || t('space.someone'));
    author.title = e.username;
    time.hidden = e.time === undefined;
    setText(time, e.time === undefined ? '' : localTime(e.time));
    // A time no calendar holds has no machine-readable form: the text says it is invalid.
    const iso = e.time === undefined ? null : isoTime(e.time);
    if (iso === null) time.removeAttribute('datetime');
    else time.dateTime = iso;
    replace(markBox, [mark(e)]);
    const isFailed = e.status === 'failed';
    failed.hidden = !isFailed;
    setText(reason, isFailed ? t('space.failed_reason', { reason: e.reason }) : '');
    // A file is sent again with its own Retry, on the card.
    retry.hidden = !isFailed || e.body.kind !== 'text';

    if (e.body.kind === 'text') {
      card?.dispose();
      card = null;
      cardFile = null;
      if (!(body.firstChild instanceof HTMLParagraphElement)) replace(body, [el('p', { class: 'space-text', testid: 'space-text' })]);
      setText(body.firstChild as HTMLElement, e.body.text);
    } else if (cardFile !== e.body.file_id) {
      card?.dispose();
      cardFile = e.body.file_id;
      card = fileCard(app, cardFile, { meta: false });
      replace(body, [card.element]);
    }
  };

  return {
    element,
    set(entry, dayWords, files, now) {
      if (entry !== drawn || dayWords !== drawnDay) {
        drawEntry(entry, dayWords);
        drawn = entry;
        drawnDay = dayWords;
      }
      if (card && cardFile !== null) {
        const file = files.byId[cardFile];
        const preview = files.previews[cardFile];
        // Only its own news redraws a card (a long chat has many, a progress update one).
        if (file !== shownFile || preview !== shownPreview || card !== shownCard) {
          card.update(file, preview, now);
          [shownFile, shownPreview, shownCard] = [file, preview, card];
        }
      }
    },
    dispose() {
      card?.dispose();
    },
  };
}
