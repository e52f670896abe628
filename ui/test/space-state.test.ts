import { describe, expect, it } from 'vitest';
import type { ChatEntry } from '../src/bindings/ChatEntry';
import type { SpaceAction } from '../src/bindings/SpaceAction';
import type { SpaceUpdate } from '../src/bindings/SpaceUpdate';
import { itemAt, itemByKey } from '../src/lib/keyed-log';
import { failureOf, isAsking } from '../src/state/requests';
import { dayKey, daysAgo } from '../src/state/space';
import { initialState, reduce, type Input, type State } from '../src/state/store';

const ID = 'sp';
const sp = (update: SpaceUpdate): Input => ({ type: 'protocol', id: ID, protocol: 'space', update });
const entry = (over: Partial<ChatEntry> = {}): ChatEntry =>
  ({ key: 'k1', room: 'general', username: 'bob', mine: false, time: 1000, body: { kind: 'text', text: 'hi' }, status: 'received', ...over }) as ChatEntry;
const run = (inputs: Input[], s: State = initialState()) => inputs.reduce(reduce, s);
const space = (s: State) => s.conns[ID].space;
let lastId = 0;
/** A request of The Space sent by the window (its id: `lastId`). */
const request = (action: SpaceAction): Input => {
  const key = 'room' in action ? action.room : null;
  return { type: 'ui/request', id: ID, request: { id: ++lastId, kind: action.type, key }, action: { type: 'request', id: ID, protocol: 'space', action } };
};
const asked = (room: string, username = 'alice'): Input => request({ type: 'join', room, username });
const answer = (request_id = lastId, error?: string): Input => ({ type: 'answer', id: ID, request_id, error });
const requests = (s: State) => s.conns[ID].requests;

describe('rooms', () => {
  it('a join asked for: pending until joined, then the room is in view with its people and my name', () => {
    let s = run([asked('general')]);
    expect(isAsking(requests(s), 'join')).toBe(true);
    s = run([answer(), sp({ type: 'joined', room: 'general', users: [{ username: 'alice', sid: '1' }, { username: 'bob', sid: '2' }] })], s);
    const sp1 = space(s);
    expect(isAsking(requests(s), 'join')).toBe(false);
    expect(sp1.joining).toEqual({});
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
    s = run([request({ type: 'list_users', room: 'r' })], s);
    expect(isAsking(requests(s), 'list_users', 'r')).toBe(true);
    s = run([answer(), sp({ type: 'users', room: 'r', users: [{ username: 'x' }, { username: 'y' }, { username: 'x' }] })], s);
    expect(space(s).rooms.r.users.map((u) => u.username)).toEqual(['x', 'y']);
    expect(isAsking(requests(s), 'list_users')).toBe(false);
  });

  it('leaving keeps the chat readable; a room I am out of can be taken off the list', () => {
    let s = run([asked('a'), answer(), sp({ type: 'joined', room: 'a' }), sp({ type: 'entry', entry: entry({ room: 'a' }) })]);
    s = run([request({ type: 'leave', room: 'a' }), answer(), sp({ type: 'left', room: 'a' })], s);
    expect(space(s).rooms.a).toMatchObject({ joined: false, users: [] });
    expect(space(s).rooms.a.entries.length).toBe(1);
    expect(requests(s).pending).toEqual([]);
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
    let s = run([asked('general'), answer(), sp({ type: 'joined', room: 'general' })]);
    s = run([request({ type: 'message', room: 'general', text: 'hi' })], s);
    s = run([sp({ type: 'entry', entry: entry({ key: 'local-1', mine: true, username: 'alice', status: 'pending' }) })], s);
    expect(isAsking(requests(s), 'message', 'general')).toBe(true);
    s = run([answer()], s);
    expect(requests(s).pending).toEqual([]);
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

describe('refusals and the server’s own errors', () => {
  it('a refused join ends it, kept for its room; asking again clears it; the server’s own errors are general', () => {
    let s = run([asked('vip')]);
    s = run([answer(lastId, 'Room is full')], s);
    expect(failureOf(requests(s), 'join')).toMatchObject({ message: 'Room is full', key: 'vip' });
    expect(isAsking(requests(s), 'join')).toBe(false);
    // Not asked any more: a rejoin of it after a reconnect would not move the view.
    expect(space(s).joining).toEqual({});
    s = run([asked('vip')], s);
    expect(failureOf(requests(s), 'join')).toBeNull();
    s = run([sp({ type: 'error', message: 'Something' })], s);
    expect(space(s).error).toBe('Something');
    s = run([answer(), sp({ type: 'joined', room: 'vip' })], s);
    expect(space(s).error).toBeNull();
  });

  it('a refusal by the window, a rejected request, and a backend error that answers nothing', () => {
    let s = run([{ type: 'ui/refused', id: ID, request: { id: ++lastId, kind: 'message', key: 'a' }, message: 'Write a message first.' }]);
    expect(failureOf(requests(s), 'message', 'a')?.message).toBe('Write a message first.');
    s = run([asked('r'), answer(lastId, 'Not connected: the connection is closed')], s);
    expect(failureOf(requests(s), 'join')?.message).toBe('Not connected: the connection is closed');
    expect(requests(s).pending).toEqual([]);
    s = run([asked('q'), { type: 'error', id: ID, error: { kind: 'not_connected', message: 'closed' } }], s);
    expect(isAsking(requests(s), 'join', 'q')).toBe(true);
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
