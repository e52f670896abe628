// One of the server's files and my answer to it: its id, where it stands (not answered,
// answering, answered, answer failed), the received file through the shared file card
// (Save, Open, Preview, SHA-256; Retry asks the server again when it failed), my answer
// through the same card (its Retry sends it again when it failed), "Answer…" to choose
// the answer file, "Ask again" for the server to send this file once more, and the errors
// of those requests. A row is also where files dropped from the desktop answer it.
import type { App } from '../../app';
import type { FileInfo } from '../../bindings/FileInfo';
import { el, newId, replace, setText } from '../../dom';
import { t, tn } from '../../i18n';
import { answerWords, canAnswer, type FileExchangeFile } from '../../state/file-exchange';
import { isAsking } from '../../state/requests';
import { offersOf, type FilePreview } from '../../state/files';
import { localStamp } from '../../lib/format';
import { fileCard, type FileCard, type FileCardOptions } from '../files/file-card';
import { chooseFile } from '../files/file-dialogs';
import { errorSlot, type FileExchangeCtx } from './context';
import { answerFile, repeatFile } from './answer-file';

export interface FileExchangeRow {
  element: HTMLLIElement;
  update(file: FileExchangeFile, ctx: FileExchangeCtx): void;
  /** Files are dragged over this row (it would take them). */
  setDropHover(on: boolean): void;
  dispose(): void;
}

/** A file card that redraws only on its own file's news. */
interface Slot {
  card: FileCard;
  fileId: string;
  drawn: [FileInfo | undefined, FilePreview | undefined, number] | null;
}

function drawCard(slot: Slot, ctx: FileExchangeCtx): void {
  const file = ctx.files.byId[slot.fileId];
  const preview = ctx.files.previews[slot.fileId];
  // The "today" of the card's time changes at most once a minute.
  const minute = Math.floor(ctx.now / 60_000);
  const d = slot.drawn;
  if (d && d[0] === file && d[1] === preview && d[2] === minute) return;
  slot.card.update(file, preview, ctx.now);
  slot.drawn = [file, preview, minute];
}

export function fileRow(app: App, serverFileId: string): FileExchangeRow {
  let ctx: FileExchangeCtx | null = null;
  let row: FileExchangeFile | null = null;
  let received: Slot | null = null;
  let answer: Slot | null = null;

  const nameId = newId('file-exchange-file-name');
  const name = el('h4', { class: 'file-exchange-file-name one-line', text: serverFileId, attrs: { id: nameId, title: serverFileId } });
  const tag = el('span', { class: 'tag file-exchange-answer-state', testid: 'file-exchange-answer-state' });
  const meta = el('p', { class: 'hint file-exchange-file-meta' });
  const receivedBox = el('div', { class: 'file-exchange-card-slot' });
  const answerBox = el('div', { class: 'file-exchange-card-slot' });
  const noAnswer = el('p', { class: 'muted file-exchange-no-answer', text: t('file_exchange.no_answer') });

  const withRow = (f: (c: FileExchangeCtx, r: FileExchangeFile) => void) => () => ctx && row && f(ctx, row);
  const answerButton = el('button', {
    class: 'primary small',
    testid: 'file-exchange-answer',
    text: t('file_exchange.answer'),
    attrs: { type: 'button', 'aria-label': t('file_exchange.answer_named', { file: serverFileId }) },
    on: {
      click: withRow(async (c, r) => {
        const id = c.id;
        const path = await chooseFile(t('file_exchange.answer_choose', { file: r.serverFileId }));
        if (path !== null) await answerFile(app, id, r.serverFileId, path);
      }),
    },
  });
  const repeat = el('button', {
    class: 'small',
    testid: 'file-exchange-repeat',
    text: t('file_exchange.repeat'),
    attrs: { type: 'button', 'aria-label': t('file_exchange.repeat_named', { file: serverFileId }), title: t('file_exchange.repeat_hint') },
    on: { click: withRow((c, r) => void repeatFile(app, c.id, r)) },
  });
  const repeatError = errorSlot('retry_file', [repeat], serverFileId);
  const sendError = errorSlot('send_file', [answerButton], serverFileId);

  const element = el(
    'li',
    { class: 'file-exchange-file', testid: 'file-exchange-file', attrs: { 'data-server-file-id': serverFileId, 'aria-labelledby': nameId } },
    [
      el('div', { class: 'file-exchange-file-head' }, [name, tag, meta]),
      el('div', { class: 'file-exchange-file-body' }, [
        el('section', { class: 'file-exchange-side', testid: 'file-exchange-received-file', attrs: { 'aria-label': t('file_exchange.received') } }, [
          el('h5', { text: t('file_exchange.received') }),
          receivedBox,
        ]),
        el('section', { class: 'file-exchange-side', testid: 'file-exchange-answer-file', attrs: { 'aria-label': t('file_exchange.your_answer') } }, [
          el('h5', { text: t('file_exchange.your_answer') }),
          answerBox,
          noAnswer,
        ]),
      ]),
      el('div', { class: 'control-row file-exchange-file-actions' }, [answerButton, repeat]),
      repeatError.element,
      sendError.element,
    ],
  );

  /** The card in `box` for `fileId`, built anew when the file changes. */
  const slotFor = (slot: Slot | null, box: HTMLElement, fileId: string | null, opts: FileCardOptions): Slot | null => {
    if (slot && slot.fileId === fileId) return slot;
    slot?.card.dispose();
    if (fileId === null) {
      replace(box, []);
      return null;
    }
    const card = fileCard(app, fileId, opts);
    replace(box, [card.element]);
    return { card, fileId, drawn: null };
  };

  return {
    element,
    update(f, c) {
      ctx = c;
      row = f;
      const words = answerWords(f);
      element.dataset.answerState = words;
      setText(tag, t(`file_exchange.answer_state.${words}`));
      const parts = [t('file_exchange.arrived', { time: localStamp(f.since, c.now) })];
      if (f.repeats > 0) parts.push(tn('file_exchange.repeats', f.repeats));
      setText(meta, parts.join(' · '));

      // The server can send its file again, so a received one that failed offers Retry.
      received = slotFor(received, receivedBox, f.fileId, { retryReceived: true });
      // My answer's time says nothing the row does not.
      answer = slotFor(answer, answerBox, f.answer?.fileId ?? null, { meta: false });
      if (received) drawCard(received, c);
      if (answer) drawCard(answer, c);
      noAnswer.hidden = answer !== null;

      const active = c.online && c.fileExchange.session.state === 'active';
      answerButton.hidden = !canAnswer(f) || c.fileExchange.session.state !== 'active';
      answerButton.disabled = !active;
      // A received file that failed offers Retry on its card; otherwise "Ask again" does the same.
      const file = c.files.byId[f.fileId];
      const cardRetries = file !== undefined && offersOf(file, true).retry;
      repeat.hidden = c.fileExchange.session.state !== 'active' || cardRetries;
      repeat.disabled = !c.online || isAsking(c.requests, 'retry_file', f.serverFileId);
      repeatError.update(c);
      sendError.update(c);
    },
    setDropHover(on) {
      element.classList.toggle('drop-here', on);
    },
    dispose() {
      received?.card.dispose();
      answer?.card.dispose();
    },
  };
}
