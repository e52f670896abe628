// The Space state of one connection (PROTOCOLS.md section 5), as pure functions: the
// rooms I joined (and those I left, still readable), each room's people, chat entries
// (by key, upserted in place) and unread count, the room in view, the requests still
// open and the last error of each kind of request, kept for the control that sent it.
import type { ChatEntry } from '../bindings/ChatEntry';
import type { SpaceUpdate } from '../bindings/SpaceUpdate';
import type { SpaceUser } from '../bindings/SpaceUser';
import { validDate } from '../lib/format';
import { emptyKeyed, indexOfKey, upsert, type KeyedLog } from '../lib/keyed-log';

/** Entries kept per room; past it the oldest go, a few hundred at a time. */
export const ENTRY_CAP = 100_000;

/** The server's requests, as the backend names them in errors. */
export type SpaceRequestKind = 'join_room' | 'leave_room' | 'get_room_users' | 'send_message';
/** Where an error is shown: beside the control of its request, or at the top of the view. */
export type SpaceSlot = SpaceRequestKind | 'send_file' | 'general';

export interface SpaceRequest {
  request: SpaceRequestKind;
  room: string;
  /** The name a join asked for (it becomes my name in the room). */
  username?: string;
}

export interface SpaceError {
  message: string;
  /** The room it concerns, when known. */
  room: string | null;
}

export interface Room {
  name: string;
  /** In the room now (false: left, never joined on this connection, or not rejoined yet). */
  joined: boolean;
  /** My name in the room, once known. */
  me: string | null;
  /** Who is in it, in the order the server told. */
  users: SpaceUser[];
  entries: KeyedLog<ChatEntry>;
  /** The chat entry of each file in the room: file id → entry key. */
  files: Readonly<Record<string, string>>;
  /** Messages from others that came while another room was in view. */
  unread: number;
}

export interface Space {
  rooms: Readonly<Record<string, Room>>;
  /** Rooms in the order they were first heard of. */
  order: string[];
  /** The room in view. */
  current: string | null;
  /** What the server said on connecting, if anything. */
  welcome: string | null;
  /** Requests sent and not answered yet, oldest first. */
  pending: SpaceRequest[];
  errors: Partial<Record<SpaceSlot, SpaceError>>;
}

export const emptySpace = (): Space => ({ rooms: {}, order: [], current: null, welcome: null, pending: [], errors: {} });

export const emptyRoom = (name: string): Room => ({
  name, joined: false, me: null, users: [], entries: emptyKeyed(), files: {}, unread: 0,
});

/**
 * A new connection is a new socket: the server knows me in no room until the backend
 * rejoins them (it does after a reconnect, and says so with `joined`). Chats stay readable;
 * requests still queued in the backend stay open.
 */
export function resetSpace(s: Space): Space {
  const rooms: Record<string, Room> = {};
  for (const name of s.order) rooms[name] = { ...s.rooms[name], joined: false, users: [] };
  return { ...s, rooms, welcome: null };
}

const SLOTS: readonly string[] = ['join_room', 'leave_room', 'get_room_users', 'send_message', 'send_file'];
/** The slot of a request the backend names in an error. */
export function slotOf(request: string | undefined): SpaceSlot {
  return request !== undefined && SLOTS.includes(request) ? (request as SpaceSlot) : 'general';
}

function withoutError(errors: Space['errors'], slot: SpaceSlot): Space['errors'] {
  if (!(slot in errors)) return errors;
  const { [slot]: _gone, ...rest } = errors;
  return rest;
}

/** Close the oldest open request of `kind` (for `room`, when given). */
function answer(s: Space, kind: SpaceRequestKind, room?: string): { pending: SpaceRequest[]; asked: SpaceRequest | null } {
  const i = s.pending.findIndex((p) => p.request === kind && (room === undefined || p.room === room));
  if (i < 0) return { pending: s.pending, asked: null };
  return { pending: [...s.pending.slice(0, i), ...s.pending.slice(i + 1)], asked: s.pending[i] };
}

function withRoom(s: Space, name: string, f: (r: Room) => Room): Space {
  const known = name in s.rooms;
  return {
    ...s,
    rooms: { ...s.rooms, [name]: f(s.rooms[name] ?? emptyRoom(name)) },
    order: known ? s.order : [...s.order, name],
  };
}

/** The same person: by session id when both have one, else by name. */
const samePerson = (a: SpaceUser, b: SpaceUser): boolean =>
  a.sid !== undefined && b.sid !== undefined ? a.sid === b.sid : a.username === b.username;

function addUser(users: SpaceUser[], user: SpaceUser): SpaceUser[] {
  const i = users.findIndex((u) => samePerson(u, user));
  if (i < 0) return [...users, user];
  return users.map((u, k) => (k === i ? user : u));
}

function removeUser(users: SpaceUser[], user: SpaceUser): SpaceUser[] {
  const i = users.findIndex((u) => samePerson(u, user));
  return i < 0 ? users : [...users.slice(0, i), ...users.slice(i + 1)];
}

/** One name once: a list the server sent twice over is shown once. */
function distinct(users: SpaceUser[]): SpaceUser[] {
  return users.reduce<SpaceUser[]>((all, u) => addUser(all, u), []);
}

function onEntry(s: Space, entry: ChatEntry): Space {
  const room = s.rooms[entry.room] ?? emptyRoom(entry.room);
  const { log, added } = upsert(room.entries, entry, ENTRY_CAP);
  const file = entry.body.kind === 'file' ? entry.body.file_id : null;
  const unseen = added && !entry.mine && s.current !== entry.room;
  const next = withRoom(s, entry.room, (r) => ({
    ...r,
    entries: log,
    files: file !== null && r.files[file] !== entry.key ? { ...r.files, [file]: entry.key } : r.files,
    unread: r.unread + (unseen ? 1 : 0),
    me: r.me ?? (entry.mine && entry.username ? entry.username : null),
  }));
  if (!entry.mine || entry.body.kind !== 'text') return next;
  // My message is on its way (or answered): the send is no longer open, its error moot.
  const { pending } = answer(s, 'send_message', entry.room);
  return { ...next, pending, errors: withoutError(next.errors, 'send_message') };
}

/** A `space` update for this connection. */
export function applySpaceUpdate(s: Space, u: SpaceUpdate): Space {
  switch (u.type) {
    case 'welcome':
      return { ...s, welcome: u.message ?? null };
    case 'joined': {
      const { pending, asked } = answer(s, 'join_room', u.room);
      const next = withRoom(s, u.room, (r) => {
        const me = asked?.username ?? r.me;
        const users = u.users ? distinct(u.users) : me ? [{ username: me }] : [];
        return { ...r, joined: true, me, users };
      });
      // The room the person asked to join comes into view; a rejoin after a reconnect does not move it.
      const shown = asked !== null || s.current === null ? u.room : s.current;
      return showRoom({ ...next, pending, errors: withoutError(withoutError(next.errors, 'join_room'), 'general') }, shown);
    }
    case 'left': {
      const { pending } = answer(s, 'leave_room', u.room);
      const next = withRoom(s, u.room, (r) => ({ ...r, joined: false, users: [] }));
      return { ...next, pending, errors: withoutError(next.errors, 'leave_room') };
    }
    case 'user_joined':
      return withRoom(s, u.room, (r) => ({ ...r, users: addUser(r.users, u.user) }));
    case 'user_left':
      return withRoom(s, u.room, (r) => ({ ...r, users: removeUser(r.users, u.user) }));
    case 'users': {
      const { pending } = answer(s, 'get_room_users', u.room);
      const next = withRoom(s, u.room, (r) => ({ ...r, users: distinct(u.users) }));
      return { ...next, pending, errors: withoutError(next.errors, 'get_room_users') };
    }
    case 'entry':
      return onEntry(s, u.entry);
    case 'error': {
      const slot = slotOf(u.request);
      const pending = slot === 'general' || slot === 'send_file' ? s.pending : answer(s, slot, u.room).pending;
      return { ...s, pending, errors: { ...s.errors, [slot]: { message: u.message, room: u.room ?? null } } };
    }
    default:
      return s; // an update kind this window does not know yet
  }
}

/** The window sent `request`: it is open until answered, and its last error is cleared. */
export const spaceRequested = (s: Space, r: SpaceRequest): Space => ({
  ...s,
  pending: [...s.pending, r],
  errors: withoutError(s.errors, r.request),
});

/** The window or the backend refused a request before it reached the server. */
export function spaceRefused(s: Space, slot: SpaceSlot, message: string, room: string | null = null): Space {
  const pending = slot === 'general' || slot === 'send_file' ? s.pending : answer(s, slot, room ?? undefined).pending;
  return { ...s, pending, errors: { ...s.errors, [slot]: { message, room } } };
}

/** A new attempt at something that has no answer to wait for (sending a file): its old error goes. */
export const spaceCleared = (s: Space, slot: SpaceSlot): Space => ({ ...s, errors: withoutError(s.errors, slot) });

/** The backend reported an error after accepting a request: it answers the oldest open one. */
export function spaceBackendError(s: Space, message: string): Space {
  const oldest = s.pending[0];
  return oldest === undefined ? s : spaceRefused(s, oldest.request, message, oldest.room);
}

/** Bring `room` into view: its messages count as read. */
export function showRoom(s: Space, room: string | null): Space {
  if (room === null || !(room in s.rooms)) return { ...s, current: room === null ? null : s.current };
  const r = s.rooms[room];
  return { ...s, current: room, rooms: r.unread === 0 ? s.rooms : { ...s.rooms, [room]: { ...r, unread: 0 } } };
}

/** Take a room I am no longer in off the list (its chat goes with it). */
export function forgetRoom(s: Space, room: string): Space {
  const r = s.rooms[room];
  if (!r || r.joined) return s;
  const { [room]: _gone, ...rooms } = s.rooms;
  const order = s.order.filter((n) => n !== room);
  const current = s.current === room ? (order.find((n) => rooms[n].joined) ?? order[0] ?? null) : s.current;
  return { ...s, rooms, order, current };
}

export const isJoining = (s: Space): boolean => s.pending.some((p) => p.request === 'join_room');
export const isAsking = (s: Space, kind: SpaceRequestKind, room: string): boolean =>
  s.pending.some((p) => p.request === kind && p.room === room);

/** Whether the entry with `key` is in `room`. */
export const hasEntry = (r: Room, key: string): boolean => indexOfKey(r.entries, key) >= 0;

/** A day as a key for comparing ("2024-3-5", local time); "invalid" for a time no Date holds. */
export function dayKey(ms: number): string {
  const d = validDate(ms);
  if (!d) return 'invalid';
  return `${d.getFullYear()}-${d.getMonth() + 1}-${d.getDate()}`;
}

/** How many whole days `ms` is before `now` in the local calendar (0: today, 1: yesterday); NaN for a time no Date holds. */
export function daysAgo(ms: number, now: number): number {
  const a = validDate(ms);
  const b = validDate(now);
  if (!a || !b) return NaN;
  const start = (d: Date) => Date.UTC(d.getFullYear(), d.getMonth(), d.getDate());
  return Math.round((start(b) - start(a)) / 86_400_000);
}
