import { describe, expect, it } from 'vitest';
import type { ChatEntry } from '../src/bindings/ChatEntry';
import type { SpaceUpdate } from '../src/bindings/SpaceUpdate';
import { itemAt, itemByKey } from '../src/lib/keyed-log';
import { dayKey, daysAgo, isJoining, slotOf } from '../src/state/space';
import { initialState, reduce, type Input, type State } from '../src/state/store';

const ID = 'sp';
const sp = (update: SpaceUpdate): Input => ({ type: 'space', id: ID, update });
const entry = (over: Partial<ChatEntry> = {}): ChatEntry =>
  ({ key: 'k1', room: 'general', username: 'bob', mine: false, time: 1000, body: { kind: 'text', text: 'hi' }, status: 'received', ...over }) as ChatEntry;
const run = (inputs: Input[], s: State = initialState()) => inputs.reduce(reduce, s);
const space = (s: State) => s.conns[ID].space;
const asked = (room: string, username = 'alice'): Input => ({ type: 'ui/space_request', id: ID, request: { request: 'join_room', room, username } });

describe('rooms', () => {
  it('a join asked for: pending until joined, then the room is in view with its people and my name', () => {
    let s = run([asked('general')]);
    expect(isJoining(space(s))).toBe(true);
    s = run([sp({ type: 'joined', room: 'general', users: [{ username: 'alice', sid: '1' }, { username: 'bob', sid: '2' }] })], s);
    const sp1 = space(s);
    expect(isJoining(sp1)).toBe(false);
    expect(sp1.order).toEqual(['general']);
    expect(sp1.current).toBe('general');
    expect(sp1.rooms.general).toMatchObject({ joined: true, me: 'alice', unread: 0 });
    expect(sp1.rooms.general.users.map((u) => u.username)).toEqual(['alice', 'bob']);
  });

  it('joined without a user list: just me; a rejoin after a reconnect does not move the view', () => {
    let s = run([asked('a'), sp({ type: 'joined', room: 'a' }), asked('b'), sp({ type: 'joined', room: 'b' })]);
    expect(space(s).current).toBe('b');
    expect(space(s).rooms.a.users).toEqual([{ username: 'alice' }]);
    s = run([{ type: 'connection', id: ID, state: 'connected' }], s);
    expect(space(s).rooms.a.joined).toBe(false);
    expect(space(s).rooms.b.users).toEqual([]);
    s = run([sp({ type: 'joined', room: 'a' }), sp({ type: 'joined', room: 'b' })], s);
    expect(space(s).current).toBe('b');
    expect(space(s).rooms.a).toMatchObject({ joined: true, me: 'alice' });
  });

  it('people come and go; a list the server sends replaces what was known, each person once', () => {
    let s = run([asked('r'), sp({ type: 'joined', room: 'r', users: [{ username: 'alice' }] })]);
    s = run([sp({ type: 'user_joined', room: 'r', user: { username: 'bob', sid: 'b1' } }), sp({ type: 'user_joined', room: 'r', user: { username: 'bob', sid: 'b1' } })], s);
    expect(space(s).rooms.r.users.map((u) => u.username)).toEqual(['alice', 'bob']);
    s = run([sp({ type: 'user_left', room: 'r', user: { username: 'bob', sid: 'b1' } })], s);
    expect(space(s).rooms.r.users.map((u) => u.username)).toEqual(['alice']);
    s = run([{ type: 'ui/space_request', id: ID, request: { request: 'get_room_users', room: 'r' } }], s);
    expect(space(s).pending).toHaveLength(1);
    s = run([sp({ type: 'users', room: 'r', users: [{ username: 'x' }, { username: 'y' }, { username: 'x' }] })], s);
    expect(space(s).rooms.r.users.map((u) => u.username)).toEqual(['x', 'y']);
    expect(space(s).pending).toHaveLength(0);
  });

  it('leaving keeps the chat readable; a room I am out of can be taken off the list', () => {
    let s = run([asked('a'), sp({ type: 'joined', room: 'a' }), sp({ type: 'entry', entry: entry({ room: 'a' }) })]);
    s = run([{ type: 'ui/space_request', id: ID, request: { request: 'leave_room', room: 'a' } }, sp({ type: 'left', room: 'a' })], s);
    expect(space(s).rooms.a).toMatchObject({ joined: false, users: [] });
    expect(space(s).rooms.a.entries.length).toBe(1);
    expect(space(s).pending).toEqual([]);
    s = run([{ type: 'ui/space_forget', id: ID, room: 'a' }], s);
    expect(space(s).order).toEqual([]);
    expect(space(s).current).toBeNull();
  });

  it('a room I am in cannot be forgotten', () => {
    const s = run([asked('a'), sp({ type: 'joined', room: 'a' }), { type: 'ui/space_forget', id: ID, room: 'a' }]);
    expect(space(s).order).toEqual(['a']);
  });
});

describe('chat entries', () => {
  it('my message: pending, then confirmed in place (same key), never twice', () => {
    let s = run([asked('general'), sp({ type: 'joined', room: 'general' })]);
    s = run([{ type: 'ui/space_request', id: ID, request: { request: 'send_message', room: 'general' } }], s);
    s = run([sp({ type: 'entry', entry: entry({ key: 'local-1', mine: true, username: 'alice', status: 'pending' }) })], s);
    expect(space(s).pending).toEqual([]);
    s = run([sp({ type: 'entry', entry: entry({ key: 'local-1', mine: true, username: 'alice', status: 'confirmed', time: 2000 }) })], s);
    const log = space(s).rooms.general.entries;
    expect(log.length).toBe(1);
    expect(itemAt(log, 0)).toMatchObject({ status: 'confirmed', time: 2000 });
    s = run([sp({ type: 'entry', entry: entry({ key: 'local-1', mine: true, status: 'failed', reason: 'Message too long' } as Partial<ChatEntry>) })], s);
    expect(itemByKey(space(s).rooms.general.entries, 'local-1')).toMatchObject({ status: 'failed', reason: 'Message too long' });
  });

  it('others’ messages count as unread only in a room not in view; showing it reads them', () => {
    let s = run([asked('a'), sp({ type: 'joined', room: 'a' }), asked('b'), sp({ type: 'joined', room: 'b' })]);
    expect(space(s).current).toBe('b');
    s = run([sp({ type: 'entry', entry: entry({ key: 'x1', room: 'a' }) }), sp({ type: 'entry', entry: entry({ key: 'x2', room: 'a' }) })], s);
    s = run([sp({ type: 'entry', entry: entry({ key: 'x2', room: 'a', username: 'bob2' }) })], s); // an update, not news
    s = run([sp({ type: 'entry', entry: entry({ key: 'y1', room: 'b' }) })], s);
    s = run([sp({ type: 'entry', entry: entry({ key: 'm1', room: 'a', mine: true, status: 'pending' }) })], s);
    expect(space(s).rooms.a.unread).toBe(2);
    expect(space(s).rooms.b.unread).toBe(0);
    s = run([{ type: 'ui/space_room', id: ID, room: 'a' }], s);
    expect(space(s).current).toBe('a');
    expect(space(s).rooms.a.unread).toBe(0);
  });

  it('file entries are indexed by file id (their card lives in the chat)', () => {
    const s = run([sp({ type: 'entry', entry: entry({ key: 'f', body: { kind: 'file', file_id: 'in-3' } }) })]);
    expect(space(s).rooms.general.files).toEqual({ 'in-3': 'f' });
    expect(space(s).order).toEqual(['general']);
  });
});

describe('errors beside their request', () => {
  it('the server’s error names its request; it closes that request', () => {
    let s = run([asked('vip')]);
    s = run([sp({ type: 'error', message: 'Room is full', request: 'join_room', room: 'vip' })], s);
    expect(space(s).errors.join_room).toEqual({ message: 'Room is full', room: 'vip' });
    expect(isJoining(space(s))).toBe(false);
    // Asking again clears it.
    s = run([asked('vip')], s);
    expect(space(s).errors.join_room).toBeUndefined();
    s = run([sp({ type: 'error', message: 'Something' })], s);
    expect(space(s).errors.general?.message).toBe('Something');
    expect(slotOf('send_message')).toBe('send_message');
    expect(slotOf('what')).toBe('general');
    expect(slotOf(undefined)).toBe('general');
  });

  it('a refusal by the window or the backend, and a backend error after accepting', () => {
    let s = run([{ type: 'ui/space_error', id: ID, slot: 'send_message', message: 'Write a message first.', room: 'a' }]);
    expect(space(s).errors.send_message).toEqual({ message: 'Write a message first.', room: 'a' });
    s = run([asked('r'), { type: 'error', id: ID, error: { kind: 'not_connected', message: 'the connection is closed' } }], s);
    expect(space(s).errors.join_room?.message).toBe('Not connected: the connection is closed');
    expect(space(s).pending).toEqual([]);
    s = run([{ type: 'ui/space_error', id: ID, slot: 'send_file', message: 'too large', room: 'a' }, { type: 'ui/space_clear', id: ID, slot: 'send_file' }], s);
    expect(space(s).errors.send_file).toBeUndefined();
  });

  it('a new connection keeps the chats and the welcome goes', () => {
    let s = run([sp({ type: 'welcome', message: 'Hello' }), sp({ type: 'entry', entry: entry() })]);
    expect(space(s).welcome).toBe('Hello');
    s = run([{ type: 'connection', id: ID, state: 'connected' }], s);
    expect(space(s).welcome).toBeNull();
    expect(space(s).rooms.general.entries.length).toBe(1);
  });
});

describe('days', () => {
  it('local calendar days', () => {
    const noon = new Date(2024, 2, 5, 12).getTime();
    expect(dayKey(noon)).toBe('2024-3-5');
    expect(daysAgo(noon, noon)).toBe(0);
    expect(daysAgo(new Date(2024, 2, 4, 23, 59).getTime(), new Date(2024, 2, 5, 0, 1).getTime())).toBe(1);
    expect(daysAgo(new Date(2024, 1, 28).getTime(), noon)).toBe(6);
  });
});
