// The server's files of the session, in the order they came, one row each (kept across
// updates, so focus and open previews stay). Also what the drop target asks of it: the
// row under a point of the window, and a highlight for the row files are dragged over.
import type { App } from '../../app';
import { el, setText } from '../../dom';
import { t } from '../../i18n';
import { errorSlot, type FileExchangeCtx, type Part } from './context';
import { fileRow, type FileExchangeRow } from './file-row';
import type { DropPoint } from '../files/drop-zone';

export interface FileList extends Part {
  /** The server file id of the row at `at` (CSS pixels in the viewport), if any. */
  rowAt(at: DropPoint): string | null;
  /** Highlight the row files are dragged over (null: none). */
  highlight(serverFileId: string | null): void;
  reset(): void;
}

export function fileList(app: App): FileList {
  const rows = new Map<string, FileExchangeRow>();
  let lit: string | null = null;
  const list = el('ul', { class: 'file-exchange-file-list', testid: 'file-exchange-files', attrs: { 'aria-label': t('file_exchange.files') } });
  const empty = el('p', { class: 'muted file-exchange-files-empty' });
  // Errors about a file no row shows (the backend did not say which one).
  const sendError = errorSlot('send_file');
  const repeatError = errorSlot('retry_file');

  const clear = () => {
    for (const r of rows.values()) { r.dispose(); r.element.remove(); }
    rows.clear();
    lit = null;
  };

  return {
    element: el('section', { class: 'card file-exchange-files', attrs: { 'aria-label': t('file_exchange.files') } }, [
      el('h3', { text: t('file_exchange.files') }),
      el('p', { class: 'hint', text: t('file_exchange.files_hint') }),
      sendError.element,
      repeatError.element,
      list,
      empty,
    ]),
    update(c: FileExchangeCtx) {
      const files = c.fileExchange.files;
      const ids = new Set(files.map((f) => f.serverFileId));
      for (const [id, r] of rows) if (!ids.has(id)) { r.dispose(); r.element.remove(); rows.delete(id); }
      files.forEach((f, i) => {
        let r = rows.get(f.serverFileId);
        if (!r) rows.set(f.serverFileId, (r = fileRow(app, f.serverFileId)));
        // Move only what is out of place: moving a node drops its focus.
        if (list.children[i] !== r.element) list.insertBefore(r.element, list.children[i] ?? null);
        r.update(f, c);
      });
      if (lit !== null && !rows.has(lit)) lit = null;
      list.hidden = files.length === 0;
      empty.hidden = files.length > 0;
      setText(empty, c.fileExchange.session.state === 'active' ? t('file_exchange.files_waiting') : t('file_exchange.files_empty'));
      sendError.update(c);
      repeatError.update(c);
    },
    rowAt(at) {
      if (typeof document.elementFromPoint !== 'function') return null;
      const hit = document.elementFromPoint(at.x, at.y);
      const row = hit?.closest<HTMLElement>('[data-testid="file-exchange-file"]');
      return row && list.contains(row) ? (row.dataset.serverFileId ?? null) : null;
    },
    highlight(serverFileId) {
      if (serverFileId === lit) return;
      if (lit !== null) rows.get(lit)?.setDropHover(false);
      lit = serverFileId;
      if (lit !== null) rows.get(lit)?.setDropHover(true);
    },
    reset: clear,
  };
}
