// A pretend backend for working on the window in a plain browser: `npm run dev`, then
// open http://localhost:1420/dev/preview.html. It answers the same Actions with the
// same Updates as the Rust side, from canned data. Never part of the app build.
//   ?flood=20000  start the first server connected with that many events
//   ?errors=1     show a few errors at start-up
//   ?history=N    fill The Space's "general" room with N messages on joining
// Files dragged onto the window: run `mockDrop(['/home/me/report.txt'])` in the console
// (paths with "slow", "big" or "fail" show progress, a refusal, a failure); a second
// argument {x, y} (physical pixels) drops them there, say on a file exchange row.
// The "File exchange (ПКУ)" server is answered by mock-file-exchange.ts. Emitting
// `ask_ack` makes the server ask `question` with an ack request; Reply answers it.
import { emit } from '@tauri-apps/api/event';
import { mockIPC, mockWindows } from '@tauri-apps/api/mocks';
import type { Action } from '../src/bindings/Action';
import type { Profile } from '../src/bindings/Profile';
import type { Update } from '../src/bindings/Update';
import type { ConnectionOptions } from '../src/bindings/ConnectionOptions';
import { dormMock } from './mock-dorm';
import { fileExchangeMock } from './mock-file-exchange';
import { sessionHostMock } from './mock-session-host';
import { spaceMock } from './mock-space';

const params = new URLSearchParams(location.search);
const opts = (url: string, more: Partial<ConnectionOptions> = {}): ConnectionOptions => ({
  url, path: '/socket.io/', query: [], auth: null, headers: [], transport: 'any',
  ca_file: null, accept_invalid_certs: false, token_profile: null, reconnect: true, protocol: { kind: 'console' }, ...more,
});
let profiles: Profile[] = [
  { id: 'demo', name: 'Local demo server', options: opts('http://127.0.0.1:8765') },
  { id: 'staging', name: 'Staging (admin namespace)', options: opts('https://staging.example.com/admin', { transport: 'websocket' }) },
  { id: 'broken', name: 'Unreachable server', options: opts('http://10.255.255.1:9/fail') },
  { id: 'session', name: 'Session host', options: opts('http://127.0.0.1:5000', { protocol: { kind: 'session_host' } }) },
  { id: 'dorm', name: 'Dorm room 101', options: opts('http://127.0.0.1:5001', { protocol: { kind: 'dorm' }, token_profile: 'dorm' }) },
  { id: 'space', name: 'The Space', options: opts('http://127.0.0.1:8000', { protocol: { kind: 'space' } }) },
  {
    id: 'pku',
    name: 'File exchange (ПКУ)',
    options: opts('https://127.0.0.1:8443/pku', { protocol: { kind: 'file_exchange', answer_limit_secs: 120 }, transport: 'websocket', token_profile: 'pku' }),
  },
];
const tokens = new Set<string>(['staging', 'dorm', 'pku']);
const timers = new Map<string, ReturnType<typeof setInterval>[]>();
let channel: { id: number } | null = null;
let askAck = 0;
const asked = new Set<string>(); // `${id}/${ack}` not answered yet
let index = 0;

const push = (...updates: Update[]) => {
  if (!channel) return;
  const internals = (window as unknown as { __TAURI_INTERNALS__: { runCallback(id: number, data: unknown): void } }).__TAURI_INTERNALS__;
  internals.runCallback(channel.id, { message: updates, index: index++ });
};
const event = (id: string, direction: 'in' | 'out', name: string, args: unknown[]): Update => ({
  type: 'event', id, direction, namespace: new URL(profiles.find((p) => p.id === id)?.options.url ?? 'http://x/').pathname.replace(/\/$/, '') || '/', event: name, args, time: Date.now(),
});
const later = (ms: number, f: () => void): void => void setTimeout(f, ms);

const sessionHost = sessionHostMock((...u) => push(...u), (ms, f) => later(ms, f));
const dorm = dormMock((...u) => push(...u), (ms, f) => later(ms, f), params.get('errors') !== null);
const space = spaceMock((...u) => push(...u), (ms, f) => later(ms, f), Number(params.get('history') ?? 0));
const fx = fileExchangeMock((...u) => push(...u), (ms, f) => later(ms, f));
const speaks = (id: string) => profiles.find((p) => p.id === id)?.options.protocol.kind;

function stop(id: string) {
  sessionHost.leave(id);
  dorm.leave(id);
  space.leave(id);
  fx.leave(id);
  for (const t of timers.get(id) ?? []) clearInterval(t);
  timers.delete(id);
}

function connect(id: string, options: ConnectionOptions) {
  stop(id);
  push({ type: 'connection', id, state: 'connecting', attempt: 1 });
  // A file exchange server shows its certificate first, and wants a token.
  if (options.protocol.kind === 'file_exchange' && !fx.connect(id, options)) return;
  if (options.url.includes('fail')) {
    let attempt = 1;
    const retry = () => {
      push({ type: 'error', id, error: { kind: 'connect', message: 'connection refused (os error 111)' } });
      push({ type: 'connection', id, state: 'reconnecting', attempt, delay_ms: 5000 });
      timers.set(id, [setTimeout(() => (push({ type: 'connection', id, state: 'connecting', attempt: ++attempt }), later(400, retry)), 5000) as unknown as ReturnType<typeof setInterval>]);
    };
    later(600, retry);
    return;
  }
  later(300, () => {
    push({ type: 'connection', id, state: 'connected', sid: 'mock-sid' });
    // A dorm server only talks about its room.
    if (options.protocol.kind === 'dorm' || options.protocol.kind === 'file_exchange') return void timers.set(id, []);
    if (options.protocol.kind === 'space') {
      timers.set(id, []);
      return push({ type: 'space', id, update: { type: 'welcome', sid: 'mock-sid', message: 'Welcome to The Space' } });
    }
    let n = 0;
    timers.set(id, [
      setInterval(() => push(event(id, 'in', 'tick', [{ n: ++n, at: new Date().toISOString() }])), 1500),
      setInterval(() => push(event(id, 'in', 'news', [{ title: 'Hello <b>world</b>', tags: ['a', 'b'], meta: { score: 0.93, ok: true, none: null } }, 42])), 4100),
    ]);
  });
}

function handle(a: Action): void {
  switch (a.type) {
    case 'list_profiles':
      return push({ type: 'profiles', profiles });
    case 'save_profile':
      profiles = profiles.some((p) => p.id === a.profile.id) ? profiles.map((p) => (p.id === a.profile.id ? a.profile : p)) : [...profiles, a.profile];
      return push({ type: 'profiles', profiles });
    case 'remove_profile':
      profiles = profiles.filter((p) => p.id !== a.id);
      tokens.delete(a.id);
      return push({ type: 'token_state', profile: a.id, stored: false }, { type: 'profiles', profiles });
    case 'save_token':
      tokens.add(a.profile);
      return push({ type: 'token_state', profile: a.profile, stored: true });
    case 'delete_token':
      tokens.delete(a.profile);
      return push({ type: 'token_state', profile: a.profile, stored: false });
    case 'token_state':
      return later(150, () => push({ type: 'token_state', profile: a.profile, stored: tokens.has(a.profile) }));
    case 'connect':
      return connect(a.id, a.options);
    case 'disconnect':
      if (!timers.has(a.id)) throw { kind: 'unknown_connection', message: a.id };
      stop(a.id);
      return push({ type: 'connection', id: a.id, state: 'disconnected', reason: 'Disconnected' });
    case 'session_host':
      if (!timers.has(a.id)) throw { kind: 'unknown_connection', message: a.id };
      return later(80, () => sessionHost.act(a.id, a.action));
    case 'dorm':
      if (!timers.has(a.id)) throw { kind: 'unknown_connection', message: a.id };
      return later(40, () => dorm.act(a.id, a.action));
    case 'space':
      if (!timers.has(a.id)) throw { kind: 'unknown_connection', message: a.id };
      return space.act(a.id, a.action);
    case 'file_exchange':
      if (!timers.has(a.id)) throw { kind: 'unknown_connection', message: a.id };
      return fx.act(a.id, a.action);
    case 'send_file':
      if (!timers.has(a.id)) throw { kind: 'unknown_connection', message: a.id };
      return speaks(a.id) === 'file_exchange' ? fx.sendFile(a.id, a.path, a.target) : space.sendFile(a.id, a.path, a.target);
    case 'cancel_file':
    case 'retry_file':
    case 'save_file':
    case 'open_file':
    case 'preview_file':
      return fx.owns(a.file_id) ? fx.file(a) : space.file(a);
    case 'simulate_participants':
      if (!timers.has(a.id)) throw { kind: 'unknown_connection', message: a.id };
      if (a.count < 1 || a.count > 16) throw { kind: 'bad_request', message: 'between 1 and 16 simulated participants can be added' };
      for (const simId of sessionHost.simulate(a.id, a.session_key, a.count, (id) => timers.has(id))) timers.set(simId, []);
      return;
    case 'ack_reply': {
      if (!timers.has(a.id)) throw { kind: 'unknown_connection', message: a.id };
      if (!asked.delete(`${a.id}/${a.ack}`)) return push({ type: 'warning', id: a.id, message: `ack request ${a.ack} is not open on this connection` });
      push(event(a.id, 'out', `ack #${a.ack}`, a.args));
      return later(120, () => push(event(a.id, 'in', 'answered', [a.args])));
    }
    case 'emit': {
      if (!timers.has(a.id)) throw { kind: 'unknown_connection', message: a.id };
      push(event(a.id, 'out', a.event, a.args));
      if (a.event === 'ask_ack') {
        const ack = askAck++;
        asked.add(`${a.id}/${ack}`);
        return later(120, () => push({ ...event(a.id, 'in', 'question', ['what?', 42]), ack } as Update));
      }
      later(120, () => push(event(a.id, 'in', a.event, a.args)));
      if (a.ack && a.emit_id !== undefined) {
        const emit_id = a.emit_id;
        if (a.event === 'slow') later(a.ack_timeout_ms ?? 5000, () => push({ type: 'ack_timeout', id: a.id, emit_id, timeout_ms: a.ack_timeout_ms ?? 5000 }));
        else later(200, () => push({ type: 'ack', id: a.id, emit_id, args: [{ ok: true, echo: a.args }] }));
      }
    }
  }
}

// Drag and drop: the webview's drag events, as Tauri would send them.
mockWindows('main');
const middle = () => ({ x: 200 * devicePixelRatio, y: 200 * devicePixelRatio });
const dev = window as unknown as { mockDrop(paths: string[], at?: { x: number; y: number }): void; mockReconnect(id: string): void };
dev.mockDrop = (paths, position = middle()) => {
  void emit('tauri://drag-enter', { paths, position });
  later(1200, () => void emit('tauri://drag-drop', { paths, position }));
};
dev.mockReconnect = (id) => fx.reconnect(id);

mockIPC((cmd, args) => {
  if (cmd === 'subscribe') {
    channel = (args as { channel: { id: number } }).channel;
    const flood = Number(params.get('flood') ?? 0);
    if (flood > 0) {
      connect('demo', profiles[0].options);
      for (let i = 0; i < flood; i += 500) {
        push(...Array.from({ length: Math.min(500, flood - i) }, (_, k) => event('demo', (i + k) % 3 ? 'in' : 'out', ['tick', 'chat', 'news', 'price'][(i + k) % 4], [{ n: i + k, text: `message number ${i + k}` }])));
      }
    }
    if (params.get('errors')) {
      push({ type: 'error', error: { kind: 'keyring', message: 'no Secret Service provider found' } });
      push({ type: 'error', id: 'demo', error: { kind: 'not_connected', message: 'the connection is closed' } });
      push({ type: 'warning', id: 'demo', message: '“upload” carried more arguments than its first binary one' });
    }
    return null;
  }
  if (cmd === 'dispatch') {
    handle((args as { action: Action }).action);
    return null;
  }
  throw { kind: 'bad_request', message: `unknown command ${cmd}` };
}, { shouldMockEvents: true });
