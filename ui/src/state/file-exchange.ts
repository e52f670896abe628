// File exchange sessions of one connection (PROTOCOLS.md section 3), as pure functions:
// the session (none, active, ended, or lost with its connection), the server's files in
// the order they came, each with its received file and my answer, whether a dropped
// connection was resumed, what the server said about the token, and the server's last
// error that answered no request (requests and their refusals: requests.ts).
import type { ConnState } from '../bindings/ConnState';
import type { FileExchangeUpdate } from '../bindings/FileExchangeUpdate';
import type { FileInfo } from '../bindings/FileInfo';
import type { SessionEnd } from '../bindings/SessionEnd';
import { isValidTime } from '../lib/format';

/** How long the server waits for an answer when the server's settings do not say. */
export const DEFAULT_ANSWER_LIMIT_SECS = 300;

export type AnswerStep = 'answering' | 'answered' | 'failed';
/** Where a server file stands: received and not answered yet, or its answer's step. */
export type AnswerWords = 'received' | AnswerStep;

export interface FileExchangeAnswer {
  /** My sent file. */
  fileId: string;
  state: AnswerStep;
  reason?: string;
}

export interface FileExchangeFile {
  /** The server's id of the file (also its name). */
  serverFileId: string;
  /** The received file (the backend's id). */
  fileId: string;
  /** When it first arrived (ms since the epoch): its answer time starts then. */
  since: number;
  /** How many times it came again, asked for with Retry. */
  repeats: number;
  answer: FileExchangeAnswer | null;
}

export type FileExchangeSession =
  | { state: 'none' }
  | { state: 'active'; id: string }
  | { state: 'ended'; id: string | null; end: SessionEnd }
  /** The connection closed for good while it ran: the backend cannot resume it. */
  | { state: 'lost'; id: string };

/** The session in words for the view ("starting" while a start is open). */
export type FileExchangePhase = 'none' | 'starting' | 'active' | 'ended' | 'lost';

export interface FileExchange {
  session: FileExchangeSession;
  /** The server's files in the order they first came. */
  files: FileExchangeFile[];
  /** After a dropped connection: whether the server took the session back. */
  resumed: { ok: boolean; message: string | null } | null;
  /** The server refused the token. */
  authError: string | null;
  /** The server confirmed the log lines. */
  logsSent: boolean;
  /** The server's last error that answered no request of ours (shown at the top of the view). */
  error: string | null;
}

export const emptyFileExchange = (): FileExchange => ({
  session: { state: 'none' },
  files: [],
  resumed: null,
  authError: null,
  logsSent: false,
  error: null,
});

function withFile(s: FileExchange, serverFileId: string, f: (file: FileExchangeFile) => FileExchangeFile): FileExchange {
  const i = s.files.findIndex((x) => x.serverFileId === serverFileId);
  if (i < 0) return s;
  const next = f(s.files[i]);
  return next === s.files[i] ? s : { ...s, files: s.files.map((x, k) => (k === i ? next : x)) };
}

const sessionId = (s: FileExchangeSession): string | null => (s.state === 'none' ? null : s.id);

/** A `file_exchange` update for this connection. */
export function applyFileExchangeUpdate(s: FileExchange, u: FileExchangeUpdate): FileExchange {
  switch (u.type) {
    case 'auth_error':
      return { ...s, authError: u.message };
    case 'started':
      // A new session: its own files; the last one's notices are moot.
      return { ...emptyFileExchange(), session: { state: 'active', id: u.session_id }, authError: s.authError, error: s.error };
    case 'resumed': {
      const resumed = { ok: u.resumed, message: u.message ?? null };
      const session: FileExchangeSession = u.resumed ? { state: 'active', id: u.session_id || (sessionId(s.session) ?? '') } : s.session;
      return { ...s, resumed, session };
    }
    case 'file_available': {
      const known = s.files.find((f) => f.serverFileId === u.server_file_id);
      if (!known) {
        const file: FileExchangeFile = { serverFileId: u.server_file_id, fileId: u.file_id, since: u.since, repeats: 0, answer: null };
        return { ...s, files: [...s.files, file] };
      }
      return withFile(s, u.server_file_id, (f) =>
        f.fileId === u.file_id ? { ...f, repeats: f.repeats + (u.repeat ? 1 : 0) } : { ...f, fileId: u.file_id, since: u.since, answer: null },
      );
    }
    case 'answer': {
      const answer: FileExchangeAnswer = u.state === 'failed' ? { fileId: u.file_id, state: 'failed', reason: u.reason } : { fileId: u.file_id, state: u.state };
      return withFile(s, u.server_file_id, (f) => ({ ...f, answer }));
    }
    case 'ended':
      return { ...s, session: { state: 'ended', id: sessionId(s.session), end: u.end } };
    case 'logs_sent':
      return { ...s, logsSent: true };
    case 'error':
      return { ...s, error: u.message };
    default:
      return s; // an update kind this window does not know yet
  }
}

/**
 * My file sent for one of the server's files is its answer from the moment it is read:
 * the row says "answering" before the server hears of it, and "failed" when reading or
 * sending fails. A new answer may replace a failed one, never an answered one.
 */
export function applyFileExchangeFile(s: FileExchange, file: FileInfo): FileExchange {
  if (file.direction !== 'sent') return s;
  return withFile(s, file.target, (f) => {
    const a = f.answer;
    if (a?.state === 'answered') return f;
    const mine = a !== null && a.fileId === file.file_id;
    const replaces = a === null || (a.state === 'failed' && file.state === 'reading');
    if (!mine && !replaces) return f;
    switch (file.state) {
      case 'reading':
      case 'sending':
        return a?.state === 'answering' && mine ? f : { ...f, answer: { fileId: file.file_id, state: 'answering' } };
      case 'failed':
        return { ...f, answer: { fileId: file.file_id, state: 'failed', reason: file.reason } };
      case 'cancelled':
        return mine || a === null ? { ...f, answer: null } : f;
      default:
        return f; // sent: the server's word ("answered") comes as an `answer` update
    }
  });
}

/**
 * The connection's state changed. A reconnect keeps the session (the backend resumes
 * it by itself); a connection closed for good takes it along, and no open request will
 * be answered. A new connection asks the token anew.
 */
export function fileExchangeConnection(s: FileExchange, cs: ConnState): FileExchange {
  switch (cs.state) {
    case 'connected':
      return s.authError === null ? s : { ...s, authError: null };
    case 'disconnected': {
      const session: FileExchangeSession = s.session.state === 'active' ? { state: 'lost', id: s.session.id } : s.session;
      return { ...s, session, resumed: null };
    }
    case 'reconnecting':
      return s.resumed === null ? s : { ...s, resumed: null };
    default:
      return s;
  }
}

/** The window sent a request of `kind` (requests.ts): a new start forgets the last resume, new logs are not sent yet. */
export function fileExchangeAsked(s: FileExchange, kind: string): FileExchange {
  if (kind === 'send_logs') return s.logsSent ? { ...s, logsSent: false } : s;
  if (kind === 'start') return s.resumed === null ? s : { ...s, resumed: null };
  return s;
}

/** The session in words; `starting`: a start is open. */
export function fileExchangePhase(s: FileExchange, starting: boolean): FileExchangePhase {
  if (s.session.state === 'active') return 'active';
  if (starting) return 'starting';
  return s.session.state;
}

export const answerWords = (f: FileExchangeFile): AnswerWords => f.answer?.state ?? 'received';

/** A file can be answered (again): not answered, and no answer on its way. */
export const canAnswer = (f: FileExchangeFile): boolean => f.answer === null || f.answer.state === 'failed';

/**
 * The oldest of the server's files with no confirmed answer: the one the server's clock runs for.
 * A file that arrived at no time a Date holds (NaN, infinite, too far off) has no place in that order.
 */
export function oldestOpen(s: FileExchange): FileExchangeFile | null {
  let oldest: FileExchangeFile | null = null;
  for (const f of s.files) {
    if (f.answer?.state === 'answered' || !isValidTime(f.since)) continue;
    if (oldest === null || f.since < oldest.since) oldest = f;
  }
  return oldest;
}

/** The answer limit of a server: its setting when it is a positive number, else the default. */
export const answerLimitSecs = (setting: number | undefined): number =>
  setting !== undefined && Number.isFinite(setting) && setting > 0 ? setting : DEFAULT_ANSWER_LIMIT_SECS;

/** How long is left to answer the oldest open file (ms, never below 0); null when nothing waits. */
export function timeLeft(s: FileExchange, limitSecs: number, now: number): { file: FileExchangeFile; ms: number } | null {
  if (s.session.state !== 'active') return null;
  const file = oldestOpen(s);
  if (!file) return null;
  return { file, ms: Math.max(0, file.since + limitSecs * 1000 - now) };
}

/** Milliseconds left as a clock: "04:59", "00:00", "1:02:03" past an hour (whole seconds, rounded up). */
export function clockText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(sec)}` : `${two(m)}:${two(sec)}`;
}

/** The longest answer limit the server form takes: a day. */
export const MAX_ANSWER_LIMIT_SECS = 86_400;

/** Seconds as the person types them into a server's "Answer time limit" field; null: the default. */
export function parseAnswerLimit(text: string): { ok: true; secs: number | null } | { ok: false } {
  const s = text.trim();
  if (s === '') return { ok: true, secs: null };
  if (!/^\d+$/.test(s)) return { ok: false };
  const secs = Number(s);
  return secs >= 1 && secs <= MAX_ANSWER_LIMIT_SECS ? { ok: true, secs } : { ok: false };
}
