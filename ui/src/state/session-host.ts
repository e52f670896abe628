// The session-host state of one connection (PROTOCOLS.md section 1), as pure functions:
// who I am and my role, the session, its members, whether it started, the last error with
// the request that caused it, and the simulated participants opened beside the connection.
import type { ConnState } from '../bindings/ConnState';
import type { SessionHostAction } from '../bindings/SessionHostAction';
import type { SessionHostUpdate } from '../bindings/SessionHostUpdate';

export const HOST = 'HOST';
export const CLIENT = 'CLIENT';

/** What the window asked last: a session-host action, or adding simulated participants. */
export type SessionRequest = SessionHostAction | { type: 'simulate'; session_key: string; count: number };
export type RequestKind = SessionRequest['type'];

export interface SessionError {
  message: string;
  /** The request it answers, so it is shown beside that control; null when none was open. */
  request: RequestKind | null;
}

export interface SimParticipant {
  /** Its connection id, `<id>/sim-<n>`. */
  id: string;
  n: number;
  name: string;
  state: ConnState | null;
  /** The server's last refusal, in its words. */
  error: string | null;
}

export interface SessionHost {
  /** Logged in as (null: not logged in). */
  name: string | null;
  /** As the server names it (`HOST`, `CLIENT`, a default role), null before login. */
  role: string | null;
  sessionKey: string | null;
  /** In join order, each name once. */
  members: string[];
  started: boolean;
  /** The request sent last, until the server answers it. */
  pending: SessionRequest | null;
  error: SessionError | null;
  /** Ordered by number. */
  sims: SimParticipant[];
}

export const emptySession = (): SessionHost => ({
  name: null, role: null, sessionKey: null, members: [], started: false, pending: null, error: null, sims: [],
});

/** Everything the server knew about this connection is gone; its simulated participants stay. */
export const resetSession = (s: SessionHost): SessionHost => ({ ...emptySession(), sims: s.sims });

const SIM = /^(.+)\/sim-(\d+)$/;

/** The connection a simulated participant was opened beside, and its number. */
export function simOf(id: string): { parent: string; n: number } | null {
  const m = SIM.exec(id);
  return m ? { parent: m[1], n: Number(m[2]) } : null;
}

/** The name the backend logs a simulated participant in with. */
export const simName = (n: number): string => `Simulated ${n}`;

const answered = (s: SessionHost, kind: RequestKind): SessionRequest | null =>
  s.pending?.type === kind ? null : s.pending;

const addMember = (members: string[], name: string): string[] => (members.includes(name) ? members : [...members, name]);

/** A `session_host` update for this connection. */
export function applySessionUpdate(s: SessionHost, u: SessionHostUpdate): SessionHost {
  switch (u.type) {
    case 'logged_in':
      return { ...s, name: u.name, role: u.role || null, pending: answered(s, 'login') };
    case 'logged_out':
      return resetSession(s);
    case 'session_key':
      return {
        ...s,
        sessionKey: u.session_key,
        role: HOST,
        members: s.name === null ? [] : [s.name],
        started: false,
        pending: answered(s, 'create_session'),
      };
    case 'user_connected': {
      const p = s.pending;
      // My own arrival in the session I asked to join: I am now one of its CLIENTs.
      if (p?.type === 'join_session' && s.sessionKey === null && u.name === s.name) {
        return { ...s, sessionKey: p.session_key, role: CLIENT, members: [u.name], started: false, pending: null };
      }
      return { ...s, members: addMember(s.members, u.name) };
    }
    case 'started':
      if (u.session_key && s.sessionKey !== null && u.session_key !== s.sessionKey) return s;
      return { ...s, started: true, pending: answered(s, 'start') };
    case 'error':
      return { ...s, error: { message: u.message, request: s.pending?.type ?? null }, pending: null };
    default:
      return s; // an update kind this window does not know yet
  }
}

/**
 * The window sent `request`: it is open until the server answers, and the last error is
 * cleared. Adding simulated participants is answered by the backend alone, never by the
 * server, so it leaves the open request as it was.
 */
export const sessionRequested = (s: SessionHost, request: SessionRequest): SessionHost => ({
  ...s,
  pending: request.type === 'simulate' ? s.pending : request,
  error: null,
});

/** The backend refused `request` before it reached the server. */
export const sessionRefused = (s: SessionHost, request: RequestKind, message: string): SessionHost => ({
  ...s,
  pending: s.pending?.type === request ? null : s.pending,
  error: { message, request },
});

function withSim(s: SessionHost, id: string, f: (p: SimParticipant | undefined) => SimParticipant | null): SessionHost {
  const i = s.sims.findIndex((p) => p.id === id);
  const next = f(i < 0 ? undefined : s.sims[i]);
  if (next === null) return i < 0 ? s : { ...s, sims: s.sims.filter((_, k) => k !== i) };
  const sims = i < 0 ? [...s.sims, next].sort((a, b) => a.n - b.n) : s.sims.map((p, k) => (k === i ? next : p));
  return { ...s, sims };
}

/**
 * A simulated participant's connection changed state. A new one is listed when it starts
 * connecting; one closed on request (empty reason) leaves the list.
 */
export function simConnection(s: SessionHost, id: string, n: number, cs: ConnState): SessionHost {
  const closedOnRequest = cs.state === 'disconnected' && cs.reason === '';
  return withSim(s, id, (p) => {
    if (closedOnRequest) return null;
    if (!p) return cs.state === 'disconnected' ? null : { id, n, name: simName(n), state: cs, error: null };
    return { ...p, state: cs, error: cs.state === 'connected' ? null : p.error };
  });
}

/** A simulated participant heard from the server: only its refusals are kept. */
export function simUpdate(s: SessionHost, id: string, u: SessionHostUpdate): SessionHost {
  if (u.type !== 'error') return s;
  return withSim(s, id, (p) => (p ? { ...p, error: u.message } : null));
}

/** The person removed a simulated participant: it leaves the list at once. */
export const simRemoved = (s: SessionHost, id: string): SessionHost => withSim(s, id, () => null);
