// The window's one state: a pure reducer fed by the backend's update batches and by
// the window's own inputs (prefixed `ui/`), plus a tiny subscribe/notify store.
import type { Action } from '../bindings/Action';
import type { ConnState } from '../bindings/ConnState';
import type { DormUpdate } from '../bindings/DormUpdate';
import type { FileExchangeUpdate } from '../bindings/FileExchangeUpdate';
import type { FileInfo } from '../bindings/FileInfo';
import type { Profile } from '../bindings/Profile';
import type { SavedMessage } from '../bindings/SavedMessage';
import type { Update } from '../bindings/Update';
import type { AppError } from '../errors';
import { applyDormUpdate, emptyDorm, resetDorm, type Dorm } from './dorm';
import type { CertOffer } from '../lib/certificate';
import { connectionLost, emptyReplies, replied, type Replies } from './ack-reply';
import { append, appendMany, clearLog, emptyLog, eventBySeq, type EventLog } from './event-log';
import type { HistoryQuery } from '../bindings/HistoryQuery';
import {
  answered as historyAnswered,
  asked as historyAsked,
  cleared as historyCleared,
  emptyHistory,
  failed as historyFailed,
  searchClosed,
  type ConnHistory,
  type HistoryListName,
} from './history';
import {
  applyFileExchangeFile,
  applyFileExchangeUpdate,
  emptyFileExchange,
  fileExchangeAsked,
  fileExchangeConnection,
  type FileExchange,
} from './file-exchange';
import { applySaved, emptySaved, keepServers, type EmitDraft, type SavedBy, type SetupNote } from './saved-messages';
import { applyFile, applyPreview, dismissFile, emptyFiles, type Files } from './files';
import {
  answered,
  asked,
  dropPending,
  emptyRequests,
  forget,
  latestOf,
  refusedAtOnce,
  requestOf,
  type Request,
  type Requests,
} from './requests';
import {
  applySessionUpdate,
  emptySession,
  resetSession,
  sessionAsked,
  simConnection,
  simOf,
  simRemoved,
  simUpdate,
  type SessionHost,
} from './session-host';
import {
  applySpaceUpdate,
  emptySpace,
  forgetRoom,
  resetSpace,
  showRoom,
  spaceJoinEnded,
  spaceJoining,
  type Space,
} from './space';

export const EVENT_CAP = 50_000;
const ERROR_CAP = 50;
const ACK_CAP = 200;

export type Ack =
  | { status: 'waiting'; event: string; timeout_ms: number }
  | { status: 'answered'; event: string | null; args: unknown[] }
  | { status: 'timed_out'; event: string | null; timeout_ms: number };

/** The last export (where, how many rows) or clear of a server's history. */
export type HistoryNote = { kind: 'exported'; path: string; rows: number } | { kind: 'cleared' };

/** An emit sent with an ack and its answer (or timeout) in the live log, by seq. */
export interface EmitLink {
  emit?: number;
  answer?: number;
}

export interface Conn {
  /** Null until the backend reports a state (never connected in this session). */
  state: ConnState | null;
  log: EventLog;
  /** By emit_id, only for emits sent with `ack`. */
  acks: Record<number, Ack>;
  /** The server's ack requests: which were answered, which can no longer be. */
  replies: Replies;
  lastError: AppError | null;
  /** The window's requests of this connection (any protocol): open, answered, refused. */
  requests: Requests;
  /** Session-host state (empty unless the connection speaks that protocol). */
  session: SessionHost;
  /** Dorm-room state (empty unless the connection speaks that protocol). */
  dorm: Dorm;
  /** The Space state (empty unless the connection speaks that protocol). */
  space: Space;
  /** File exchange state (empty unless the connection speaks that protocol). */
  fileExchange: FileExchange;
  /** A certificate the system did not trust, waiting for the person to accept it or not. */
  cert: CertOffer | null;
  /** By emit_id: the live rows of an emit sent with an ack and of its answer. */
  emits: Record<number, EmitLink>;
  /** The saved history shown in the console: earlier sessions, a search. */
  history: ConnHistory;
  /** What became of the last export or clear of the history. */
  historyNote: HistoryNote | null;
}

export interface ErrorEntry {
  key: number;
  id: string | null;
  error: AppError;
  /** How many times this same error came (repeats are counted, not listed). */
  count: number;
}

export interface State {
  profiles: Profile[];
  profilesLoaded: boolean;
  conns: Record<string, Conn>;
  /** Whether a token is stored, per profile id (absent: not asked yet). */
  tokens: Record<string, boolean>;
  errors: ErrorEntry[];
  nextErrorKey: number;
  /** The profile (= connection id) shown in the main area. */
  selected: string | null;
  cap: number;
  /** Files sent and received, of every connection, by file id. */
  files: Files;
  /** Each server's saved messages (absent: not asked for yet). */
  saved: SavedBy;
  /** What the emit form was last asked to load (a saved message, an event of the log). */
  draft: EmitDraft | null;
  /** The last setup export or import. */
  setup: SetupNote | null;
}

/** What the window itself adds to the state. */
export type UiInput =
  | { type: 'ui/select'; id: string | null }
  | { type: 'ui/error'; id?: string; error: AppError }
  /** Dismiss one error, these (the ones shown), or all; a server's card forgets them too. */
  | { type: 'ui/dismiss_error'; key: number | number[] | 'all' }
  /** Put an emit (a saved message, an event of the log) into the emit form of server `id`. */
  | { type: 'ui/load_emit'; id: string; event: string; args: unknown[]; ack?: boolean; ack_timeout_ms?: number }
  | { type: 'ui/clear_console'; id: string }
  | { type: 'ui/ack_pending'; id: string; emit_id: number; event: string; timeout_ms: number }
  /** The backend took the person's answer to the server's ack request of event `seq`. */
  | { type: 'ui/ack_replied'; id: string; seq: number; args: unknown[] }
  /** Request `request` was sent on connection `id` (as `action`); an `answer` update ends it. */
  | { type: 'ui/request'; id: string; request: Request; action?: Action }
  /** The window refused request `request` on connection `id` itself, in words (it was not sent). */
  | { type: 'ui/refused'; id: string; request: Request; message: string }
  /** The person removed a simulated participant (its connection id). */
  | { type: 'ui/sim_removed'; id: string }
  /** The person brought a room into view (null: none). */
  | { type: 'ui/space_room'; id: string; room: string | null }
  /** The person took a room they left off the list. */
  | { type: 'ui/space_forget'; id: string; room: string }
  /** The person took a failed or cancelled file off the list of files on their way. */
  | { type: 'ui/file_dismiss'; file_id: string }
  /** The person decided about the certificate offered for server `id` (accepted or not): the offer goes. */
  | { type: 'ui/cert_done'; id: string }
  /** A page of the history was asked for the console's `list` (`older`: the page before the rows shown). */
  | { type: 'ui/history_ask'; id: string; list: HistoryListName; query: HistoryQuery; request_id: number; older: boolean }
  /** The backend refused history request `request_id`, in words. */
  | { type: 'ui/history_failed'; id: string; request_id: number; message: string }
  /** The person left the history search: the live log again. */
  | { type: 'ui/search_close'; id: string };

export type Input = Update | UiInput;

export function initialState(cap = EVENT_CAP): State {
  return { profiles: [], profilesLoaded: false, conns: {}, tokens: {}, errors: [], nextErrorKey: 1, selected: null, cap, files: emptyFiles(),
    saved: emptySaved(), draft: null, setup: null };
}

const newConn = (): Conn => ({
  state: null, log: emptyLog(), acks: {}, replies: emptyReplies(), lastError: null, requests: emptyRequests(),
  session: emptySession(), dorm: emptyDorm(), space: emptySpace(),
  fileExchange: emptyFileExchange(), cert: null, emits: {}, history: emptyHistory(), historyNote: null,
});

/** Note where an emit or its answer is in the live log (the oldest links go past ACK_CAP). */
function linkEmit(emits: Record<number, EmitLink>, emitId: number, link: EmitLink): Record<number, EmitLink> {
  const next = { ...emits, [emitId]: { ...emits[emitId], ...link } };
  if (emits[emitId] === undefined) {
    const ids = Object.keys(next);
    if (ids.length > ACK_CAP) delete next[Math.min(...ids.map(Number))];
  }
  return next;
}

/** The answer to emit `emitId` (or that none came): a row of its own in the live log. */
function ackRow(c: Conn, cap: number, emitId: number, data: { args: unknown[]; timeout_ms?: number }, kind: 'ack' | 'ack_timeout'): Conn {
  const link = c.emits[emitId];
  const emit = link?.emit !== undefined ? eventBySeq(c.log, link.emit) : undefined;
  const time = Date.now();
  const row = {
    kind,
    direction: 'in' as const,
    namespace: emit?.namespace ?? '/',
    event: emit?.event ?? c.acks[emitId]?.event ?? '',
    args: data.args,
    emit_id: emitId,
    time,
    ...(data.timeout_ms !== undefined ? { timeout_ms: data.timeout_ms } : {}),
    ...(link?.emit !== undefined ? { linked: link.emit } : {}),
    ...(emit && kind === 'ack' ? { round_trip_ms: Math.max(0, time - emit.time) } : {}),
  };
  const seq = c.log.nextSeq;
  return { ...c, log: append(c.log, row, cap), emits: linkEmit(c.emits, emitId, { answer: seq }) };
}

/** A change of the connection's state: a row of its own in the live log. */
function stateRow(log: EventLog, cs: ConnState, cap: number): EventLog {
  const detail = cs.state === 'disconnected' ? cs.reason : cs.state === 'reconnecting' ? cs.reason : undefined;
  // The history names a move to a new transport `upgraded` too (core/src/history/record.rs).
  const event = cs.state === 'connected' && cs.upgraded ? 'upgraded' : cs.state;
  return append(log, { kind: 'state', direction: 'in', namespace: '', event, args: [cs], time: Date.now(), ...(detail ? { detail } : {}) }, cap);
}

function withConn(s: State, id: string, f: (c: Conn) => Conn): State {
  return { ...s, conns: { ...s.conns, [id]: f(s.conns[id] ?? newConn()) } };
}

function withSession(s: State, id: string, f: (session: SessionHost) => SessionHost): State {
  return withConn(s, id, (c) => ({ ...c, session: f(c.session) }));
}

function withSpace(s: State, id: string, f: (space: Space) => Space): State {
  return withConn(s, id, (c) => ({ ...c, space: f(c.space) }));
}

function withFileExchange(s: State, id: string, f: (fileExchange: FileExchange) => FileExchange): State {
  return withConn(s, id, (c) => ({ ...c, fileExchange: f(c.fileExchange) }));
}

type EventUpdate = Extract<Update, { type: 'event' }>;

/** Console events of connection `id`, in order: one copy of the state for all of them. */
function eventsArrived(s: State, id: string, run: readonly EventUpdate[]): State {
  return withConn(s, id, (c) => {
    let emits = c.emits;
    const rows = run.map(({ type: _t, id: _i, ...data }, i) => {
      // The backend writes an absent emit_id as null.
      if (data.emit_id != null) emits = linkEmit(emits, data.emit_id, { emit: c.log.nextSeq + i });
      return data;
    });
    return { ...c, log: appendMany(c.log, rows, s.cap), emits };
  });
}

/**
 * `reduce` of each input in turn, with a flood's shortcut: a run of console events of one
 * connection goes in as one step (`eventsArrived`), not one state copy per event.
 */
export function reduceAll(s: State, inputs: readonly Input[]): State {
  for (let i = 0; i < inputs.length; ) {
    const u = inputs[i];
    let j = i + 1;
    if (u.type === 'event') {
      while (j < inputs.length && inputs[j].type === 'event' && (inputs[j] as EventUpdate).id === u.id) j++;
      s = eventsArrived(s, u.id, inputs.slice(i, j) as EventUpdate[]);
    } else {
      s = reduce(s, u);
    }
    i = j;
  }
  return s;
}

/** A server's update in its protocol's words, to that protocol's state of the connection. */
function applyProtocol(s: State, u: Extract<Update, { type: 'protocol' }>): State {
  switch (u.protocol) {
    case 'session_host':
      return simOf(u.id)
        ? withSimParent(s, u.id, (session) => simUpdate(session, u.id, u.update))
        : withConn(s, u.id, (c) => ({ ...c, session: applySessionUpdate(c.session, u.update, joiningKey(c.requests)) }));
    case 'dorm': {
      const moot = DORM_MOOT[u.update.type];
      return withConn(s, u.id, (c) => ({ ...c, dorm: applyDormUpdate(c.dorm, u.update), requests: moot ? forget(c.requests, moot) : c.requests }));
    }
    case 'space':
      return withSpace(s, u.id, (space) => applySpaceUpdate(space, u.update));
    case 'file_exchange':
      return withConn(s, u.id, (c) => ({
        ...c,
        fileExchange: applyFileExchangeUpdate(c.fileExchange, u.update),
        requests: fileExchangeMoot(c.requests, u.update),
      }));
  }
}

/** A sent file may be the answer to one of its connection's server files. */
function fileExchangeFile(s: State, file: FileInfo): State {
  const c = s.conns[file.conn];
  if (!c || c.fileExchange.files.length === 0) return s;
  const fileExchange = applyFileExchangeFile(c.fileExchange, file);
  return fileExchange === c.fileExchange ? s : withFileExchange(s, file.conn, () => fileExchange);
}

/** What is refused is moot once the dorm room says otherwise: a fresh roster, or out of the room. */
const DORM_MOOT: Partial<Record<DormUpdate['type'], readonly string[]>> = {
  room: ['join', 'leave'],
  left: ['leave', 'message', 'set_activity'],
};

/** A new file exchange session: what was refused in the last one is moot. */
const SESSION_MOOT = ['start', 'abort', 'send_logs', 'send_file', 'retry_file'];

function fileExchangeMoot(r: Requests, u: FileExchangeUpdate): Requests {
  if (u.type === 'started') return forget(r, SESSION_MOOT);
  // A file of mine answers the server's file: an earlier refusal to send one is moot.
  if (u.type === 'answer' && u.state !== 'failed') return forget(r, ['send_file'], u.server_file_id);
  return r;
}

/** The session key of my latest join that was not refused: my own arrival answers it. */
function joiningKey(r: Requests): string | null {
  const join = latestOf(r, 'join_session');
  return join && join.failure === null ? join.key : null;
}

/** What a sent action means for its protocol's state. */
function noteAsked(c: Conn, kind: string, action: Action | undefined): Conn {
  const session = sessionAsked(c.session);
  const request = action?.type === 'request' ? action : null;
  const space = request?.protocol === 'space' && request.action.type === 'join' ? spaceJoining(c.space, request.action.room, request.action.username) : c.space;
  const fileExchange = request?.protocol === 'file_exchange' ? fileExchangeAsked(c.fileExchange, kind) : c.fileExchange;
  return { ...c, session, space, fileExchange };
}

/** Request `id` of connection `c` was answered. */
function onAnswer(c: Conn, id: number, error: string | undefined): Conn {
  const request = requestOf(c.requests, id);
  const requests = answered(c.requests, id, error);
  // A refused join of a Space room will not be joined: a later rejoin of it was not asked.
  const space = error !== undefined && request?.kind === 'join' && request.key !== null ? spaceJoinEnded(c.space, request.key) : c.space;
  return { ...c, requests, space };
}

/** A simulated participant's news goes to the connection it was opened beside. */
function withSimParent(s: State, id: string, f: (session: SessionHost, n: number) => SessionHost): State {
  const sim = simOf(id);
  return sim ? withSession(s, sim.parent, (session) => f(session, sim.n)) : s;
}

function setAck(c: Conn, emitId: number, ack: Ack): Conn {
  const acks = { ...c.acks, [emitId]: ack };
  const ids = Object.keys(acks).map(Number);
  if (ids.length > ACK_CAP) delete acks[Math.min(...ids)];
  return { ...c, acks };
}

/** Add to the error list; the same error again (say, on every reconnect) only counts up. */
function addError(s: State, id: string | null, error: AppError, isError = true): State {
  const same = s.errors.find((e) => e.id === id && e.error.kind === error.kind && e.error.message === error.message);
  const rest = same ? s.errors.filter((e) => e !== same) : s.errors;
  const entry = same ? { ...same, count: same.count + 1 } : { key: s.nextErrorKey, id, error, count: 1 };
  const next = { ...s, errors: [...rest, entry].slice(-ERROR_CAP), nextErrorKey: s.nextErrorKey + (same ? 0 : 1) };
  return id === null || !isError ? next : withConn(next, id, (c) => ({ ...c, lastError: error }));
}

/** Take errors off the list; a server's card no longer shows the one dismissed. */
function dismissErrors(s: State, key: number | number[] | 'all'): State {
  const gone = key === 'all' ? s.errors : s.errors.filter((e) => (Array.isArray(key) ? key.includes(e.key) : e.key === key));
  if (gone.length === 0) return s;
  let next: State = { ...s, errors: s.errors.filter((e) => !gone.includes(e)) };
  for (const e of gone) {
    const last = e.id === null ? null : next.conns[e.id]?.lastError;
    if (e.id !== null && last && last.kind === e.error.kind && last.message === e.error.message) {
      next = withConn(next, e.id, (c) => ({ ...c, lastError: null }));
    }
  }
  return next;
}

/** A server's saved messages, in saved order. */
function savedMessages(s: State, id: string, messages: SavedMessage[]): State {
  return { ...s, saved: applySaved(s.saved, id, messages) };
}

export function reduce(s: State, u: Input): State {
  switch (u.type) {
    case 'profiles': {
      const ids = new Set(u.profiles.map((p) => p.id));
      // Keep the selection if it still exists; otherwise show the first server.
      const selected = s.selected !== null && ids.has(s.selected) ? s.selected : (u.profiles[0]?.id ?? null);
      return { ...s, profiles: u.profiles, profilesLoaded: true, selected, saved: keepServers(s.saved, ids) };
    }
    case 'connection': {
      const { type: _t, id, ...state } = u;
      const cs = state as ConnState;
      // The same connection on a new transport (polling to WebSocket): nothing else changes.
      if (cs.state === 'connected' && cs.upgraded && s.conns[id]?.state?.state === 'connected') {
        return withConn(s, id, (c) => ({ ...c, state: cs, log: stateRow(c.log, cs, s.cap) }));
      }
      const next = withConn(s, id, (c) => ({
        ...c,
        state: cs,
        lastError: cs.state === 'connected' ? null : c.lastError,
        // A closed connection answers nothing more.
        requests: cs.state === 'disconnected' ? dropPending(c.requests) : c.requests,
        // Out of the connected state, the server's open ack requests are gone with the connection.
        replies: cs.state === 'connected' ? c.replies : connectionLost(c.replies, c.log.nextSeq),
        // A new connection is a new user to the server: nothing of the old session holds.
        session: cs.state === 'connected' ? resetSession(c.session) : c.session,
        dorm: cs.state === 'connected' ? resetDorm(c.dorm) : c.dorm,
        space: cs.state === 'connected' ? resetSpace(c.space) : c.space,
        // A reconnect keeps a file exchange session (the backend resumes it); a closed connection ends it.
        fileExchange: fileExchangeConnection(c.fileExchange, cs),
        // Connected: the certificate (if one was offered) was accepted.
        cert: cs.state === 'connected' ? null : c.cert,
        log: stateRow(c.log, cs, s.cap),
      }));
      return withSimParent(next, id, (session, n) => simConnection(session, id, n, cs));
    }
    case 'event':
      return eventsArrived(s, u.id, [u]);
    case 'ack':
      return withConn(s, u.id, (c) =>
        setAck(ackRow(c, s.cap, u.emit_id, { args: u.args }, 'ack'), u.emit_id, { status: 'answered', event: c.acks[u.emit_id]?.event ?? null, args: u.args }),
      );
    case 'ack_timeout':
      return withConn(s, u.id, (c) =>
        setAck(ackRow(c, s.cap, u.emit_id, { args: [], timeout_ms: u.timeout_ms }, 'ack_timeout'), u.emit_id, {
          status: 'timed_out',
          event: c.acks[u.emit_id]?.event ?? null,
          timeout_ms: u.timeout_ms,
        }),
      );
    case 'history':
      return s.conns[u.id] ? withConn(s, u.id, (c) => ({ ...c, history: historyAnswered(c.history, u.request_id, u.rows, u.more) })) : s;
    case 'history_cleared':
      return withConn(s, u.id, (c) => ({ ...c, history: historyCleared(c.history), historyNote: { kind: 'cleared' } }));
    case 'history_exported':
      return withConn(s, u.id, (c) => ({ ...c, historyNote: { kind: 'exported', path: u.path, rows: u.rows } }));
    case 'ui/history_ask':
      return withConn(s, u.id, (c) => ({ ...c, history: historyAsked(c.history, u.list, u.query, u.request_id, u.older) }));
    case 'ui/history_failed':
      return withConn(s, u.id, (c) => ({ ...c, history: historyFailed(c.history, u.request_id, u.message) }));
    case 'ui/search_close':
      return s.conns[u.id] ? withConn(s, u.id, (c) => ({ ...c, history: searchClosed(c.history) })) : s;
    case 'protocol':
      return applyProtocol(s, u);
    case 'answer':
      return withConn(s, u.id, (c) => onAnswer(c, u.request_id, u.error));
    case 'certificate':
      return withConn(s, u.id, (c) => ({ ...c, cert: { sha256: u.sha256, changed: u.changed } }));
    case 'file':
      return fileExchangeFile({ ...s, files: applyFile(s.files, u.file) }, u.file);
    case 'file_preview':
      return { ...s, files: applyPreview(s.files, u.file_id, u.text, u.truncated) };
    case 'token_state':
      return { ...s, tokens: { ...s.tokens, [u.profile]: u.stored } };
    case 'error':
      return addError(s, u.id ?? null, u.error);
    case 'warning':
      return addError(s, u.id, { kind: 'warning', message: u.message }, false);
    case 'ui/error':
      return addError(s, u.id ?? null, u.error);
    case 'ui/dismiss_error':
      return dismissErrors(s, u.key);
    case 'saved_messages':
      return savedMessages(s, u.id, u.messages);
    case 'setup_exported':
      return { ...s, setup: { kind: 'exported', path: u.path, servers: u.servers, messages: u.messages } };
    case 'setup_imported':
      // Its servers' saved messages may have changed: each list is asked for again.
      return { ...s, setup: { kind: 'imported', servers: u.servers, need_token: u.need_token, messages: u.messages }, saved: emptySaved() };
    case 'ui/load_emit': {
      const { type: _t, ...draft } = u;
      return { ...s, draft: { ...draft, n: (s.draft?.n ?? 0) + 1 } };
    }
    case 'ui/select':
      return { ...s, selected: u.id };
    case 'ui/clear_console':
      return s.conns[u.id] ? withConn(s, u.id, (c) => ({ ...c, log: clearLog(c.log) })) : s;
    case 'ui/ack_pending':
      return withConn(s, u.id, (c) =>
        setAck(c, u.emit_id, { status: 'waiting', event: u.event, timeout_ms: u.timeout_ms }),
      );
    case 'ui/ack_replied':
      return withConn(s, u.id, (c) => ({ ...c, replies: replied(c.replies, u.seq, u.args) }));
    case 'ui/request':
      return withConn(s, u.id, (c) => noteAsked({ ...c, requests: asked(c.requests, u.request) }, u.request.kind, u.action));
    case 'ui/refused':
      return withConn(s, u.id, (c) => ({ ...c, requests: refusedAtOnce(c.requests, u.request, u.message), session: sessionAsked(c.session) }));
    case 'ui/sim_removed':
      return withSimParent(s, u.id, (session) => simRemoved(session, u.id));
    case 'ui/space_room':
      return withSpace(s, u.id, (space) => showRoom(space, u.room));
    case 'ui/space_forget':
      return withSpace(s, u.id, (space) => forgetRoom(space, u.room));
    case 'ui/file_dismiss':
      return { ...s, files: dismissFile(s.files, u.file_id) };
    case 'ui/cert_done':
      return s.conns[u.id]?.cert ? withConn(s, u.id, (c) => ({ ...c, cert: null })) : s;
    default:
      return s; // an update kind this window does not know yet
  }
}

export type Listener = (state: State) => void;

export interface Store {
  get(): State;
  /** Apply inputs in order, then notify once. */
  apply(...inputs: Input[]): void;
  /** The same for a whole update batch from the backend. */
  applyBatch(inputs: readonly Input[]): void;
  subscribe(listener: Listener): () => void;
}

export function createStore(state: State = initialState()): Store {
  const listeners = new Set<Listener>();
  const applyBatch = (inputs: readonly Input[]) => {
    const before = state;
    state = reduceAll(state, inputs);
    if (state !== before) for (const l of listeners) l(state);
  };
  return {
    get: () => state,
    apply: (...inputs) => applyBatch(inputs),
    applyBatch,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
