// The session-host part of the reducer: every `session_host` update, role transitions,
// members without duplicates, the server's own errors and the refusals of my requests
// (state/requests.ts), and the simulated participants opened beside a connection.
import { describe, expect, it } from 'vitest';
import type { SessionHostUpdate } from '../src/bindings/SessionHostUpdate';
import type { ConnState } from '../src/bindings/ConnState';
import { failureOf, isAsking } from '../src/state/requests';
import { REQUEST_KINDS, simOf, type SessionRequest } from '../src/state/session-host';
import { initialState, reduce, type Input, type State } from '../src/state/store';

const run = (inputs: Input[], s: State = initialState()) => inputs.reduce(reduce, s);
const up = (update: SessionHostUpdate, id = 'c'): Input => ({ type: 'protocol', id, protocol: 'session_host', update });
let lastId = 0;
/** The window sent `request` on `id` (its request id: `lastId`). */
const sent = (request: SessionRequest, id = 'c'): Input => {
  const key = request.type === 'join_session' ? request.session_key : null;
  const r = { id: ++lastId, kind: request.type, key };
  return request.type === 'simulate'
    ? { type: 'ui/request', id, request: r, action: { type: 'simulate_participants', id, session_key: request.session_key, count: request.count } }
    : { type: 'ui/request', id, request: r, action: { type: 'request', id, request_id: lastId, protocol: 'session_host', action: request } };
};
const answer = (request_id = lastId, error?: string, id = 'c'): Input => ({ type: 'answer', id, request_id, error });
/** The refusal of my latest request, whatever its kind (what the Session view shows). */
const refusal = (s: State, id = 'c') => failureOf(s.conns[id].requests, REQUEST_KINDS);
const conn = (id: string, state: ConnState): Input => ({ type: 'connection', id, ...state } as Input);
const session = (s: State, id = 'c') => s.conns[id].session;

const loggedIn = (name = 'ann'): Input[] => [
  conn('c', { state: 'connected' }),
  sent({ type: 'login', name }),
  up({ type: 'logged_in', name, role: 'USER' }),
  answer(),
];
const hosting: Input[] = [...loggedIn(), sent({ type: 'create_session' }), up({ type: 'session_key', session_key: 'K7' }), answer()];

describe('session host: updates', () => {
  it('starts empty', () => {
    const s = run([conn('c', { state: 'connected' })]);
    expect(session(s)).toEqual({
      name: null, role: null, sessionKey: null, members: [], started: false, error: null, sims: [],
    });
  });

  it('logged_in: my name and the role the server gives; the login is answered', () => {
    const s = run(loggedIn());
    expect(session(s)).toMatchObject({ name: 'ann', role: 'USER', error: null });
    expect(s.conns.c.requests.pending).toEqual([]);
    expect(session(run([up({ type: 'logged_in', name: 'x', role: '' })])).role).toBeNull();
  });

  it('session_key: I am the HOST of that session and its first member', () => {
    const s = run(hosting);
    expect(session(s)).toMatchObject({ sessionKey: 'K7', role: 'HOST', members: ['ann'], started: false });
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
    expect(session(s)).toMatchObject({ sessionKey: null, role: 'USER' });
    expect(isAsking(s.conns.c.requests, 'join_session', 'K7')).toBe(true);
    s = run([answer(), up({ type: 'user_connected', name: 'bob' }), up({ type: 'user_connected', name: 'cy' })], s);
    expect(session(s)).toMatchObject({ sessionKey: 'K7', role: 'CLIENT', members: ['bob', 'cy'] });
    expect(s.conns.c.requests.pending).toEqual([]);
  });

  it('someone else of my name joining is no proof that I joined', () => {
    // Without a join request open, a user_connected only adds a member.
    const s = run([...loggedIn('bob'), up({ type: 'user_connected', name: 'bob' })]);
    expect(session(s)).toMatchObject({ sessionKey: null, role: 'USER', members: ['bob'] });
  });

  it('started: for my session (or unnamed), once', () => {
    expect(session(run([...hosting, sent({ type: 'start', session_key: 'K7' }), up({ type: 'started', session_key: 'K7' })]))).toMatchObject({
      started: true,
    });
    expect(session(run([...hosting, up({ type: 'started' })])).started).toBe(true);
    expect(session(run([...hosting, up({ type: 'started', session_key: 'OTHER' })])).started).toBe(false);
  });

  it('logged_out: everything of the session is gone', () => {
    const s = run([...hosting, up({ type: 'user_connected', name: 'bob' }), up({ type: 'started' }), sent({ type: 'logout' }), up({ type: 'logged_out' })]);
    expect(session(s)).toMatchObject({ name: null, role: null, sessionKey: null, members: [], started: false });
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

describe('session host: refusals of my requests, and the server’s own errors', () => {
  it.each([
    [{ type: 'login', name: 'ann' }, 'login'],
    [{ type: 'create_session' }, 'create_session'],
    [{ type: 'join_session', session_key: 'NOPE' }, 'join_session'],
    [{ type: 'start', session_key: 'K7' }, 'start'],
    [{ type: 'logout' }, 'logout'],
  ] as [SessionRequest, string][])('%j → refused beside %s', (request, kind) => {
    const s = run([conn('c', { state: 'connected' }), sent(request), answer(lastId, 'refused')]);
    expect(refusal(s)).toMatchObject({ message: 'refused', kind });
    expect(isAsking(s.conns.c.requests, kind)).toBe(false);
    expect(session(s).error).toBeNull();
  });

  it('an error answering no request is the server’s own, tied to no control', () => {
    const s = run([...hosting, up({ type: 'error', message: 'The host left the session.' })]);
    expect(session(s).error).toBe('The host left the session.');
    expect(refusal(s)).toBeNull();
  });

  it('the next attempt clears the refusal and the server’s last word', () => {
    let s = run([...loggedIn(), sent({ type: 'join_session', session_key: 'X' }), answer(lastId, 'no session'), up({ type: 'error', message: 'odd' })]);
    s = reduce(s, sent({ type: 'join_session', session_key: 'K7' }));
    expect(refusal(s)).toBeNull();
    expect(session(s).error).toBeNull();
  });

  it('a refusal by the window (or a rejected request) lands beside its control', () => {
    const s = run([...hosting, { type: 'ui/refused', id: 'c', request: { id: ++lastId, kind: 'simulate', key: null }, message: 'between 1 and 16' }]);
    expect(refusal(s)).toMatchObject({ message: 'between 1 and 16', kind: 'simulate' });
  });

  it('each request is answered by its own id: adding simulated participants takes over no open request', () => {
    let s = run([...hosting, sent({ type: 'start', session_key: 'K7' })]);
    const start = lastId;
    s = run([sent({ type: 'simulate', session_key: 'K7', count: 2 }), answer(), answer(start, 'not yet')], s);
    expect(failureOf(s.conns.c.requests, 'start')?.message).toBe('not yet');
    expect(failureOf(s.conns.c.requests, 'simulate')).toBeNull();
  });

  it('my own arrival answers my join: I am a CLIENT of the session I asked for; a refused join does not', () => {
    let s = run([...loggedIn('bob'), sent({ type: 'join_session', session_key: 'K9' }), answer(), up({ type: 'user_connected', name: 'bob' })]);
    expect(session(s)).toMatchObject({ sessionKey: 'K9', role: 'CLIENT', members: ['bob'] });
    s = run([...loggedIn('bob'), sent({ type: 'join_session', session_key: 'K9' }), answer(lastId, 'no session'), up({ type: 'user_connected', name: 'bob' })]);
    expect(session(s).sessionKey).toBeNull();
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
