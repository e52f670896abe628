// The Space part of the pretend backend (dev/preview.html only): rooms where bob and
// carol chat, come and go and now and then send a file (a text file, a picture). Answers
// join, leave, message, list_users and retry, and the file actions (send with reading
// progress, cancel, retry, save, open, preview), the way the backend does, errors too:
//   a room named "vip" refuses the join; a message with "fail" in it is refused, and its
//   Retry works; a file path with "big" is too large, with "slow" reads for a few seconds,
//   with "fail" is never confirmed. ?history=100000 fills "general" with that many messages.
import type { ChatEntry } from '../src/bindings/ChatEntry';
import type { FileInfo } from '../src/bindings/FileInfo';
import type { SpaceAction } from '../src/bindings/SpaceAction';
import type { SpaceUpdate } from '../src/bindings/SpaceUpdate';
import type { SpaceUser } from '../src/bindings/SpaceUser';
import type { Update } from '../src/bindings/Update';

type Push = (...updates: Update[]) => void;
type Later = (ms: number, f: () => void) => void;

const CHATTER = [
  'Morning all ☀️',
  'Has anyone read the spec for the upload endpoint?',
  'Lunch at 12:30?\nThe usual place.',
  '<img src=x onerror=alert(1)> — the bot wrote this again',
  '测试一下中文消息',
  'A very long line to see how wrapping works in a bubble: '.repeat(4),
];
const NOTES = 'Meeting notes\n=============\n\n- ship the space view\n- <script>alert("not markup")</script>\n'.repeat(40);
const MAX = 25 * 1024 * 1024;

interface Conn {
  rooms: Map<string, { me: string; timers: ReturnType<typeof setInterval>[] }>;
  mine: Map<string, ChatEntry>;
}

export function spaceMock(push: Push, later: Later, history: number) {
  const conns = new Map<string, Conn>();
  const files = new Map<string, FileInfo & { text?: string; path?: string }>();
  let n = 0;
  const say = (id: string, update: SpaceUpdate) => push({ type: 'space', id, update });
  const conn = (id: string): Conn => {
    let c = conns.get(id);
    if (!c) conns.set(id, (c = { rooms: new Map(), mine: new Map() }));
    return c;
  };
  const fileUpdate = (f: FileInfo) => {
    const { text: _t, path: _p, ...info } = f as FileInfo & { text?: string; path?: string };
    push({ type: 'file', file: info as FileInfo });
  };
  const setFile = (id: string, change: Record<string, unknown>) => {
    const f = files.get(id);
    if (!f) return;
    const next = { ...f, ...change } as FileInfo & { text?: string };
    files.set(id, next);
    fileUpdate(next);
  };

  function users(room: string, me: string): SpaceUser[] {
    return [{ username: me, sid: 'me' }, { username: 'bob', sid: 'b' }, { username: 'carol', sid: 'c' }].filter((_u, i) => i === 0 || room !== 'quiet');
  }

  function fillHistory(id: string, room: string) {
    const now = Date.now();
    const step = Math.max(1000, Math.floor((3 * 86_400_000) / history));
    for (let i = 0; i < history; i += 2000) {
      const batch: Update[] = [];
      for (let k = i; k < Math.min(history, i + 2000); k++) {
        const who = k % 3 === 0 ? 'carol' : 'bob';
        const text = k % 50 === 0 ? `Message ${k}\n${CHATTER[k % CHATTER.length]}` : `Message ${k}: ${CHATTER[k % CHATTER.length].slice(0, 40)}`;
        batch.push({
          type: 'space',
          id,
          update: { type: 'entry', entry: { key: `hist-${k}`, room, username: who, mine: false, time: now - (history - k) * step, body: { kind: 'text', text }, status: 'received' } },
        });
      }
      push(...batch);
    }
  }

  function receiveFile(id: string, room: string) {
    const text = n % 2 === 0;
    const file_id = `in-${++n}`;
    const info: FileInfo & { text?: string } = text
      ? { file_id, conn: id, direction: 'received', name: 'notes <v2>.txt', size: NOTES.length, mime: 'text/plain', sender: 'carol', time: Date.now(), sha256: 'a3f1'.repeat(16), is_text: true, target: room, state: 'received', text: NOTES }
      : { file_id, conn: id, direction: 'received', name: 'photo.png', size: 2_345_678, mime: 'image/png', sender: 'bob', time: Date.now(), sha256: '09be'.repeat(16), is_text: false, target: room, state: 'received' };
    files.set(file_id, info);
    fileUpdate(info);
    say(id, { type: 'entry', entry: { key: `srv-${file_id}`, room, username: info.sender ?? '', mine: false, time: info.time, body: { kind: 'file', file_id }, status: 'received' } });
  }

  function join(id: string, room: string, username: string) {
    if (!username.trim()) throw { kind: 'bad_request', message: 'choose a user name first' };
    if (!room.trim()) throw { kind: 'bad_request', message: 'the room name is empty' };
    if (room === 'vip') return later(200, () => say(id, { type: 'error', message: 'Room vip is full', request: 'join_room', room }));
    const c = conn(id);
    const known = c.rooms.get(room);
    if (known) for (const t of known.timers) clearInterval(t);
    const r = { me: username, timers: [] as ReturnType<typeof setInterval>[] };
    c.rooms.set(room, r);
    later(150, () => {
      say(id, { type: 'joined', room, users: users(room, username) });
      if (room === 'general' && history > 0 && !known) fillHistory(id, room);
      if (room === 'quiet') return;
      later(8000, () => c.rooms.get(room) === r && say(id, { type: 'user_joined', room, user: { username: 'dave', sid: 'd' } }));
      later(25000, () => c.rooms.get(room) === r && say(id, { type: 'user_left', room, user: { username: 'dave', sid: 'd' } }));
      let k = 0;
      r.timers.push(
        setInterval(() => {
          const entry: ChatEntry = { key: `srv-${room}-${++n}`, room, username: k % 2 ? 'carol' : 'bob', mine: false, time: Date.now(), body: { kind: 'text', text: CHATTER[k++ % CHATTER.length] }, status: 'received' };
          say(id, { type: 'entry', entry });
        }, 9000),
        setInterval(() => receiveFile(id, room), 31000),
      );
      later(2500, () => receiveFile(id, room));
    });
  }

  function settle(id: string, key: string, text: string) {
    const c = conn(id);
    later(500, () => {
      const e = c.mine.get(key);
      if (!e) return;
      const next: ChatEntry = text.includes('fail')
        ? { ...e, status: 'failed', reason: 'the server refused it: messages may not say “fail”' }
        : { ...e, status: 'confirmed', time: Date.now() };
      c.mine.set(key, next);
      say(id, { type: 'entry', entry: next });
    });
  }

  function act(id: string, a: SpaceAction) {
    const c = conn(id);
    switch (a.type) {
      case 'join':
        return join(id, a.room, a.username);
      case 'leave': {
        const r = c.rooms.get(a.room);
        for (const t of r?.timers ?? []) clearInterval(t);
        c.rooms.delete(a.room);
        return later(100, () => say(id, { type: 'left', room: a.room }));
      }
      case 'list_users': {
        const r = c.rooms.get(a.room);
        return later(150, () => say(id, { type: 'users', room: a.room, users: r ? users(a.room, r.me) : [] }));
      }
      case 'message': {
        if (!a.text.trim()) throw { kind: 'bad_request', message: 'the message is empty' };
        const key = `local-${++n}`;
        const entry: ChatEntry = { key, room: a.room, username: c.rooms.get(a.room)?.me ?? '', mine: true, time: Date.now(), body: { kind: 'text', text: a.text }, status: 'pending' };
        c.mine.set(key, entry);
        say(id, { type: 'entry', entry });
        return settle(id, key, a.text);
      }
      case 'retry': {
        const e = c.mine.get(a.key);
        if (!e) throw { kind: 'bad_request', message: 'that message is gone' };
        if (e.status !== 'failed') throw { kind: 'bad_request', message: 'that message has not failed' };
        // The second try goes through.
        const again: ChatEntry = { ...e, status: 'pending', time: Date.now() };
        c.mine.set(a.key, again);
        say(id, { type: 'entry', entry: again });
        return later(500, () => {
          const ok: ChatEntry = { ...again, status: 'confirmed', time: Date.now() };
          c.mine.set(a.key, ok);
          say(id, { type: 'entry', entry: ok });
        });
      }
    }
  }

  function startReading(id: string, file_id: string) {
    const f = files.get(file_id);
    if (!f || !f.path) return;
    const path = f.path;
    const total = f.size;
    const steps = path.includes('slow') ? 20 : 1;
    let step = 0;
    const tick = () => {
      const now = files.get(file_id);
      if (!now || now.state === 'cancelled') return;
      if (++step < steps) {
        setFile(file_id, { state: 'reading', done: Math.floor((total * step) / steps), total });
        return later(200, tick);
      }
      setFile(file_id, { state: 'sending', done: 0, total: 0, sha256: 'c0ffee'.repeat(10) + 'beef' });
      const c = conn(id);
      const existing = [...c.mine.values()].find((e) => e.body.kind === 'file' && e.body.file_id === file_id);
      const entry: ChatEntry = { key: existing?.key ?? `local-${++n}`, room: f.target, username: c.rooms.get(f.target)?.me ?? '', mine: true, time: Date.now(), body: { kind: 'file', file_id }, status: 'pending' };
      c.mine.set(entry.key, entry);
      say(id, { type: 'entry', entry });
      later(path.includes('fail') ? 3000 : 600, () => {
        const reason = 'the server did not confirm it in time';
        const failed = path.includes('fail');
        setFile(file_id, (failed ? { state: 'failed', reason } : { state: 'sent' }));
        const done: ChatEntry = failed ? { ...entry, status: 'failed', reason } : { ...entry, status: 'confirmed', time: Date.now() };
        c.mine.set(entry.key, done);
        say(id, { type: 'entry', entry: done });
      });
    };
    later(120, tick);
  }

  function sendFile(id: string, path: string, target: string) {
    if (!target.trim()) throw { kind: 'bad_request', message: 'there is nothing to send the file to yet' };
    const name = path.split(/[/\\]/).pop() || 'file';
    const size = path.includes('big') ? 40 * 1024 * 1024 : path.includes('slow') ? 8_000_000 : 48_213;
    if (size > MAX) throw { kind: 'file', message: `“${name}” is 40 MiB, more than this server’s 25 MiB` };
    const file_id = `out-${++n}`;
    const info = { file_id, conn: id, direction: 'sent', name, size, time: Date.now(), is_text: name.endsWith('.txt'), target, state: 'reading', done: 0, total: size, path } as FileInfo & { path: string };
    files.set(file_id, info);
    fileUpdate(info);
    startReading(id, file_id);
  }

  function file(a: { type: string; file_id: string; path?: string }) {
    const f = files.get(a.file_id);
    if (!f) throw { kind: 'file', message: `there is no file “${a.file_id}”` };
    switch (a.type) {
      case 'cancel_file':
        if (f.state !== 'reading') throw { kind: 'file', message: `“${f.name}” has already been sent and cannot be cancelled` };
        return setFile(a.file_id, { state: 'cancelled' });
      case 'retry_file':
        if (f.direction === 'received') throw { kind: 'bad_request', message: 'The Space cannot send a file again; ask its sender to send it once more' };
        if (f.state !== 'failed' && f.state !== 'cancelled') throw { kind: 'bad_request', message: `“${f.name}” has not failed` };
        setFile(a.file_id, { state: 'reading', done: 0, total: f.size });
        return startReading(f.conn, a.file_id);
      case 'save_file': {
        const dir = (a.path ?? '').replace(/[/\\][^/\\]*$/, '');
        return later(100, () => setFile(a.file_id, { saved_path: `${dir}/${f.name.replace(/[<>:"/\\|?*]/g, '_')}` }));
      }
      case 'open_file':
        if (!f.saved_path) throw { kind: 'file', message: `save “${f.name}” before opening it` };
        return;
      case 'preview_file':
        return later(120, () => push({ type: 'file_preview', file_id: a.file_id, text: f.text?.slice(0, 1500), truncated: (f.text?.length ?? 0) > 1500 }));
    }
  }

  function leave(id: string) {
    for (const r of conns.get(id)?.rooms.values() ?? []) for (const t of r.timers) clearInterval(t);
    conns.delete(id);
  }

  return { act, sendFile, file, leave };
}
