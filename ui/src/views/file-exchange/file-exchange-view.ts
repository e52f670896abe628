// The "Session files" tab of a file exchange server: the session (state, id, Start,
// Abort, Send logs, the countdown for the oldest unanswered file, why it ended) and the
// server's files, each with my answer. A file dragged from the desktop answers the row it
// is dropped on; while it is dragged, that row is highlighted and the overlay names it.
// Parts are built once and updated, so focus and open previews survive.
import type { App } from '../../app';
import { el, onScreen, setText } from '../../dom';
import { t } from '../../i18n';
import { answerLimitSecs, canAnswer, emptyFileExchange, timeLeft, type FileExchangeFile } from '../../state/file-exchange';
import { emptyRequests } from '../../state/requests';
import type { State } from '../../state/store';
import { registerDropTarget, type DropPoint } from '../files/drop-zone';
import { authBox } from './auth-box';
import { errorSlot, type FileExchangeCtx, type Part } from './context';
import { countdown } from './countdown';
import { fileList } from './file-list';
import { refuse } from '../protocol-request';
import { answerFile } from './answer-file';
import { sessionPanel } from './session-panel';
import { drawSelected } from '../draw-selected';

function ctxOf(state: State, id: string, now: number): FileExchangeCtx {
  const conn = state.conns[id];
  const profile = state.profiles.find((p) => p.id === id) ?? null;
  const protocol = profile?.options.protocol;
  return {
    id,
    profile,
    state: conn?.state ?? null,
    online: conn?.state?.state === 'connected',
    fileExchange: conn?.fileExchange ?? emptyFileExchange(),
    requests: conn?.requests ?? emptyRequests(),
    files: state.files,
    limitSecs: answerLimitSecs(protocol?.kind === 'file_exchange' ? protocol.answer_limit_secs : undefined),
    now,
  };
}

export function fileExchangeView(app: App): HTMLElement {
  let ctx: FileExchangeCtx | null = null;
  const offline = el('p', { class: 'warning-box file-exchange-offline', testid: 'file-exchange-offline', attrs: { role: 'status' } });
  const auth = authBox(app);
  const general = errorSlot('general');
  const clock = countdown();
  const session = sessionPanel(app, clock);
  const list = fileList(app);
  const parts: Part[] = [auth, general, session, list];

  const view = el('section', { class: 'page file-exchange', testid: 'file-exchange-view', attrs: { 'aria-label': t('file_exchange.heading') } }, [
    offline,
    auth.element,
    general.element,
    session.element,
    list.element,
  ]);

  // Another server: its own files.
  drawSelected(app, () => list.reset(), (state, id, now) => {
    const c = ctxOf(state, id, now);
    ctx = c;
    offline.hidden = c.online;
    setText(offline, c.fileExchange.session.state === 'active' ? t('file_exchange.offline_session') : t('file_exchange.offline'));
    for (const part of parts) part.update(c);
    // The countdown ticks on the second (also while another tab is shown, so it is right on coming back).
    return timeLeft(c.fileExchange, c.limitSecs, now) !== null ? 1000 - (now % 1000) + 10 : null;
  });

  // Files dropped on a row answer it, while this tab is on screen (no dialog over it) and the session runs.
  const takesFiles = (): FileExchangeCtx | null =>
    ctx && ctx.online && ctx.fileExchange.session.state === 'active' && onScreen(view) && document.querySelector('dialog[open]') === null ? ctx : null;
  const rowAt = (c: FileExchangeCtx, at: DropPoint | null): FileExchangeFile | null => {
    const id = at ? list.rowAt(at) : null;
    return id === null ? null : (c.fileExchange.files.find((f) => f.serverFileId === id) ?? null);
  };
  registerDropTarget({
    // Over no row the target still takes the drag, to say where to drop.
    label: (at) => {
      const c = takesFiles();
      return c ? (rowAt(c, at)?.serverFileId ?? '') : null;
    },
    words: (label, at) => {
      const row = ctx ? rowAt(ctx, at) : null;
      if (label === '' || !row) return t('file_exchange.drop_on_row');
      if (canAnswer(row)) return t('file_exchange.drop_answer', { file: label });
      return t(row.answer?.state === 'answered' ? 'file_exchange.drop_busy.answered' : 'file_exchange.drop_busy.answering', { file: label });
    },
    hover: (at) => {
      const c = takesFiles();
      list.highlight(c && at ? (rowAt(c, at)?.serverFileId ?? null) : null);
    },
    drop: (paths, at) => {
      const c = takesFiles();
      const row = c ? rowAt(c, at) : null;
      if (!c || !row || !canAnswer(row)) return;
      if (paths.length !== 1) return refuse(app, c.id, { kind: 'send_file', key: row.serverFileId }, t('file_exchange.one_file'));
      void answerFile(app, c.id, row.serverFileId, paths[0]);
    },
  });

  return view;
}
