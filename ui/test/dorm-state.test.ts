// The dorm-room state: every update, strangers, resets, the chat cap, the server's own
// errors, requests answered and refusals made moot by the room, and the seats of the
// floor plan, through the pure reducer.
import { describe, expect, it } from 'vitest';
import type { DormUpdate } from '../src/bindings/DormUpdate';
import type { Update } from '../src/bindings/Update';
import {
  MESSAGE_CAP,
  applyDormUpdate,
  emptyDorm,
  myAction,
  occupancy,
  seatsOf,
  stay,
  type Dorm,
} from '../src/state/dorm';
import { eventAt } from '../src/state/event-log';
import { failureOf, isAsking } from '../src/state/requests';
import { initialState, reduce, type Input, type State } from '../src/state/store';

const T0 = Date.UTC(2024, 2, 5, 14, 7, 9);
const room = (over: Partial<Extract<DormUpdate, { type: 'room' }>> = {}): DormUpdate => ({
  type: 'room',
  me: { user_id: '1', username: 'alice' },
  room: { room_id: '101', room_name: 'Room 101', owner_id: '1', room_size: 4, count: 2, create_time: T0, notice: 'Quiet after 11pm' },
  roommates: [
    { user_id: '1', username: 'alice', join_time: T0 },
    { user_id: '2', username: 'bob', action: '05', join_time: T0 - 3_900_000 },
  ],
  ...over,
});
const dorm = (update: DormUpdate, id = 'd'): Update => ({ type: 'protocol', id, protocol: 'dorm', update });
const run = (inputs: Input[], s: State = initialState()) => inputs.reduce(reduce, s);
const apply = (updates: DormUpdate[], d: Dorm = emptyDorm()) => updates.reduce(applyDormUpdate, d);
const sent = (request_id: number, kind: string): Input => ({ type: 'ui/request', id: 'd', request: { id: request_id, kind, key: null } });
const answer = (request_id: number, error?: string): Input => ({ type: 'answer', id: 'd', request_id, error });
const failure = (s: State, kind: string) => failureOf(s.conns.d.requests, kind)?.message;

describe('dorm: room', () => {
  it('stores me, the room, and the roster by user id in the server’s order', () => {
    const d = apply([room()]);
    expect(d.me).toEqual({ user_id: '1', username: 'alice' });
    expect(d.room?.room_name).toBe('Room 101');
    expect(d.order).toEqual(['1', '2']);
    expect(d.roster['2']).toEqual({ user_id: '2', username: 'bob', action: '05', joinTime: T0 - 3_900_000, actionTime: null });
    expect(d.roster['1'].action).toBeNull();
    expect(d.presence).toBe('in');
  });

  it('a join is open until answered, its refusal cleared by the next; a refresh reloads the roster and forgets strangers', () => {
    let s = run([sent(1, 'join'), answer(1, 'Room 101 is full (4 of 4).')]);
    expect(failure(s, 'join')).toBe('Room 101 is full (4 of 4).');
    expect(isAsking(s.conns.d.requests, 'join')).toBe(false);
    s = run([sent(2, 'join')], s);
    expect(isAsking(s.conns.d.requests, 'join')).toBe(true);
    expect(failure(s, 'join')).toBeUndefined();
    s = run([dorm(room()), answer(2), dorm({ type: 'activity', user_id: '3', action: '09', time: T0 })], s);
    expect(isAsking(s.conns.d.requests, 'join')).toBe(false);
    expect(s.conns.d.dorm.strangerOrder).toEqual(['3']);
    // Refresh: carol is in the roster now, with her name.
    const withCarol = [
      { user_id: '1', username: 'alice' },
      { user_id: '2', username: 'bob', action: '05' },
      { user_id: '3', username: 'carol', action: '09' },
    ];
    s = run([dorm(room({ roommates: withCarol }))], s);
    const d = s.conns.d.dorm;
    expect(d.strangers).toEqual({});
    expect(d.strangerOrder).toEqual([]);
    expect(d.order).toEqual(['1', '2', '3']);
    expect(d.roster['3'].username).toBe('carol');
  });

  it('a user listed twice is one cell', () => {
    const d = apply([room({ roommates: [{ user_id: '2', username: 'bob' }, { user_id: '2', username: 'bob', action: '01' }] })]);
    expect(d.order).toEqual(['2']);
    expect(d.roster['2'].action).toBe('01');
  });
});

describe('dorm: activity', () => {
  it('changes a roommate’s action and remembers when', () => {
    const d = apply([room(), { type: 'activity', user_id: '2', action: '07', time: T0 + 5000 }]);
    expect(d.roster['2']).toMatchObject({ action: '07', actionTime: T0 + 5000, joinTime: T0 - 3_900_000 });
    const cleared = applyDormUpdate(d, { type: 'activity', user_id: '2' });
    expect(cleared.roster['2']).toMatchObject({ action: null, actionTime: null });
  });

  it('from someone not in the roster: kept apart as a stranger, no crash, listed once', () => {
    let d = apply([room(), { type: 'activity', user_id: '99', action: '03', time: T0 }]);
    expect(d.roster['99']).toBeUndefined();
    expect(d.strangers['99']).toEqual({ user_id: '99', action: '03', actionTime: T0 });
    d = applyDormUpdate(d, { type: 'activity', user_id: '99', action: '42' });
    expect(d.strangerOrder).toEqual(['99']);
    expect(d.strangers['99'].action).toBe('42');
    // Even before any roster at all.
    expect(apply([{ type: 'activity', user_id: '5', action: '00' }]).strangers['5'].action).toBe('00');
  });

  it('my own: the answer ends my request, and a new one clears the last refusal', () => {
    const s = run([
      dorm(room()),
      sent(1, 'set_activity'),
      answer(1, 'nope'),
      sent(2, 'set_activity'),
      dorm({ type: 'activity', user_id: '1', action: '06', time: T0 }),
      answer(2),
    ]);
    expect(myAction(s.conns.d.dorm)).toBe('06');
    expect(s.conns.d.requests.pending).toEqual([]);
    expect(failure(s, 'set_activity')).toBeUndefined();
  });
});

describe('dorm: chat', () => {
  it('appends mine and my roommates’ messages in order, with their time', () => {
    const d = apply([
      room(),
      { type: 'message', sender: 'me', text: 'hi', time: T0 },
      { type: 'message', sender: 'roommate', text: 'line 1\nline 2' },
    ]);
    expect(d.messages).toEqual([
      { seq: 1, sender: 'me', text: 'hi', time: T0, from: null },
      { seq: 2, sender: 'roommate', text: 'line 1\nline 2', time: null, from: null },
    ]);
  });

  it('in a room of two, a roommate’s message is from the one other person', () => {
    const two = room({ room: { room_id: '2', room_name: 'Room 202', room_size: 2, notice: '' } });
    expect(apply([two, { type: 'message', sender: 'roommate', text: 'yo' }]).messages[0].from).toBe('2');
    const alone = room({ room: { room_id: '2', room_name: 'Room 202', room_size: 2, notice: '' }, roommates: [{ user_id: '1', username: 'alice' }] });
    expect(apply([alone, { type: 'message', sender: 'roommate', text: 'yo' }]).messages[0].from).toBeNull();
    expect(apply([alone, { type: 'activity', user_id: '6', action: '01' }, { type: 'message', sender: 'roommate', text: 'yo' }]).messages[0].from).toBe('6');
  });

  it(`keeps the last ${MESSAGE_CAP} messages`, () => {
    let d = emptyDorm();
    for (let i = 1; i <= MESSAGE_CAP + 5; i++) d = applyDormUpdate(d, { type: 'message', sender: 'roommate', text: `m${i}` });
    expect(d.messages).toHaveLength(MESSAGE_CAP);
    expect(d.messages[0]).toMatchObject({ seq: 6, text: 'm6' });
    expect(d.messages.at(-1)).toMatchObject({ seq: MESSAGE_CAP + 5 });
  });

  it('a refused message is kept for the composer; the next one clears it', () => {
    const s = run([sent(1, 'message'), answer(1, 'The message is empty.')]);
    expect(failure(s, 'message')).toBe('The message is empty.');
    const t = run([sent(2, 'message'), dorm({ type: 'message', sender: 'me', text: 'ok' }), answer(2)], s);
    expect(failure(t, 'message')).toBeUndefined();
    expect(t.conns.d.requests.pending).toEqual([]);
  });
});

describe('dorm: leaving, errors, resets', () => {
  it('left: out of the room, its roster dropped, Rejoin next', () => {
    const d = apply([room(), { type: 'activity', user_id: '9', action: '01' }, { type: 'left' }]);
    expect(d.presence).toBe('left');
    expect(d.order).toEqual([]);
    expect(d.strangerOrder).toEqual([]);
    expect(d.room?.room_name).toBe('Room 101');
  });

  it('the server’s own errors (answering no request) are general; a fresh roster clears them', () => {
    const d = apply([{ type: 'error', message: 'a' }, { type: 'error', message: 'c' }]);
    expect(d.error).toBe('c');
    expect(apply([room()], d).error).toBeNull();
  });

  it('a leave is done at once and may be refused after; what was refused in the room is moot once out of it', () => {
    let s = run([dorm(room()), sent(1, 'message'), answer(1, 'slow down'), sent(2, 'set_activity'), answer(2, 'nope')]);
    s = run([sent(3, 'leave'), dorm({ type: 'left' }), answer(3)], s);
    expect(failure(s, 'message')).toBeUndefined();
    expect(failure(s, 'set_activity')).toBeUndefined();
    expect(failure(s, 'leave')).toBeUndefined();
    s = run([answer(3, 'Not in a room')], s);
    expect(failure(s, 'leave')).toBe('Not in a room');
    // Back in the room: the refused leave is moot.
    expect(failure(run([dorm(room())], s), 'leave')).toBeUndefined();
  });

  it('a rejected request shows as its failure; a backend error is listed, never tied to a request', () => {
    const s = run([
      sent(1, 'join'),
      answer(1, 'The request is not valid: this dorm server needs a token: add one in the server\'s settings'),
    ]);
    expect(failure(s, 'join')).toBe('The request is not valid: this dorm server needs a token: add one in the server\'s settings');
    const t = run([sent(1, 'join'), { type: 'error', id: 'd', error: { kind: 'bad_request', message: 'x' } }]);
    expect(isAsking(t.conns.d.requests, 'join')).toBe(true);
    expect(t.conns.d.dorm.error).toBeNull();
    expect(t.errors).toHaveLength(1);
  });

  it('a new connection starts out of the room, the chat kept', () => {
    const s = run([
      { type: 'connection', id: 'd', state: 'connected' },
      dorm(room()),
      dorm({ type: 'activity', user_id: '7', action: '01' }),
      dorm({ type: 'message', sender: 'me', text: 'hi' }),
      dorm({ type: 'error', message: 'x' }),
      { type: 'connection', id: 'd', state: 'reconnecting', attempt: 1, delay_ms: 100 },
    ]);
    expect(s.conns.d.dorm.presence).toBe('in'); // not yet: the server may still hold us
    const d = reduce(s, { type: 'connection', id: 'd', state: 'connected' }).conns.d.dorm;
    expect(d).toMatchObject({ me: null, room: null, roster: {}, order: [], strangers: {}, presence: 'out', error: null });
    expect(d.messages.map((m) => m.text)).toEqual(['hi']);
    expect(apply([{ type: 'message', sender: 'me', text: 'again' }], d).messages.map((m) => m.seq)).toEqual([1, 2]);
  });

  it('an upgrade to WebSocket is the same connection: the room stays, one row says so', () => {
    const s = run([
      { type: 'connection', id: 'd', state: 'connected', sid: 's1', transport: 'polling' },
      dorm(room()),
      { type: 'connection', id: 'd', state: 'connected', sid: 's1', transport: 'websocket', upgraded: true },
    ]);
    expect(s.conns.d.dorm.room?.room_id).toBe('101');
    expect(s.conns.d.state).toMatchObject({ state: 'connected', transport: 'websocket' });
    const log = s.conns.d.log;
    const rows = Array.from({ length: log.length }, (_, i) => eventAt(log, i)!).filter((e) => e.kind === 'state');
    expect(rows.map((e) => e.event)).toEqual(['connected', 'upgraded']);
  });

  it('an update kind this window does not know changes nothing', () => {
    const d = apply([room()]);
    expect(applyDormUpdate(d, { type: 'new_thing' } as unknown as DormUpdate)).toBe(d);
  });

  it('never changes the state it was given', () => {
    const before = run([dorm(room()), dorm({ type: 'message', sender: 'me', text: 'a' })]);
    const snapshot = JSON.stringify(before);
    run([dorm({ type: 'activity', user_id: '2', action: '01' }), dorm({ type: 'activity', user_id: '8' }), dorm({ type: 'left' }), dorm({ type: 'message', sender: 'me', text: 'b' })], before);
    expect(JSON.stringify(before)).toBe(snapshot);
  });
});

describe('dorm: seats', () => {
  it('people in order (me marked), strangers as ids, then free seats up to the size', () => {
    const d = apply([room(), { type: 'activity', user_id: '99', action: '02', time: T0 }]);
    expect(seatsOf(d)).toEqual([
      { kind: 'person', user_id: '1', name: 'alice', action: null, joinTime: T0, actionTime: null, me: true },
      { kind: 'person', user_id: '2', name: 'bob', action: '05', joinTime: T0 - 3_900_000, actionTime: null, me: false },
      { kind: 'person', user_id: '99', name: null, action: '02', joinTime: null, actionTime: T0, me: false },
      { kind: 'free', n: 0 },
    ]);
    expect(occupancy(d)).toEqual({ taken: 3, size: 4 });
  });

  it('me added when the roster leaves me out; no size: as many seats as people', () => {
    const d = apply([room({ room: { room_id: '1', room_name: '', notice: '' }, roommates: [{ user_id: '2', username: '' }] })]);
    const seats = seatsOf(d);
    expect(seats.map((s) => (s.kind === 'person' ? [s.user_id, s.name, s.me] : 'free'))).toEqual([['1', 'alice', true], ['2', null, false]]);
    expect(occupancy(d)).toEqual({ taken: 2, size: 2 });
  });

  it('how long someone has stayed, in days, hours and minutes', () => {
    expect(stay(T0, T0 + 59_999)).toEqual({ d: 0, h: 0, m: 0 });
    expect(stay(T0, T0 + 65 * 60_000 + 30_000)).toEqual({ d: 0, h: 1, m: 5 });
    expect(stay(T0, T0 + (26 * 60 + 3) * 60_000)).toEqual({ d: 1, h: 2, m: 3 });
    expect(stay(T0, T0 - 5000)).toEqual({ d: 0, h: 0, m: 0 });
  });
});
