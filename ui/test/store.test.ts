import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Update } from '../src/bindings/Update';
import type { Profile } from '../src/bindings/Profile';
import { eventAt, firstSeq } from '../src/state/event-log';
import { EVENT_CAP, initialState, reduce, reduceAll, createStore, type Input, type State } from '../src/state/store';

const profile = (id: string): Profile => ({
  id,
  name: `Server ${id}`,
  options: {
    url: `http://localhost/${id}`, path: '/socket.io/', query: [], auth: null, headers: [], transport: 'any',
    ca_file: null, accept_invalid_certs: false, token_profile: null, reconnect: true, protocol: { kind: 'console' },
  },
});
const ev = (id: string, event: string, args: unknown[] = [], time = 1): Update => ({
  type: 'event', id, direction: 'in', namespace: '/', event, args, time,
});
const run = (inputs: Input[], s: State = initialState()) => inputs.reduce(reduce, s);

describe('reduce: backend updates', () => {
  it('profiles: stores them and selects the first when nothing is selected', () => {
    const s = run([{ type: 'profiles', profiles: [profile('a'), profile('b')] }]);
    expect(s.profiles.map((p) => p.id)).toEqual(['a', 'b']);
    expect(s.profilesLoaded).toBe(true);
    expect(s.selected).toBe('a');
  });

  it('profiles: keeps a selection that still exists, moves off a removed one', () => {
    let s = run([{ type: 'profiles', profiles: [profile('a'), profile('b')] }, { type: 'ui/select', id: 'b' }]);
    s = reduce(s, { type: 'profiles', profiles: [profile('a'), profile('b'), profile('c')] });
    expect(s.selected).toBe('b');
    s = reduce(s, { type: 'profiles', profiles: [profile('c')] });
    expect(s.selected).toBe('c');
    s = reduce(s, { type: 'profiles', profiles: [] });
    expect(s.selected).toBeNull();
  });

  it('connection: every state is stored without the envelope', () => {
    const states: Update[] = [
      { type: 'connection', id: 'a', state: 'connecting', attempt: 1 },
      { type: 'connection', id: 'a', state: 'connected', sid: 'x' },
      { type: 'connection', id: 'a', state: 'reconnecting', attempt: 2, delay_ms: 1500 },
      { type: 'connection', id: 'a', state: 'disconnected', reason: 'transport close' },
    ];
    let s = initialState();
    for (const u of states) {
      s = reduce(s, u);
      const { type: _t, id: _i, ...cs } = u as Update & { id: string };
      expect(s.conns.a.state).toEqual(cs);
    }
  });

  it('event: appended with increasing seq per connection', () => {
    const s = run([ev('a', 'x', [1]), ev('a', 'y'), ev('b', 'z')]);
    expect(s.conns.a.log.length).toBe(2);
    expect(eventAt(s.conns.a.log, 0)).toMatchObject({ seq: 1, event: 'x', args: [1], direction: 'in', namespace: '/' });
    expect(eventAt(s.conns.a.log, 1)?.seq).toBe(2);
    expect(eventAt(s.conns.b.log, 0)?.seq).toBe(1);
    expect(eventAt(s.conns.a.log, 0)).not.toHaveProperty('type');
  });

  it('token_state: per profile', () => {
    const s = run([
      { type: 'token_state', profile: 'a', stored: true },
      { type: 'token_state', profile: 'b', stored: false },
    ]);
    expect(s.tokens).toEqual({ a: true, b: false });
    expect(reduce(s, { type: 'token_state', profile: 'a', stored: false }).tokens.a).toBe(false);
  });

  it('error: global list always, last error per connection when it has an id', () => {
    const s = run([
      { type: 'error', error: { kind: 'keyring', message: 'locked' } },
      { type: 'error', id: 'a', error: { kind: 'connect', message: 'refused' } },
    ]);
    expect(s.errors.map((e) => [e.id, e.error.kind])).toEqual([[null, 'keyring'], ['a', 'connect']]);
    expect(new Set(s.errors.map((e) => e.key)).size).toBe(2);
    expect(s.conns.a.lastError).toEqual({ kind: 'connect', message: 'refused' });
  });

  it('error: the last error of a connection is cleared once it connects', () => {
    const s = run([
      { type: 'error', id: 'a', error: { kind: 'connect', message: 'refused' } },
      { type: 'connection', id: 'a', state: 'reconnecting', attempt: 1, delay_ms: 100 },
    ]);
    expect(s.conns.a.lastError).not.toBeNull();
    expect(reduce(s, { type: 'connection', id: 'a', state: 'connected' }).conns.a.lastError).toBeNull();
  });

  it('warning: listed like an error, but is not the connection\'s last error', () => {
    const s = run([{ type: 'warning', id: 'a', message: 'only the first binary argument arrived' }]);
    expect(s.errors).toEqual([
      { key: 1, id: 'a', error: { kind: 'warning', message: 'only the first binary argument arrived' }, count: 1 },
    ]);
    expect(s.conns.a?.lastError ?? null).toBeNull();
  });

  it('the same error again counts up and moves to the end instead of piling up', () => {
    const refused: Update = { type: 'error', id: 'a', error: { kind: 'connect', message: 'refused' } };
    const s = run([refused, { type: 'error', error: { kind: 'keyring', message: 'locked' } }, refused, refused]);
    expect(s.errors.map((e) => [e.error.kind, e.count])).toEqual([['keyring', 1], ['connect', 3]]);
    expect(s.errors[1].key).toBe(1);
    const other = reduce(s, { type: 'error', id: 'b', error: { kind: 'connect', message: 'refused' } });
    expect(other.errors).toHaveLength(3);
  });

  it('an unknown update type leaves the state as it is', () => {
    const s = initialState();
    expect(reduce(s, { type: 'something_new' } as unknown as Input)).toBe(s);
  });
});

describe('reduceAll: a batch', () => {
  it('is reduce of each input in turn, with runs of events of one connection as one step', () => {
    const out = (emit_id: number, event: string): Update => ({ ...ev('a', event), direction: 'out', emit_id } as Update);
    const batch: Input[] = [
      { type: 'profiles', profiles: [profile('a'), profile('b')] },
      ev('a', 'x1'),
      ev('a', 'x2'),
      ev('b', 'y1'),
      out(5, 'ask'),
      ev('a', 'x3'),
      { type: 'ack', id: 'a', emit_id: 5, args: [1] },
      ...Array.from({ length: 600 }, (_, i) => ev('b', `many${i}`)),
      { type: 'connection', id: 'a', state: 'connected' },
      out(6, 'ask2'),
      ev('a', 'x4'),
    ];
    // A state row is stamped with the clock: the same for both.
    vi.spyOn(Date, 'now').mockReturnValue(1_700_000_000_000);
    for (const cap of [3, 300, EVENT_CAP]) {
      const one = run(batch, initialState(cap));
      const all = reduceAll(initialState(cap), batch);
      const rows = (s: State, id: string) => Array.from({ length: s.conns[id].log.length }, (_, i) => eventAt(s.conns[id].log, i));
      expect(rows(all, 'a')).toEqual(rows(one, 'a'));
      expect(rows(all, 'b')).toEqual(rows(one, 'b'));
      expect({ ...all.conns.a, log: null }).toEqual({ ...one.conns.a, log: null });
      expect(all.conns.a.emits).toEqual(one.conns.a.emits);
      expect(firstSeq(all.conns.b.log)).toBe(firstSeq(one.conns.b.log));
    }
  });
  // Also when an assertion fails: the clock goes back for the tests after.
  afterEach(() => {
    vi.restoreAllMocks();
  });
});

describe('reduce: acknowledgements', () => {
  const pending: Input = { type: 'ui/ack_pending', id: 'a', emit_id: 7, event: 'ping', timeout_ms: 1000 };

  it('an ack answers the pending emit with the same emit_id', () => {
    const s = run([pending, { type: 'ack', id: 'a', emit_id: 7, args: [{ ok: true }] }]);
    expect(s.conns.a.acks[7]).toEqual({ status: 'answered', event: 'ping', args: [{ ok: true }] });
  });

  it('a timeout marks it timed out with the timeout used', () => {
    const s = run([pending, { type: 'ack_timeout', id: 'a', emit_id: 7, timeout_ms: 1000 }]);
    expect(s.conns.a.acks[7]).toEqual({ status: 'timed_out', event: 'ping', timeout_ms: 1000 });
  });

  it('other emit ids and other connections are untouched', () => {
    const s = run([
      pending,
      { type: 'ui/ack_pending', id: 'a', emit_id: 8, event: 'pong', timeout_ms: 1000 },
      { type: 'ui/ack_pending', id: 'b', emit_id: 7, event: 'other', timeout_ms: 1000 },
      { type: 'ack', id: 'a', emit_id: 8, args: [] },
    ]);
    expect(s.conns.a.acks[7].status).toBe('waiting');
    expect(s.conns.a.acks[8].status).toBe('answered');
    expect(s.conns.b.acks[7].status).toBe('waiting');
  });

  it('an ack nobody waited for is still recorded', () => {
    const s = run([{ type: 'ack', id: 'a', emit_id: 99, args: [1] }]);
    expect(s.conns.a.acks[99]).toEqual({ status: 'answered', event: null, args: [1] });
  });
});

describe('reduce: window inputs', () => {
  it('dismisses one error or all', () => {
    const s = run([
      { type: 'ui/error', error: { kind: 'unexpected', message: 'a' } },
      { type: 'ui/error', id: 'c', error: { kind: 'backend_unavailable', message: '' } },
    ]);
    const [first, second] = s.errors;
    expect(reduce(s, { type: 'ui/dismiss_error', key: first.key }).errors).toEqual([second]);
    expect(reduce(s, { type: 'ui/dismiss_error', key: 'all' }).errors).toEqual([]);
    expect(s.conns.c.lastError?.kind).toBe('backend_unavailable');
  });

  it('clear empties the console but keeps counting seqs', () => {
    let s = run([ev('a', 'x'), ev('a', 'y'), { type: 'ui/clear_console', id: 'a' }]);
    expect(s.conns.a.log.length).toBe(0);
    s = reduce(s, ev('a', 'z'));
    expect(eventAt(s.conns.a.log, 0)?.seq).toBe(3);
  });

  it('clear of an unknown connection changes nothing', () => {
    const s = initialState();
    expect(reduce(s, { type: 'ui/clear_console', id: 'nope' })).toBe(s);
  });
});

describe('reduce: the event cap', () => {
  it('drops the oldest events beyond the cap', () => {
    let s = initialState(5);
    for (let i = 1; i <= 12; i++) s = reduce(s, ev('a', `e${i}`));
    const log = s.conns.a.log;
    expect(log.length).toBe(5);
    expect(firstSeq(log)).toBe(8);
    expect([0, 1, 2, 3, 4].map((i) => eventAt(log, i)?.event)).toEqual(['e8', 'e9', 'e10', 'e11', 'e12']);
  });

  it(`keeps exactly ${EVENT_CAP.toLocaleString('en')} events by default`, () => {
    let s = initialState();
    const n = EVENT_CAP + 1234;
    for (let i = 1; i <= n; i++) s = reduce(s, ev('a', 'e', [i]));
    const log = s.conns.a.log;
    expect(log.length).toBe(EVENT_CAP);
    expect(eventAt(log, 0)?.args).toEqual([1235]);
    expect(eventAt(log, EVENT_CAP - 1)?.args).toEqual([n]);
  });
});

describe('reduce is pure', () => {
  it('never changes the state it was given', () => {
    const before = run([{ type: 'profiles', profiles: [profile('a')] }, ev('a', 'x')]);
    const snapshot = JSON.stringify(before);
    const log = before.conns.a.log;
    run([ev('a', 'y'), { type: 'ack', id: 'a', emit_id: 1, args: [] }, { type: 'ui/clear_console', id: 'a' }], before);
    expect(JSON.stringify(before)).toBe(snapshot);
    expect(before.conns.a.log).toBe(log);
    expect(log.length).toBe(1);
  });
});

describe('createStore', () => {
  it('notifies once per batch, and not when nothing changed', () => {
    const store = createStore();
    let calls = 0;
    const off = store.subscribe(() => calls++);
    store.applyBatch([ev('a', 'x'), ev('a', 'y')]);
    expect(calls).toBe(1);
    store.apply({ type: 'unknown' } as unknown as Input);
    expect(calls).toBe(1);
    off();
    store.apply(ev('a', 'z'));
    expect(calls).toBe(1);
    expect(store.get().conns.a.log.length).toBe(3);
  });
});
