// The dorm-room state: every update, strangers, resets, the chat cap, errors tied to
// their request, and the seats of the floor plan, through the pure reducer.
import { describe, expect, it } from 'vitest';
import type { DormUpdate } from '../src/bindings/DormUpdate';
import type { Update } from '../src/bindings/Update';
import {
  MESSAGE_CAP,
  applyDormUpdate,
  emptyDorm,
  isJoining,
  myAction,
  occupancy,
  seatsOf,
  stay,
  type Dorm,
} from '../src/state/dorm';
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
const dorm = (update: DormUpdate, id = 'd'): Update => ({ type: 'dorm', id, update });
const run = (inputs: Input[], s: State = initialState()) => inputs.reduce(reduce, s);
const apply = (updates: DormUpdate[], d: Dorm = emptyDorm()) => updates.reduce(applyDormUpdate, d);

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

  it('answers an open join and clears its error; a refresh reloads the roster and forgets strangers', () => {
    let s = run([
      { type: 'ui/dorm_request', id: 'd', request: 'join_room' },
      dorm({ type: 'error', request: 'join_room', message: 'Room 101 is full (4 of 4).' }),
    ]);
    expect(s.conns.d.dorm.errors.join_room).toBe('Room 101 is full (4 of 4).');
    expect(isJoining(s.conns.d.dorm)).toBe(false);
    s = run([{ type: 'ui/dorm_request', id: 'd', request: 'join_room' }], s);
    expect(isJoining(s.conns.d.dorm)).toBe(true);
    expect(s.conns.d.dorm.errors.join_room).toBeUndefined();
    s = run([dorm(room()), dorm({ type: 'activity', user_id: '3', action: '09', time: T0 })], s);
    expect(isJoining(s.conns.d.dorm)).toBe(false);
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

  it('my own answers my open request and clears its error', () => {
    const s = run([
      dorm(room()),
      { type: 'ui/dorm_request', id: 'd', request: 'action' },
      dorm({ type: 'error', request: 'action', message: 'nope' }),
      { type: 'ui/dorm_request', id: 'd', request: 'action' },
      dorm({ type: 'activity', user_id: '1', action: '06', time: T0 }),
    ]);
    expect(myAction(s.conns.d.dorm)).toBe('06');
    expect(s.conns.d.dorm.pending).toEqual([]);
    expect(s.conns.d.dorm.errors.action).toBeUndefined();
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

  it('my message answers my open request and clears its error', () => {
    const s = run([
      { type: 'ui/dorm_request', id: 'd', request: 'message' },
      dorm({ type: 'error', request: 'message', message: 'The message is empty.' }),
    ]);
    expect(s.conns.d.dorm.errors.message).toBe('The message is empty.');
    const t = run([{ type: 'ui/dorm_request', id: 'd', request: 'message' }, dorm({ type: 'message', sender: 'me', text: 'ok' })], s);
    expect(t.conns.d.dorm.errors.message).toBeUndefined();
    expect(t.conns.d.dorm.pending).toEqual([]);
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

  it('errors go to the slot of their request; last_data answers a join; others are general', () => {
    const d = apply([
      { type: 'error', request: 'leave_room', message: 'a' },
      { type: 'error', request: 'last_data', message: 'b' },
      { type: 'error', request: 'something_new', message: 'c' },
      { type: 'error', request: 'message', message: 'd' },
      { type: 'error', request: 'action', message: 'e' },
    ]);
    expect(d.errors).toEqual({ leave_room: 'a', join_room: 'b', general: 'c', message: 'd', action: 'e' });
  });

  it('a refusal of the window or the backend shows in its slot', () => {
    const s = run([
      { type: 'ui/dorm_request', id: 'd', request: 'message' },
      { type: 'ui/dorm_error', id: 'd', request: 'message', message: 'Not connected' },
    ]);
    expect(s.conns.d.dorm.errors.message).toBe('Not connected');
    expect(s.conns.d.dorm.pending).toEqual([]);
  });

  it('a backend error after accepting a request answers the oldest open one', () => {
    const s = run([
      { type: 'ui/dorm_request', id: 'd', request: 'join_room' },
      { type: 'error', id: 'd', error: { kind: 'bad_request', message: 'this dorm server needs a token: add one in the server\'s settings' } },
    ]);
    expect(s.conns.d.dorm.errors.join_room).toBe('The request is not valid: this dorm server needs a token: add one in the server\'s settings');
    expect(s.errors).toHaveLength(1); // still listed with the others
    // Connection trouble is not a refusal, and nothing open: nothing to tie.
    const t = run([{ type: 'ui/dorm_request', id: 'd', request: 'join_room' }, { type: 'error', id: 'd', error: { kind: 'connect', message: 'refused' } }]);
    expect(t.conns.d.dorm.errors).toEqual({});
    const u = run([{ type: 'error', id: 'd', error: { kind: 'bad_request', message: 'x' } }]);
    expect(u.conns.d.dorm.errors).toEqual({});
  });

  it('a new connection starts out of the room, the chat kept', () => {
    const s = run([
      { type: 'connection', id: 'd', state: 'connected' },
      dorm(room()),
      dorm({ type: 'activity', user_id: '7', action: '01' }),
      dorm({ type: 'message', sender: 'me', text: 'hi' }),
      dorm({ type: 'error', request: 'action', message: 'x' }),
      { type: 'connection', id: 'd', state: 'reconnecting', attempt: 1, delay_ms: 100 },
    ]);
    expect(s.conns.d.dorm.presence).toBe('in'); // not yet: the server may still hold us
    const d = reduce(s, { type: 'connection', id: 'd', state: 'connected' }).conns.d.dorm;
    expect(d).toMatchObject({ me: null, room: null, roster: {}, order: [], strangers: {}, presence: 'out', pending: [], errors: {} });
    expect(d.messages.map((m) => m.text)).toEqual(['hi']);
    expect(apply([{ type: 'message', sender: 'me', text: 'again' }], d).messages.map((m) => m.seq)).toEqual([1, 2]);
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
