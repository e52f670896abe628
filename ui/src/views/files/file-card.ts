// One file, drawn the same wherever it appears (a chat bubble of The Space, the list of
// files on their way, a file-exchange view): its name as text, size in words, who sent
// it and when, where it stands; a progress bar while it is read and while it streams out
// (only when that takes a moment, so quick files do not flicker); Cancel while reading, Retry when it failed
// (with the reason), and for a received file Save, Open (once saved) and Preview (text);
// its SHA-256 on demand with Copy. What is open (preview, checksum) is remembered per file,
// so a card scrolled out of a long chat and back looks the same.
import type { Action } from '../../bindings/Action';
import type { FileInfo } from '../../bindings/FileInfo';
import type { App } from '../../app';
import { el, later, setText } from '../../dom';
import { errorText } from '../../errors';
import { t } from '../../i18n';
import { offersOf, progressOf, type FilePreview } from '../../state/files';
import { localStamp, visibleFileName } from '../../lib/format';
import { icon } from '../icons';
import { chooseSavePath } from './file-dialogs';
import { sizeText, stateText } from './file-words';
import { previewBox } from './preview-box';
import { shaBox } from './sha-box';

/** Reading shorter than this shows no progress bar at all. */
export const PROGRESS_DELAY_MS = 250;

export interface FileCardOptions {
  /** The protocol can ask for a received file again, so a failed one offers Retry. */
  retryReceived?: boolean;
  /** Say who sent it and when (off in a chat bubble, which says so itself). */
  meta?: boolean;
  /** Offer Dismiss once it failed or was cancelled (in a list of files on their way). */
  dismiss?: boolean;
  /** Dismiss was pressed. */
  onDismiss?: () => void;
}

export interface FileCard {
  element: HTMLElement;
  update(file: FileInfo | undefined, preview: FilePreview | undefined, now: number): void;
  /** The card is gone: stop its timer. */
  dispose(): void;
}

interface Memory {
  sha: boolean;
  preview: boolean;
  /** The last refusal of one of its actions (a save that failed…), in words. */
  error: string;
  /** When it was first seen with progress (ms; reading or streaming out), for the bar's delay. */
  progressSince: number | null;
}

const memories = new Map<string, Memory>();
function memoryOf(fileId: string): Memory {
  let m = memories.get(fileId);
  if (!m) memories.set(fileId, (m = { sha: false, preview: false, error: '', progressSince: null }));
  return m;
}

const button = (testid: string, label: string, onClick: () => void, cls = 'small') =>
  el('button', { class: cls, testid, text: label, attrs: { type: 'button' }, on: { click: onClick } });

export function fileCard(app: App, fileId: string, opts: FileCardOptions = {}): FileCard {
  const mem = memoryOf(fileId);
  let file: FileInfo | undefined;
  let preview: FilePreview | undefined;
  let now = Date.now();
  let timer: (() => void) | undefined;

  const act = async (action: Action) => {
    mem.error = '';
    draw();
    const error = await app.send(action);
    if (error) mem.error = errorText(error);
    draw();
  };

  const name = el('p', { class: 'file-name one-line', testid: 'file-name' });
  const meta = el('p', { class: 'file-meta hint' });
  const bar = el('progress', { class: 'file-progress', testid: 'file-progress', attrs: { max: 1 } });
  const reason = el('p', { class: 'file-reason', testid: 'file-reason' });
  const saved = el('p', { class: 'hint file-saved one-line', testid: 'file-saved' });
  const error = el('p', { class: 'field-error file-error', attrs: { role: 'alert' } });
  const pv = previewBox();
  const sha = shaBox();

  const cancel = button('file-cancel', t('files.cancel'), () => void act({ type: 'cancel_file', file_id: fileId }));
  const retry = button('file-retry', t('files.retry'), () => void act({ type: 'retry_file', file_id: fileId }));
  const save = button('file-save', t('files.save'), async () => {
    if (!file) return;
    const path = await chooseSavePath(file.name);
    if (path !== null) await act({ type: 'save_file', file_id: fileId, path });
  });
  const open = button('file-open', t('files.open'), () => void act({ type: 'open_file', file_id: fileId }));
  const previewToggle = button('file-preview', t('files.preview'), () => {
    mem.preview = !mem.preview;
    if (mem.preview && preview === undefined) void act({ type: 'preview_file', file_id: fileId });
    draw();
  });
  const shaToggle = button('file-sha', t('files.sha'), () => {
    mem.sha = !mem.sha;
    draw();
  });
  shaToggle.title = t('files.sha_hint');
  const dismiss = button('file-dismiss', t('files.dismiss'), () => opts.onDismiss?.());
  previewToggle.setAttribute('aria-controls', pv.element.id);
  shaToggle.setAttribute('aria-controls', sha.element.id);

  const element = el('div', { class: 'file-card', testid: 'file-card', attrs: { role: 'group', 'data-file-id': fileId } }, [
    el('div', { class: 'file-head' }, [
      el('span', { class: 'file-icon', attrs: { 'aria-hidden': 'true' } }, [icon('file')]),
      el('div', { class: 'file-text' }, [name, meta]),
    ]),
    bar,
    reason,
    saved,
    el('div', { class: 'file-actions' }, [cancel, retry, save, open, previewToggle, shaToggle, dismiss]),
    error,
    pv.element,
    sha.element,
  ]);

  /** The bar shows once reading or sending has gone on for a moment; until then a timer waits for it. */
  function drawProgress(f: FileInfo) {
    timer?.();
    const p = progressOf(f);
    if (p === null) {
      mem.progressSince = null;
      bar.hidden = true;
      return;
    }
    const at = Date.now();
    mem.progressSince ??= at;
    const wait = mem.progressSince + PROGRESS_DELAY_MS - at;
    bar.hidden = wait > 0;
    if (wait > 0) timer = later(draw, wait);
    bar.value = p;
    bar.setAttribute('aria-label', t('files.progress', { name: visibleFileName(f.name) }));
    bar.setAttribute('aria-valuetext', stateText(f, true));
  }

  function draw() {
    const f = file;
    element.dataset.state = f?.state ?? 'unknown';
    setText(error, mem.error);
    if (!f) {
      setText(name, '');
      setText(meta, t('files.state.unknown'));
      for (const node of [bar, reason, saved, cancel, retry, save, open, previewToggle, shaToggle, dismiss, pv.element, sha.element]) node.hidden = true;
      return;
    }
    element.dataset.direction = f.direction;
    element.setAttribute('aria-label', t('files.card', { name: visibleFileName(f.name) }));
    setText(name, visibleFileName(f.name));
    name.title = visibleFileName(f.name);
    drawProgress(f);

    const parts = [sizeText(f.size)];
    if (opts.meta !== false && f.sender) parts.push(t('files.from', { name: f.sender }));
    if (opts.meta !== false && f.time !== undefined) parts.push(localStamp(f.time, now));
    if (f.state !== 'failed') parts.push(stateText(f, !bar.hidden));
    setText(meta, parts.reduce((a, b) => t('files.meta', { a, b })));

    const failed = f.state === 'failed' ? f.reason : null;
    const offers = offersOf(f, opts.retryReceived ?? false);
    reason.hidden = failed === null;
    const askAgain = failed !== null && f.direction === 'received' && !offers.retry;
    setText(reason, failed === null ? '' : t('files.failed_reason', { reason: failed }) + (askAgain ? ` ${t('files.ask_again')}` : ''));
    saved.hidden = !f.saved_path;
    setText(saved, f.saved_path ? t('files.saved_to', { path: f.saved_path }) : '');
    saved.title = f.saved_path ?? '';

    cancel.hidden = !offers.cancel;
    retry.hidden = !offers.retry;
    save.hidden = !offers.save;
    save.setAttribute('aria-label', t('files.save_named', { name: visibleFileName(f.name) }));
    open.hidden = !offers.open;
    open.disabled = !offers.openable;
    open.title = offers.openable ? '' : t('files.open_hint');
    previewToggle.hidden = !offers.preview;
    previewToggle.setAttribute('aria-expanded', String(mem.preview && offers.preview));
    // The checksum is known once the bytes are (read, or received).
    shaToggle.hidden = !f.sha256;
    shaToggle.setAttribute('aria-expanded', String(mem.sha && !!f.sha256));
    const dismissable = opts.dismiss === true && (f.state === 'failed' || f.state === 'cancelled');
    dismiss.hidden = !dismissable;
    dismiss.setAttribute('aria-label', t('files.dismiss_named', { name: visibleFileName(f.name) }));

    pv.element.hidden = !(mem.preview && offers.preview);
    if (!pv.element.hidden) pv.update(preview, f.name);
    sha.element.hidden = !(mem.sha && f.sha256);
    sha.update(f.sha256);
  }

  return {
    element,
    update(f, p, at) {
      file = f;
      preview = p;
      now = at;
      draw();
    },
    dispose() {
      timer?.();
    },
  };
}
