// The file exchange part of the pretend backend (dev/preview.html only): a server behind a
// self-signed certificate (the first Connect shows its fingerprint; accepted, it connects),
// that sends three files one by one (two texts, a small PNG) once a session starts, each
// after the last was answered, and closes the session with "finish". The first answer is
// refused ("storage is busy") so Retry can be tried; a file not answered within the
// server's answer limit closes the session on timeout. Also answers Abort, Send logs and
// Ask again, and the file actions (save, open, preview) of its files. Without a token
// saved for the server, the server refuses it. `mockReconnect('pku')` in the console drops
// the connection and resumes the session.
import type { ConnectionOptions } from '../src/bindings/ConnectionOptions';
import type { FileExchangeAction } from '../src/bindings/FileExchangeAction';
import type { FileExchangeUpdate } from '../src/bindings/FileExchangeUpdate';
import type { FileInfo } from '../src/bindings/FileInfo';
import type { Update } from '../src/bindings/Update';

type Push = (...updates: Update[]) => void;
type Later = (ms: number, f: () => void) => void;

/** The fingerprint of the pretend server's certificate. */
export const MOCK_CERT_SHA256 = '3F:A9:0C:71:5E:D2:88:B4:19:6A:E0:4C:77:21:9B:D5:02:6E:F3:A8:45:C9:1D:70:BB:34:E6:8F:53:0A:C2:97';

const FILES = [
  { id: 'file-1', text: 'Задание №1: прочитайте этот файл и верните ответ.\nTask 1: read this file and send an answer back.\n<b>not markup</b>\n' },
  { id: 'file-2', text: 'id;name;amount\n1;Alpha;10.5\n2;Beta;-3\n3;"Gamma, Delta";0\n' },
  { id: 'file-3', text: null, size: 72, mime: 'image/png' },
];

interface Session {
  id: string;
  /** Index in FILES of the file waiting for an answer. */
  index: number;
  /** Server file id → received file id and when it first came. */
  received: Map<string, { fileId: string; since: number }>;
  timer: ReturnType<typeof setTimeout> | null;
}

interface Conn {
  options: ConnectionOptions;
  session: Session | null;
}

export function fileExchangeMock(push: Push, later: Later) {
  const conns = new Map<string, Conn>();
  const files = new Map<string, FileInfo & { text?: string }>();
  let n = 0;
  let failNext = true;
  const say = (id: string, update: FileExchangeUpdate) => push({ type: 'file_exchange', id, update });
  const setFile = (fileId: string, change: Record<string, unknown>) => {
    const f = files.get(fileId);
    if (!f) return;
    const next = { ...f, ...change } as FileInfo & { text?: string };
    files.set(fileId, next);
    const { text: _t, ...info } = next;
    push({ type: 'file', file: info as FileInfo });
  };

  /** Whether this connection may open: the certificate was accepted, and a token is saved. */
  function connect(id: string, options: ConnectionOptions): boolean {
    conns.set(id, { options, session: conns.get(id)?.session ?? null });
    if (options.trusted_cert_sha256 !== MOCK_CERT_SHA256) {
      const changed = options.trusted_cert_sha256 !== undefined;
      later(500, () => {
        push({ type: 'certificate', id, sha256: MOCK_CERT_SHA256, changed });
        push({ type: 'connection', id, state: 'disconnected', reason: 'Could not connect: the server’s certificate is not trusted (invalid peer certificate: UnknownIssuer)' });
      });
      return false;
    }
    if (!options.token_profile) {
      later(400, () => {
        push({ type: 'connection', id, state: 'connected', sid: 'mock-sid' });
        say(id, { type: 'auth_error', message: 'invalid token' });
        later(200, () => push({ type: 'connection', id, state: 'disconnected', reason: 'the server closed the connection (io server disconnect)' }));
      });
      return false;
    }
    return true;
  }

  function limitMs(c: Conn): number {
    const p = c.options.protocol;
    return ((p.kind === 'file_exchange' ? p.answer_limit_secs : undefined) ?? 300) * 1000;
  }

  function sendOutstanding(id: string, c: Conn, s: Session, repeat = false) {
    const spec = FILES[s.index];
    const known = s.received.get(spec.id);
    const fileId = known?.fileId ?? `fx-in-${++n}`;
    const since = known?.since ?? Date.now();
    const info: FileInfo & { text?: string } = spec.text !== null
      ? { file_id: fileId, conn: id, direction: 'received', name: spec.id, size: new TextEncoder().encode(spec.text).length, mime: 'text/plain', time: since, sha256: 'a1b2'.repeat(16), is_text: true, target: spec.id, state: 'received', text: spec.text }
      : { file_id: fileId, conn: id, direction: 'received', name: spec.id, size: spec.size ?? 0, mime: spec.mime, time: since, sha256: '9c0d'.repeat(16), is_text: false, target: spec.id, state: 'received' };
    files.set(fileId, info);
    setFile(fileId, {});
    s.received.set(spec.id, { fileId, since });
    say(id, { type: 'file_available', server_file_id: spec.id, file_id: fileId, since, repeat });
    if (known) return;
    if (s.timer) clearTimeout(s.timer);
    s.timer = setTimeout(() => {
      if (c.session !== s) return;
      c.session = null;
      say(id, { type: 'ended', end: { reason: 'timeout_close', missing: spec.id } });
    }, limitMs(c));
  }

  function act(id: string, a: FileExchangeAction) {
    const c = conns.get(id);
    if (!c) throw { kind: 'unknown_connection', message: id };
    switch (a.type) {
      case 'start': {
        if (c.session) throw { kind: 'bad_request', message: 'a session is already running; abort it first' };
        const s: Session = { id: crypto.randomUUID(), index: 0, received: new Map(), timer: null };
        return later(200, () => {
          c.session = s;
          say(id, { type: 'started', session_id: s.id });
          later(400, () => c.session === s && sendOutstanding(id, c, s));
        });
      }
      case 'abort': {
        const s = c.session;
        if (!s) throw { kind: 'bad_request', message: 'no session has been started' };
        return later(150, () => {
          if (s.timer) clearTimeout(s.timer);
          c.session = null;
          say(id, { type: 'ended', end: { reason: 'aborted' } });
        });
      }
      case 'send_logs':
        return later(250, () => say(id, { type: 'logs_sent' }));
    }
  }

  function answer(id: string, fileId: string) {
    const c = conns.get(id);
    const f = files.get(fileId);
    if (!c || !f) return;
    later(f.name.includes('slow') ? 2500 : 300, () => {
      const s = c.session;
      if (!s) return setFile(fileId, { state: 'failed', reason: 'no session has been started' });
      setFile(fileId, { state: 'sending', done: 0, total: 0, sha256: 'c0ffee'.repeat(10) + 'beef' });
      say(id, { type: 'answer', server_file_id: f.target, file_id: fileId, state: 'answering' });
      later(500, () => {
        if (c.session !== s) return;
        if (failNext) {
          failNext = false;
          const reason = 'storage is busy, send again';
          setFile(fileId, { state: 'failed', reason });
          return say(id, { type: 'answer', server_file_id: f.target, file_id: fileId, state: 'failed', reason });
        }
        setFile(fileId, { state: 'sent' });
        say(id, { type: 'answer', server_file_id: f.target, file_id: fileId, state: 'answered' });
        s.index++;
        if (s.index < FILES.length) return later(600, () => c.session === s && sendOutstanding(id, c, s));
        if (s.timer) clearTimeout(s.timer);
        c.session = null;
        say(id, { type: 'ended', end: { reason: 'finish' } });
      });
    });
  }

  function sendFile(id: string, path: string, target: string) {
    const c = conns.get(id);
    if (!c?.session) throw { kind: 'bad_request', message: 'no session has been started' };
    const name = path.split(/[/\\]/).pop() || 'file';
    if (path.includes('big')) throw { kind: 'file', message: `“${name}” is 40 MiB, more than this server’s 25 MiB` };
    const fileId = `fx-out-${++n}`;
    files.set(fileId, { file_id: fileId, conn: id, direction: 'sent', name, size: 1834, time: Date.now(), is_text: name.endsWith('.txt'), target, state: 'reading', done: 0, total: 1834 });
    setFile(fileId, {});
    answer(id, fileId);
  }

  const owns = (fileId: string): boolean => files.has(fileId);

  function file(a: { type: string; file_id: string; path?: string }) {
    const f = files.get(a.file_id);
    if (!f) throw { kind: 'file', message: `there is no file “${a.file_id}”` };
    switch (a.type) {
      case 'retry_file': {
        const c = conns.get(f.conn);
        if (f.direction === 'received') {
          const s = c?.session;
          if (!c || !s) throw { kind: 'bad_request', message: 'no session has been started' };
          const spec = FILES.findIndex((x) => x.id === f.target);
          const index = s.index;
          return later(300, () => {
            s.index = spec;
            sendOutstanding(f.conn, c, s, true);
            s.index = index;
          });
        }
        if (f.state !== 'failed' && f.state !== 'cancelled') throw { kind: 'bad_request', message: `“${f.name}” has not failed` };
        setFile(a.file_id, { state: 'reading', done: 0, total: f.size });
        return answer(f.conn, a.file_id);
      }
      case 'cancel_file':
        if (f.state !== 'reading') throw { kind: 'file', message: `“${f.name}” has already been sent and cannot be cancelled` };
        return setFile(a.file_id, { state: 'cancelled' });
      case 'save_file': {
        const dir = (a.path ?? '').replace(/[/\\][^/\\]*$/, '');
        return later(100, () => setFile(a.file_id, { saved_path: `${dir}/${f.name}` }));
      }
      case 'open_file':
        if (!f.saved_path) throw { kind: 'file', message: `save “${f.name}” before opening it` };
        return;
      case 'preview_file':
        return later(120, () => push({ type: 'file_preview', file_id: a.file_id, text: f.text, truncated: false }));
    }
  }

  /** The connection dropped and came back: the session is resumed. */
  function reconnect(id: string) {
    const c = conns.get(id);
    if (!c) return;
    push({ type: 'connection', id, state: 'reconnecting', attempt: 1, delay_ms: 1000 });
    later(1000, () => push({ type: 'connection', id, state: 'connecting', attempt: 2 }));
    later(1400, () => {
      push({ type: 'connection', id, state: 'connected', sid: 'mock-sid-2' });
      if (c.session) say(id, { type: 'resumed', session_id: c.session.id, resumed: true });
    });
  }

  function leave(id: string) {
    const s = conns.get(id)?.session;
    if (s?.timer) clearTimeout(s.timer);
    conns.delete(id);
  }

  return { connect, act, sendFile, owns, file, reconnect, leave };
}
