// The session-host part of the reducer: every `session_host` update, role transitions,
// members without duplicates, errors tied to the request that caused them, and the
// simulated participants opened beside a connection.
import { describe, expect, it } from 'vitest';
import type { SessionHostUpdate } from '../src/bindings/SessionHostUpdate';
import type { ConnState } from '../src/bindings/ConnState';
import { simOf, type SessionRequest } from '../src/state/session-host';
import { initialState, reduce, type Input, type State } from '../src/state/store';

const run = (inputs: Input[], s: State = initialState()) => inputs.reduce(reduce, s);
const up = (update: SessionHostUpdate, id = 'c'): Input => ({ type: 'session_host', id, update });
const sent = (request: SessionRequest, id = 'c'): Input => ({ type: 'ui/session_request', id, request });
const conn = (id: string, state: ConnState): Input => ({ type: 'connection', id, ...state } as Input);
const session = (s: State, id = 'c') => s.conns[id].session;

const loggedIn = (name = 'ann'): Input[] => [
  conn('c', { state: 'connected' }),
  sent({ type: 'login', name }),
  up({ type: 'logged_in', name, role: 'USER' }),
];
const hosting: Input[] = [...loggedIn(), sent({ type: 'create_session' }), up({ type: 'session_key', session_key: 'K7' })];

describe('session host: updates', () => {
  it('starts empty', () => {
    const s = run([conn('c', { state: 'connected' })]);
    expect(session(s)).toEqual({
      name: null, role: null, sessionKey: null, members: [], started: false, pending: null, error: null, sims: [],
    });
  });

  it('logged_in: my name and the role the server gives; the login is answered', () => {
    const s = run(loggedIn());
    expect(session(s)).toMatchObject({ name: 'ann', role: 'USER', pending: null, error: null });
    expect(session(run([up({ type: 'logged_in', name: 'x', role: '' })])).role).toBeNull();
  });

  it('session_key: I am the HOST of that session and its first member', () => {
    const s = run(hosting);
    expect(session(s)).toMatchObject({ sessionKey: 'K7', role: 'HOST', members: ['ann'], started: false, pending: null });
  });

  it('user_connected: members grow in join order, each name once', () => {
    const s = run([
      ...hosting,
      up({ type: 'user_connected', name: 'bob' }),
      up({ type: 'user_connected', name: 'cy' }),
      up({ type: 'user_connected', name: 'bob' }),
      up({ type: 'user_connected', name: 'ann' }),
    ]);
    expect(session(s).members).toEqual(['ann', 'bob', 'cy']);
  });

  it('joining: my own user_connected makes me a CLIENT of the key I asked for', () => {
    let s = run([...loggedIn('bob'), sent({ type: 'join_session', session_key: 'K7' })]);
    expect(session(s)).toMatchObject({ sessionKey: null, role: 'USER', pending: { type: 'join_session', session_key: 'K7' } });
    s = run([up({ type: 'user_connected', name: 'bob' }), up({ type: 'user_connected', name: 'cy' })], s);
    expect(session(s)).toMatchObject({ sessionKey: 'K7', role: 'CLIENT', members: ['bob', 'cy'], pending: null });
  });

  it('someone else of my name joining is no proof that I joined', () => {
    // Without a join request open, a user_connected only adds a member.
    const s = run([...loggedIn('bob'), up({ type: 'user_connected', name: 'bob' })]);
    expect(session(s)).toMatchObject({ sessionKey: null, role: 'USER', members: ['bob'] });
  });

  it('started: for my session (or unnamed), once', () => {
    expect(session(run([...hosting, sent({ type: 'start', session_key: 'K7' }), up({ type: 'started', session_key: 'K7' })]))).toMatchObject({
      started: true, pending: null,
    });
    expect(session(run([...hosting, up({ type: 'started' })])).started).toBe(true);
    expect(session(run([...hosting, up({ type: 'started', session_key: 'OTHER' })])).started).toBe(false);
  });

  it('logged_out: everything of the session is gone', () => {
    const s = run([...hosting, up({ type: 'user_connected', name: 'bob' }), up({ type: 'started' }), sent({ type: 'logout' }), up({ type: 'logged_out' })]);
    expect(session(s)).toMatchObject({ name: null, role: null, sessionKey: null, members: [], started: false, pending: null });
  });

  it('a new connection is a new user to the server: the session state resets', () => {
    const s = run([...hosting, conn('c', { state: 'reconnecting', attempt: 1, delay_ms: 100 })]);
    expect(session(s).sessionKey).toBe('K7'); // kept while it is away, to be seen
    expect(session(run([conn('c', { state: 'connected' })], s))).toMatchObject({ name: null, sessionKey: null, members: [] });
  });

  it('connections are independent', () => {
    const s = run([...hosting, up({ type: 'logged_in', name: 'zed', role: 'USER' }, 'd')]);
    expect(session(s).name).toBe('ann');
    expect(session(s, 'd').name).toBe('zed');
  });
});

describe('session host: errors and the request that caused them', () => {
  it.each([
    [{ type: 'login', name: 'ann' }, 'login'],
    [{ type: 'create_session' }, 'create_session'],
    [{ type: 'join_session', session_key: 'NOPE' }, 'join_session'],
    [{ type: 'start', session_key: 'K7' }, 'start'],
    [{ type: 'logout' }, 'logout'],
  ] as [SessionRequest, string][])('%j → error beside %s', (request, kind) => {
    const s = run([conn('c', { state: 'connected' }), sent(request), up({ type: 'error', message: 'refused' })]);
    expect(session(s).error).toEqual({ message: 'refused', request: kind });
    expect(session(s).pending).toBeNull();
  });

  it('an error with no request open is not tied to any control', () => {
    const s = run([...hosting, up({ type: 'error', message: 'The host left the session.' })]);
    expect(session(s).error).toEqual({ message: 'The host left the session.', request: null });
  });

  it('the next attempt clears the error', () => {
    let s = run([...loggedIn(), sent({ type: 'join_session', session_key: 'X' }), up({ type: 'error', message: 'no session' })]);
    s = reduce(s, sent({ type: 'join_session', session_key: 'K7' }));
    expect(session(s).error).toBeNull();
  });

  it('a refusal by the backend (or the window) lands beside its control', () => {
    const s = run([...hosting, { type: 'ui/session_error', id: 'c', request: 'simulate', message: 'between 1 and 16' }]);
    expect(session(s).error).toEqual({ message: 'between 1 and 16', request: 'simulate' });
  });

  it('adding simulated participants never takes over an open request', () => {
    const s = run([...hosting, sent({ type: 'start', session_key: 'K7' }), sent({ type: 'simulate', session_key: 'K7', count: 2 }), up({ type: 'error', message: 'not yet' })]);
    expect(session(s).error).toEqual({ message: 'not yet', request: 'start' });
  });
});

describe('session host: simulated participants', () => {
  it('parses their connection ids', () => {
    expect(simOf('c/sim-3')).toEqual({ parent: 'c', n: 3 });
    expect(simOf('a/b/sim-12')).toEqual({ parent: 'a/b', n: 12 });
    expect(simOf('c')).toBeNull();
    expect(simOf('c/sim-x')).toBeNull();
  });

  it('are listed under their connection in number order, with state and name', () => {
    const s = run([
      ...hosting,
      conn('c/sim-2', { state: 'connecting', attempt: 1 }),
      conn('c/sim-1', { state: 'connecting', attempt: 1 }),
      conn('c/sim-1', { state: 'connected' }),
    ]);
    expect(session(s).sims).toEqual([
      { id: 'c/sim-1', n: 1, name: 'Simulated 1', state: { state: 'connected' }, error: null },
      { id: 'c/sim-2', n: 2, name: 'Simulated 2', state: { state: 'connecting', attempt: 1 }, error: null },
    ]);
    // Their own connection entries exist too (their raw events go there).
    expect(s.conns['c/sim-1'].state).toEqual({ state: 'connected' });
  });

  it('keep a server-side refusal; a dropped one stays with its reason; a closed one leaves', () => {
    let s = run([...hosting, conn('c/sim-1', { state: 'connected' }), conn('c/sim-2', { state: 'connected' })]);
    s = run([up({ type: 'error', message: 'no session with key K7' }, 'c/sim-1'), up({ type: 'logged_in', name: 'Simulated 1', role: 'USER' }, 'c/sim-1')], s);
    expect(session(s).sims[0].error).toBe('no session with key K7');
    expect(session(s).name).toBe('ann'); // a participant's news is not mine
    s = reduce(s, conn('c/sim-1', { state: 'disconnected', reason: 'transport closed' }));
    expect(session(s).sims[0].state).toEqual({ state: 'disconnected', reason: 'transport closed' });
    s = reduce(s, conn('c/sim-2', { state: 'disconnected', reason: '' }));
    expect(session(s).sims.map((p) => p.id)).toEqual(['c/sim-1']);
    s = reduce(s, { type: 'ui/sim_removed', id: 'c/sim-1' });
    expect(session(s).sims).toEqual([]);
    // A late state of a removed one does not bring it back.
    s = reduce(s, conn('c/sim-1', { state: 'disconnected', reason: '' }));
    expect(session(s).sims).toEqual([]);
  });

  it('survive my logout and my reconnect (they are separate connections)', () => {
    let s = run([...hosting, conn('c/sim-1', { state: 'connected' })]);
    s = run([up({ type: 'logged_out' }), conn('c', { state: 'connected' })], s);
    expect(session(s).sims.map((p) => p.id)).toEqual(['c/sim-1']);
  });
});
