// The Space state of one connection (PROTOCOLS.md section 5), as pure functions: the
// rooms I joined (and those I left, still readable), each room's people, chat entries
// (by key, upserted in place) and unread count, the room in view, the rooms I asked to
// join (with the name I asked for), and the server's last error that answered no request
// (requests and their refusals: requests.ts).
import type { ChatEntry } from '../bindings/ChatEntry';
import type { SpaceUpdate } from '../bindings/SpaceUpdate';
import type { SpaceUser } from '../bindings/SpaceUser';
import { validDate } from '../lib/format';
import { emptyKeyed, indexOfKey, upsert, type KeyedLog } from '../lib/keyed-log';

/** Entries kept per room; past it the oldest go, a few hundred at a time. */
export const ENTRY_CAP = 100_000;

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
  /** Rooms the person asked to join and not joined yet, with the name asked for (my name there). */
  joining: Readonly<Record<string, string>>;
  /** The server's last error that answered no request of ours (shown at the top of the view). */
  error: string | null;
}

export const emptySpace = (): Space => ({ rooms: {}, order: [], current: null, welcome: null, joining: {}, error: null });

export const emptyRoom = (name: string): Room => ({
  name, joined: false, me: null, users: [], entries: emptyKeyed(), files: {}, unread: 0,
});

/**
 * A new connection is a new socket: the server knows me in no room until the backend
 * rejoins them (it does after a reconnect, and says so with `joined`). Chats stay readable;
 * joins still queued in the backend stay asked.
 */
export function resetSpace(s: Space): Space {
  const rooms: Record<string, Room> = {};
  for (const name of s.order) rooms[name] = { ...s.rooms[name], joined: false, users: [] };
  return { ...s, rooms, welcome: null };
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
  return withRoom(s, entry.room, (r) => ({
    ...r,
    entries: log,
    files: file !== null && r.files[file] !== entry.key ? { ...r.files, [file]: entry.key } : r.files,
    unread: r.unread + (unseen ? 1 : 0),
    me: r.me ?? (entry.mine && entry.username ? entry.username : null),
  }));
}

/** A `space` update for this connection. */
export function applySpaceUpdate(s: Space, u: SpaceUpdate): Space {
  switch (u.type) {
    case 'welcome':
      return { ...s, welcome: u.message ?? null };
    case 'joined': {
      const asked = s.joining[u.room];
      const next = withRoom(spaceJoinEnded(s, u.room), u.room, (r) => {
        const me = asked ?? r.me;
        const users = u.users ? distinct(u.users) : me ? [{ username: me }] : [];
        return { ...r, joined: true, me, users };
      });
      // The room the person asked to join comes into view; a rejoin after a reconnect does not move it.
      const shown = asked !== undefined || s.current === null ? u.room : s.current;
      return showRoom({ ...next, error: null }, shown);
    }
    case 'left':
      return withRoom(s, u.room, (r) => ({ ...r, joined: false, users: [] }));
    case 'user_joined':
      return withRoom(s, u.room, (r) => ({ ...r, users: addUser(r.users, u.user) }));
    case 'user_left':
      return withRoom(s, u.room, (r) => ({ ...r, users: removeUser(r.users, u.user) }));
    case 'users':
      return withRoom(s, u.room, (r) => ({ ...r, users: distinct(u.users) }));
    case 'entry':
      return onEntry(s, u.entry);
    case 'error':
      return { ...s, error: u.message };
    default:
      return s; // an update kind this window does not know yet
  }
}

/** The person asked to join `room` as `username`: when it is joined, that is my name there, and it comes into view. */
export const spaceJoining = (s: Space, room: string, username: string): Space => ({ ...s, joining: { ...s.joining, [room]: username } });

/** The join of `room` was answered (joined, or refused). */
export function spaceJoinEnded(s: Space, room: string): Space {
  if (!(room in s.joining)) return s;
  const { [room]: _done, ...joining } = s.joining;
  return { ...s, joining };
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
