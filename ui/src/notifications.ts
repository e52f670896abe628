// What to tell the person while the window is in the background, as pure functions of a
// batch of updates and the state before and after it: a chat message or file in The Space
// or a dorm room, a session started or a member joined (session host), a file exchange
// file to answer, and (by the clock) less than a minute left to answer one. Each kind can
// be turned off in Settings. Several of one kind in one batch make one notification
// ("3 new messages"). The texts are plain: the OS shows them as they are, never as markup.
import type { SpaceUpdate } from './bindings/SpaceUpdate';
import { t, tn } from './i18n';
import type { NotifyKind } from './settings/preferences';
import type { ChatMessage, Dorm } from './state/dorm';
import { answerLimitSecs, oldestOpen } from './state/file-exchange';
import { simOf } from './state/session-host';
import type { Input, State } from './state/store';
import { indexOfKey, itemByKey } from './lib/keyed-log';

export interface Notice {
  kind: NotifyKind;
  /** The server it is about (clicking it could show that server). */
  conn: string;
  title: string;
  body: string;
}

export interface NoticeContext {
  /** Which kinds the person wants. */
  prefs: Record<NotifyKind, boolean>;
  /** The window is not in front (not focused, or hidden): only then is anything told. */
  away: boolean;
}

/** Under this much time left to answer a file exchange file, the person is told once. */
export const DEADLINE_WARN_MS = 60_000;

/** The longest text a notification carries; past it, an ellipsis. */
export const MAX_TEXT = 160;

// Control characters and the bidi controls that would reorder the text around them.
const HIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Text from the network made fit for a notification: one line, no control characters, cut short. */
export function plainText(text: string, max = MAX_TEXT): string {
  const line = text.replace(HIDDEN, '').replace(/\s+/g, ' ').trim();
  const chars = Array.from(line);
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

const serverName = (s: State, id: string): string => plainText(s.profiles.find((p) => p.id === id)?.name ?? id, 60);

/** Several of a kind in one batch are one notification: the one, or a count. */
function oneOrCount(items: string[], count: (n: number) => string): string {
  return items.length === 1 ? items[0] : count(items.length);
}

/** New chat entries of others in The Space, by room. */
function spaceNotices(inputs: readonly Input[], before: State, after: State): Notice[] {
  const byRoom = new Map<string, { conn: string; room: string; lines: string[] }>();
  const seen = new Set<string>();
  for (const input of inputs) {
    if (input.type !== 'protocol' || input.protocol !== 'space' || input.update.type !== 'entry') continue;
    const entry = (input.update as Extract<SpaceUpdate, { type: 'entry' }>).entry;
    const id = input.id;
    const mark = `${id}\n${entry.room}\n${entry.key}`;
    if (entry.mine || entry.status !== 'received' || seen.has(mark)) continue;
    seen.add(mark);
    // New, not a change to one already there: it lies past the end of the room's log before.
    const was = before.conns[id]?.space.rooms[entry.room]?.entries;
    const now = after.conns[id]?.space.rooms[entry.room]?.entries;
    if (!now) continue;
    const at = indexOfKey(now, entry.key);
    if (at < 0 || now.base + at < (was ? was.base + was.length : 0)) continue;
    const shown = itemByKey(now, entry.key) ?? entry;
    const name = plainText(shown.username || t('space.someone'), 40);
    let line: string;
    if (shown.body.kind === 'text') line = t('notify.message', { name, text: plainText(shown.body.text) });
    else {
      const file = after.files.byId[shown.body.file_id];
      line = file ? t('notify.file', { name, file: plainText(file.name, 80) }) : t('notify.file_unnamed', { name });
    }
    const key = `${id}\n${entry.room}`;
    const group = byRoom.get(key) ?? { conn: id, room: entry.room, lines: [] };
    group.lines.push(line);
    byRoom.set(key, group);
  }
  return [...byRoom.values()].map((g) => ({
    kind: 'chat',
    conn: g.conn,
    title: t('notify.chat_title', { room: plainText(g.room, 60), server: serverName(after, g.conn) }),
    body: oneOrCount(g.lines, (n) => tn('notify.messages', n)),
  }));
}

function dormAuthor(m: ChatMessage, d: Dorm): string {
  if (m.from === null) return t('dorm.roommate');
  return plainText(d.roster[m.from]?.username || t('dorm.user', { id: m.from }), 40);
}

/** New messages of roommates in a dorm room. */
function dormNotices(id: string, before: Dorm, after: Dorm, s: State): Notice[] {
  const lines = after.messages
    .filter((m) => m.seq >= before.nextSeq && m.sender === 'roommate')
    .map((m) => t('notify.message', { name: dormAuthor(m, after), text: plainText(m.text) }));
  if (lines.length === 0) return [];
  const room = after.room?.room_name || t('dorm.heading');
  return [{
    kind: 'chat',
    conn: id,
    title: t('notify.chat_title', { room: plainText(room, 60), server: serverName(s, id) }),
    body: oneOrCount(lines, (n) => tn('notify.messages', n)),
  }];
}

/** The session I am in started; someone other than me (or my simulated participants) joined it. */
function sessionNotices(id: string, before: State, after: State): Notice[] {
  const was = before.conns[id]?.session;
  const now = after.conns[id]?.session;
  if (!was || !now || now.sessionKey === null) return [];
  const key = plainText(now.sessionKey, 40);
  const title = serverName(after, id);
  const out: Notice[] = [];
  if (now.started && !was.started) out.push({ kind: 'session', conn: id, title, body: t('notify.session_started', { key }) });
  // Only a session already known: a new one (its key just came) starts from my own name.
  if (was.sessionKey === now.sessionKey) {
    const mine = new Set([now.name, ...now.sims.map((p) => p.name)]);
    const known = new Set(was.members);
    const joined = now.members.filter((m) => !known.has(m) && !mine.has(m));
    if (joined.length > 0) {
      const body = joined.length === 1 ? t('notify.member_joined', { name: plainText(joined[0], 40), key }) : tn('notify.members_joined', joined.length, { key });
      out.push({ kind: 'session', conn: id, title, body });
    }
  }
  return out;
}

/** New files from a file exchange server, waiting for an answer. */
function exchangeNotices(id: string, before: State, after: State): Notice[] {
  const was = before.conns[id]?.fileExchange;
  const now = after.conns[id]?.fileExchange;
  if (!was || !now || now.files === was.files) return [];
  const known = new Set(was.files.map((f) => f.serverFileId));
  const arrived = now.files.filter((f) => !known.has(f.serverFileId)).map((f) => plainText(f.serverFileId, 80));
  if (arrived.length === 0) return [];
  const body = arrived.length === 1 ? t('notify.exchange_file', { file: arrived[0] }) : tn('notify.exchange_files', arrived.length);
  return [{ kind: 'exchange_file', conn: id, title: serverName(after, id), body }];
}

/** What a batch of updates brings to tell (nothing while the window is in front). */
export function noticesFor(inputs: readonly Input[], before: State, after: State, ctx: NoticeContext): Notice[] {
  if (!ctx.away || before === after) return [];
  // The connections this batch spoke of (a simulated participant's news is its parent's).
  const ids = new Set<string>();
  for (const input of inputs) if ('id' in input && typeof input.id === 'string') ids.add(simOf(input.id)?.parent ?? input.id);
  const out = [...spaceNotices(inputs, before, after)];
  for (const id of ids) {
    const was = before.conns[id];
    const now = after.conns[id];
    if (!was || !now || was === now) continue;
    if (now.dorm !== was.dorm) out.push(...dormNotices(id, was.dorm, now.dorm, after));
    if (now.session !== was.session) out.push(...sessionNotices(id, before, after));
    if (now.fileExchange !== was.fileExchange) out.push(...exchangeNotices(id, before, after));
  }
  return out.filter((n) => ctx.prefs[n.kind]);
}

/** A file waiting for an answer, as the deadline warning remembers it (the same file sent anew is another). */
const deadlineKey = (conn: string, serverFileId: string, since: number) => `${conn}\n${serverFileId}\n${since}`;

/** The open file each file exchange connection's clock runs for, with when its answer is due. */
function deadlines(s: State): { conn: string; file: string; key: string; due: number }[] {
  const out = [];
  for (const p of s.profiles) {
    if (p.options.protocol?.kind !== 'file_exchange') continue;
    const exchange = s.conns[p.id]?.fileExchange;
    if (exchange?.session.state !== 'active') continue;
    const file = oldestOpen(exchange);
    if (!file) continue;
    const due = file.since + answerLimitSecs(p.options.protocol.answer_limit_secs) * 1000;
    out.push({ conn: p.id, file: file.serverFileId, key: deadlineKey(p.id, file.serverFileId, file.since), due });
  }
  return out;
}

/**
 * The files whose answer time fell under a minute and that were not warned of yet: the
 * notices (when the window is away and the kind is on) and the keys to remember as
 * warned (always: a warning the window in front made moot is not given later).
 */
export function deadlineNotices(s: State, now: number, warned: ReadonlySet<string>, ctx: NoticeContext): { notices: Notice[]; warn: string[] } {
  const due = deadlines(s).filter((d) => !warned.has(d.key) && d.due - now < DEADLINE_WARN_MS && d.due > now);
  const notices = ctx.away && ctx.prefs.exchange_deadline
    ? due.map((d): Notice => ({ kind: 'exchange_deadline', conn: d.conn, title: serverName(s, d.conn), body: t('notify.exchange_deadline', { file: plainText(d.file, 80) }) }))
    : [];
  return { notices, warn: due.map((d) => d.key) };
}

/** Milliseconds until the next file's answer time falls under a minute (null: none will). */
export function nextDeadlineIn(s: State, now: number, warned: ReadonlySet<string>): number | null {
  let soonest: number | null = null;
  for (const d of deadlines(s)) {
    if (warned.has(d.key) || d.due <= now) continue;
    const wait = Math.max(0, d.due - DEADLINE_WARN_MS - now);
    soonest = soonest === null ? wait : Math.min(soonest, wait);
  }
  return soonest;
}
