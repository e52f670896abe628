// The session-host state of one connection (PROTOCOLS.md section 1), as pure functions:
// who I am and my role, the session, its members, whether it started, the server's last
// error that answered no request (requests and their refusals: requests.ts), and the
// simulated participants opened beside the connection.
import type { ConnState } from '../bindings/ConnState';
import type { SessionHostAction } from '../bindings/SessionHostAction';
import type { SessionHostUpdate } from '../bindings/SessionHostUpdate';

export const HOST = 'HOST';
export const CLIENT = 'CLIENT';

/** What the window asks: a session-host action, or adding simulated participants. */
export type SessionRequest = SessionHostAction | { type: 'simulate'; session_key: string; count: number };
/** The kinds of request (requests.ts) of a session-host connection. */
export type RequestKind = SessionRequest['type'];
export const REQUEST_KINDS: readonly RequestKind[] = ['login', 'logout', 'create_session', 'join_session', 'start', 'simulate'];

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
  /** The server's last error that answered no request of ours; a new request clears it. */
  error: string | null;
  /** Ordered by number. */
  sims: SimParticipant[];
}

export const emptySession = (): SessionHost => ({
  name: null, role: null, sessionKey: null, members: [], started: false, error: null, sims: [],
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

const addMember = (members: string[], name: string): string[] => (members.includes(name) ? members : [...members, name]);

/**
 * A `session_host` update for this connection. `joining`: the session key of my latest
 * join request that was not refused (null: none), which my own arrival answers.
 */
export function applySessionUpdate(s: SessionHost, u: SessionHostUpdate, joining: string | null = null): SessionHost {
  switch (u.type) {
    case 'logged_in':
      return { ...s, name: u.name, role: u.role || null };
    case 'logged_out':
      return resetSession(s);
    case 'session_key':
      return {
        ...s,
        sessionKey: u.session_key,
        role: HOST,
        members: s.name === null ? [] : [s.name],
        started: false,
      };
    case 'user_connected': {
      // My own arrival in the session I asked to join: I am now one of its CLIENTs.
      if (joining !== null && s.sessionKey === null && u.name === s.name) {
        return { ...s, sessionKey: joining, role: CLIENT, members: [u.name], started: false };
      }
      return { ...s, members: addMember(s.members, u.name) };
    }
    case 'started':
      if (u.session_key && s.sessionKey !== null && u.session_key !== s.sessionKey) return s;
      return { ...s, started: true };
    case 'error':
      return { ...s, error: u.message };
    default:
      return s; // an update kind this window does not know yet
  }
}

/** The window sent a request: the server's last word no longer stands. */
export const sessionAsked = (s: SessionHost): SessionHost => (s.error === null ? s : { ...s, error: null });

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
