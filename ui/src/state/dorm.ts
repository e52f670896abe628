// The dorm-room state of one connection (PROTOCOLS.md section 4), as pure functions: who
// I am, the room, the roster (by user id) with each roommate's activity, people heard from
// who are not in the roster ("strangers"), the chat, whether I am in the room, and the
// server's last error that answered no request (requests and their refusals: requests.ts).
import type { DormRoom } from '../bindings/DormRoom';
import type { DormUpdate } from '../bindings/DormUpdate';
import type { DormUser } from '../bindings/DormUser';
import type { Sender } from '../bindings/Sender';

/** The activity codes of the contract, `00` snacks … `09` desk. */
export const ACTIVITY_CODES = ['00', '01', '02', '03', '04', '05', '06', '07', '08', '09'] as const;
export type ActivityCode = (typeof ACTIVITY_CODES)[number];

export const isActivityCode = (code: string | null | undefined): code is ActivityCode =>
  (ACTIVITY_CODES as readonly string[]).includes(code ?? '');

/** Chat messages kept per connection (the oldest go first). */
export const MESSAGE_CAP = 2_000;

export interface Mate {
  user_id: string;
  username: string;
  /** The activity code as the server sent it (maybe one this window does not know), null: none. */
  action: string | null;
  /** When they joined the room (ms since the epoch), if the server said. */
  joinTime: number | null;
  /** When their activity last changed, if the server said. */
  actionTime: number | null;
}

/** Someone whose activity arrived though they were not in the roster (joined after me). */
export interface Stranger {
  user_id: string;
  action: string | null;
  actionTime: number | null;
}

export interface ChatMessage {
  seq: number;
  sender: Sender;
  text: string;
  time: number | null;
  /** The roommate who wrote it, when that can be told (a room of two); null otherwise. */
  from: string | null;
}

/** Never joined (or not since the connection was made), in the room, or left it. */
export type Presence = 'out' | 'in' | 'left';

export interface Dorm {
  me: DormUser | null;
  room: DormRoom | null;
  /** The roster of the last `room` update, by user id; `order` keeps the server's order. */
  roster: Record<string, Mate>;
  order: string[];
  strangers: Record<string, Stranger>;
  strangerOrder: string[];
  messages: ChatMessage[];
  nextSeq: number;
  presence: Presence;
  /** The server's last error that answered no request of ours (shown at the top of the view). */
  error: string | null;
}

export const emptyDorm = (): Dorm => ({
  me: null, room: null, roster: {}, order: [], strangers: {}, strangerOrder: [],
  messages: [], nextSeq: 1, presence: 'out', error: null,
});

/**
 * A new connection is a new socket to the server: it is in no room, and nothing it knew
 * about the room holds. The chat said so far stays readable.
 */
export const resetDorm = (d: Dorm): Dorm => ({ ...emptyDorm(), messages: d.messages, nextSeq: d.nextSeq });

/** Everyone known to be in the room but me: the roster, then strangers. */
export function othersOf(d: Dorm): string[] {
  const me = d.me?.user_id;
  return [...d.order, ...d.strangerOrder].filter((id) => id !== me);
}

/** Who wrote a roommate's message: in a room of two, the one other person known. */
function authorOf(d: Dorm): string | null {
  if (d.room?.room_size !== 2) return null;
  const others = othersOf(d);
  return others.length === 1 ? others[0] : null;
}

function onActivity(d: Dorm, user_id: string, action: string | null, time: number | null): Dorm {
  const mate = d.roster[user_id];
  if (mate) return { ...d, roster: { ...d.roster, [user_id]: { ...mate, action, actionTime: time } } };
  return {
    ...d,
    strangers: { ...d.strangers, [user_id]: { user_id, action, actionTime: time } },
    strangerOrder: user_id in d.strangers ? d.strangerOrder : [...d.strangerOrder, user_id],
  };
}

/** A `dorm` update for this connection. */
export function applyDormUpdate(d: Dorm, u: DormUpdate): Dorm {
  switch (u.type) {
    case 'room': {
      // A fresh roster (a join, or a refresh): whoever was a stranger is in it now, or gone.
      const roster: Record<string, Mate> = {};
      const order: string[] = [];
      for (const m of u.roommates) {
        if (!(m.user_id in roster)) order.push(m.user_id);
        roster[m.user_id] = {
          user_id: m.user_id,
          username: m.username,
          action: m.action ?? null,
          joinTime: m.join_time ?? null,
          actionTime: null,
        };
      }
      return {
        ...d,
        me: u.me,
        room: u.room,
        roster,
        order,
        strangers: {},
        strangerOrder: [],
        presence: 'in',
        error: null,
      };
    }
    case 'message': {
      const message: ChatMessage = {
        seq: d.nextSeq,
        sender: u.sender,
        text: u.text,
        time: u.time ?? null,
        from: u.sender === 'roommate' ? authorOf(d) : null,
      };
      const all = [...d.messages, message];
      return {
        ...d,
        messages: all.length > MESSAGE_CAP ? all.slice(all.length - MESSAGE_CAP) : all,
        nextSeq: d.nextSeq + 1,
      };
    }
    case 'activity':
      return onActivity(d, u.user_id, u.action ?? null, u.time ?? null);
    case 'left':
      // Nothing more is heard from the room: its roster would only go stale.
      return {
        ...d,
        roster: {},
        order: [],
        strangers: {},
        strangerOrder: [],
        presence: 'left',
      };
    case 'error':
      return { ...d, error: u.message };
    default:
      return d; // an update kind this window does not know yet
  }
}

/** My own activity (null: none, or not in the room). */
export const myAction = (d: Dorm): string | null => (d.me ? (d.roster[d.me.user_id]?.action ?? null) : null);

/** One place in the room: someone in it, or a free seat. */
export type Seat =
  | {
      kind: 'person';
      user_id: string;
      /** null: only the id is known ("user <id>"). */
      name: string | null;
      action: string | null;
      joinTime: number | null;
      actionTime: number | null;
      me: boolean;
    }
  | { kind: 'free'; n: number };

/**
 * The floor plan: the roster in the server's order (me added if it left me out), then the
 * strangers, then free seats up to the room's size.
 */
export function seatsOf(d: Dorm): Seat[] {
  const me = d.me?.user_id ?? null;
  const people: Seat[] = d.order.map((id) => {
    const m = d.roster[id];
    return { kind: 'person', user_id: id, name: m.username || null, action: m.action, joinTime: m.joinTime, actionTime: m.actionTime, me: id === me };
  });
  if (d.me && me !== null && !(me in d.roster) && d.presence === 'in') {
    const s = d.strangers[me];
    people.unshift({ kind: 'person', user_id: me, name: d.me.username || null, action: s?.action ?? null, joinTime: null, actionTime: s?.actionTime ?? null, me: true });
  }
  for (const id of d.strangerOrder) {
    if (id === me && !(me in d.roster)) continue; // shown above as me
    const s = d.strangers[id];
    people.push({ kind: 'person', user_id: id, name: null, action: s.action, joinTime: null, actionTime: s.actionTime, me: id === me });
  }
  const size = d.room?.room_size ?? people.length;
  const free: Seat[] = Array.from({ length: Math.max(0, size - people.length) }, (_, n) => ({ kind: 'free', n }));
  return [...people, ...free];
}

/** Seats taken and the room's size: those known to be in it now, and the size it declares. */
export function occupancy(d: Dorm): { taken: number; size: number } {
  const seats = seatsOf(d);
  const taken = seats.filter((s) => s.kind === 'person').length;
  return { taken, size: d.room?.room_size ?? Math.max(taken, d.room?.count ?? 0) };
}

/** How long someone has been in the room, in whole days, hours and minutes. */
export function stay(joinTime: number, now: number): { d: number; h: number; m: number } {
  const minutes = Math.max(0, Math.floor((now - joinTime) / 60_000));
  return { d: Math.floor(minutes / 1440), h: Math.floor((minutes % 1440) / 60), m: minutes % 60 };
}
