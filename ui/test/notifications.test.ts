// @vitest-environment jsdom
// Notifications while the window is in the background: which batch of updates brings
// which notification text (The Space and dorm room chat and files, a session started or
// a member joined, a file exchange file to answer, the answer time under a minute), the
// person's choices and the window's focus respected, the texts plain and short, a busy
// conversation told about once in a while, and `notify` sent to the backend.
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChatEntry } from '../src/bindings/ChatEntry';
import type { Profile } from '../src/bindings/Profile';
import type { SessionHostUpdate } from '../src/bindings/SessionHostUpdate';
import { notify } from '../src/ipc';
import { DEADLINE_WARN_MS, MAX_TEXT, deadlineNotices, nextDeadlineIn, noticesFor, plainText, type NoticeContext } from '../src/notifications';
import { QUIET_MS, createNotifier } from '../src/notifier';
import { NOTIFY_KINDS, notifyOn, notifyPrefs, storeNotify } from '../src/settings/preferences';
import { initialState, reduce, type Input, type State } from '../src/state/store';
import { openSettings } from '../src/views/settings-dialog';

const options = (protocol: Profile['options']['protocol']): Profile['options'] => ({
  url: 'http://127.0.0.1:8000', path: '/socket.io/', query: [], auth: null, headers: [], transport: 'any',
  ca_file: null, accept_invalid_certs: false, token_profile: null, reconnect: true, protocol,
});
const profiles: Profile[] = [
  { id: 'sp', name: 'Space', options: options({ kind: 'space' }) },
  { id: 'dorm', name: 'Dorm', options: options({ kind: 'dorm' }) },
  { id: 'sh', name: 'Sessions', options: options({ kind: 'session_host' }) },
  { id: 'fx', name: 'Files', options: options({ kind: 'file_exchange', answer_limit_secs: 300 }) },
];

const allOn = Object.fromEntries(NOTIFY_KINDS.map((k) => [k, true])) as NoticeContext['prefs'];
const away: NoticeContext = { prefs: allOn, away: true };
const apply = (s: State, inputs: Input[]) => inputs.reduce(reduce, s);
/** The notices of `inputs` applied to `s` (the updates of one batch). */
const batch = (s: State, inputs: Input[], ctx = away) => noticesFor(inputs, s, apply(s, inputs), ctx);
const bodies = (s: State, inputs: Input[], ctx = away) => batch(s, inputs, ctx).map((n) => `${n.kind} | ${n.title} | ${n.body}`);

const entry = (over: Partial<ChatEntry> & { key: string }): Input => ({
  type: 'protocol',
  id: 'sp',
  protocol: 'space',
  update: { type: 'entry', entry: { room: 'general', username: 'bob', mine: false, time: 1, body: { kind: 'text', text: 'hi' }, status: 'received', ...over } as ChatEntry },
});

let base: State;
beforeEach(() => {
  base = apply(initialState(), [
    { type: 'profiles', profiles },
    ...profiles.map((p): Input => ({ type: 'connection', id: p.id, state: 'connected' })),
    { type: 'protocol', id: 'sp', protocol: 'space', update: { type: 'joined', room: 'general', users: [] } },
    { type: 'protocol', id: 'dorm', protocol: 'dorm', update: { type: 'room', me: { user_id: 'u1', username: 'me' }, room: { room_id: 'r', room_name: '308', room_size: 2, notice: '' }, roommates: [{ user_id: 'u1', username: 'me' }, { user_id: 'u2', username: '小红' }] } },
    { type: 'protocol', id: 'sh', protocol: 'session_host', update: { type: 'logged_in', name: 'ann', role: 'HOST' } },
    { type: 'protocol', id: 'sh', protocol: 'session_host', update: { type: 'session_key', session_key: 'K1' } },
    { type: 'protocol', id: 'fx', protocol: 'file_exchange', update: { type: 'started', session_id: 's1' } },
  ]);
});

describe('plainText', () => {
  it('one line, no control or bidi characters, cut short', () => {
    expect(plainText('a\nb\t c\r\n')).toBe('a b c');
    expect(plainText('\u202eevil\u202c \u0007bell\u200f')).toBe('evil bell');
    const long = plainText('x'.repeat(500));
    expect(Array.from(long)).toHaveLength(MAX_TEXT);
    expect(long.endsWith('…')).toBe(true);
    expect(plainText('😀'.repeat(200), 10)).toBe(`${'😀'.repeat(9)}…`);
  });

  it('markup stays the characters it is', () => {
    expect(plainText('<b>bold</b> <img src=x onerror=alert(1)>')).toBe('<b>bold</b> <img src=x onerror=alert(1)>');
  });
});

describe('noticesFor', () => {
  it('nothing while the window is in front, or for a kind turned off', () => {
    expect(batch(base, [entry({ key: 'k1' })], { prefs: allOn, away: false })).toEqual([]);
    expect(batch(base, [entry({ key: 'k1' })], { prefs: { ...allOn, chat: false }, away: true })).toEqual([]);
  });

  it('a message in The Space: the room and server as title, who and what as body', () => {
    expect(bodies(base, [entry({ key: 'k1', body: { kind: 'text', text: 'hello\nthere' } })])).toEqual([
      'chat | general · Space | bob: hello there',
    ]);
  });

  it('not my own message, not a message already there (confirmed, or sent again)', () => {
    expect(batch(base, [entry({ key: 'm1', mine: true, status: 'pending' })])).toEqual([]);
    const seen = apply(base, [entry({ key: 'k1' })]);
    expect(batch(seen, [entry({ key: 'k1' })])).toEqual([]);
  });

  it('a file in The Space, by name once the file is known', () => {
    const file: Input = {
      type: 'file',
      file: { file_id: 'f1', conn: 'sp', direction: 'received', name: 'plan.pdf', size: 3, is_text: false, target: 'general', state: 'received' },
    };
    expect(bodies(base, [file, entry({ key: 'k2', body: { kind: 'file', file_id: 'f1' } })])).toEqual(['chat | general · Space | bob sent a file: plan.pdf']);
    expect(bodies(base, [entry({ key: 'k3', body: { kind: 'file', file_id: 'f9' } })])).toEqual(['chat | general · Space | bob sent a file']);
  });

  it('several messages of one room in one batch are one notification', () => {
    expect(bodies(base, [entry({ key: 'a' }), entry({ key: 'b' }), entry({ key: 'c', room: 'other' }), entry({ key: 'd' })])).toEqual([
      'chat | general · Space | 3 new messages',
      'chat | other · Space | bob: hi',
    ]);
  });

  it('a roommate’s message in the dorm room; not mine', () => {
    const said = (sender: 'me' | 'roommate', text: string): Input => ({ type: 'protocol', id: 'dorm', protocol: 'dorm', update: { type: 'message', sender, text } });
    expect(bodies(base, [said('roommate', '吃饭了吗？')])).toEqual(['chat | 308 · Dorm | 小红: 吃饭了吗？']);
    expect(batch(base, [said('me', 'hi')])).toEqual([]);
  });

  it('the session started; someone joined it (not me, not my simulated participants)', () => {
    const sh = (update: SessionHostUpdate, id = 'sh'): Input => ({ type: 'protocol', id, protocol: 'session_host', update });
    expect(bodies(base, [sh({ type: 'user_connected', name: 'bob' })])).toEqual(['session | Sessions | bob joined session K1']);
    expect(bodies(base, [sh({ type: 'user_connected', name: 'bob' }), sh({ type: 'user_connected', name: 'cy' })])).toEqual([
      'session | Sessions | 2 people joined session K1',
    ]);
    expect(bodies(base, [sh({ type: 'started', session_key: 'K1' })])).toEqual(['session | Sessions | Session K1 started']);
    expect(batch(base, [sh({ type: 'user_connected', name: 'ann' })])).toEqual([]);
    // My simulated participant: its connection is listed first, then it joins.
    const sims = apply(base, [{ type: 'connection', id: 'sh/sim-1', state: 'connected' }]);
    expect(batch(sims, [sh({ type: 'user_connected', name: 'Simulated 1' })])).toEqual([]);
    // A new session of mine starts from my own name: nobody joined.
    expect(batch(base, [sh({ type: 'session_key', session_key: 'K2' })])).toEqual([]);
    expect(batch(base, [sh({ type: 'started', session_key: 'K1' })], { prefs: { ...allOn, session: false }, away: true })).toEqual([]);
  });

  it('a file exchange file to answer; not the same file sent again', () => {
    const available = (server_file_id: string, file_id: string, repeat = false): Input => ({
      type: 'protocol', id: 'fx', protocol: 'file_exchange', update: { type: 'file_available', server_file_id, file_id, since: 1000, repeat },
    });
    expect(bodies(base, [available('report-1', 'r1')])).toEqual(['exchange_file | Files | New file to answer: report-1']);
    expect(bodies(base, [available('a', 'r1'), available('b', 'r2')])).toEqual(['exchange_file | Files | 2 new files to answer']);
    const has = apply(base, [available('a', 'r1')]);
    expect(batch(has, [available('a', 'r1', true)])).toEqual([]);
  });

  it('in the language of the window: Russian plural forms', async () => {
    const { setLocale } = await import('../src/i18n');
    setLocale('ru');
    try {
      const five = ['a', 'b', 'c', 'd', 'e'].map((key) => entry({ key }));
      expect(batch(base, five)[0].body).toBe('5 новых сообщений');
      expect(batch(base, five.slice(0, 2))[0].body).toBe('2 новых сообщения');
    } finally {
      setLocale('en');
    }
  });
});

describe('the answer deadline', () => {
  const NOW = 1_000_000;
  /** A file that came `ago` ms before NOW, with the 300 s limit. */
  const waiting = (ago: number) =>
    apply(base, [{ type: 'protocol', id: 'fx', protocol: 'file_exchange', update: { type: 'file_available', server_file_id: 'f1', file_id: 'r1', since: NOW - ago, repeat: false } }]);

  it('told once, when less than a minute is left', () => {
    const s = waiting(300_000 - 45_000);
    const first = deadlineNotices(s, NOW, new Set(), away);
    expect(first.notices.map((n) => n.body)).toEqual(['Less than a minute left to answer f1']);
    expect(deadlineNotices(s, NOW, new Set(first.warn), away).notices).toEqual([]);
  });

  it('not yet with more than a minute left; not when it is over; not once answered', () => {
    expect(deadlineNotices(waiting(100_000), NOW, new Set(), away).warn).toEqual([]);
    expect(deadlineNotices(waiting(400_000), NOW, new Set(), away).warn).toEqual([]);
    const answered = apply(waiting(250_000), [{ type: 'protocol', id: 'fx', protocol: 'file_exchange', update: { type: 'answer', server_file_id: 'f1', file_id: 'm1', state: 'answered' } }]);
    expect(deadlineNotices(answered, NOW, new Set(), away).warn).toEqual([]);
  });

  it('in front, or turned off: nothing told, but counted as warned (no late warning)', () => {
    const s = waiting(250_000);
    const front = deadlineNotices(s, NOW, new Set(), { prefs: allOn, away: false });
    expect(front.notices).toEqual([]);
    expect(front.warn).toHaveLength(1);
    expect(deadlineNotices(s, NOW, new Set(), { prefs: { ...allOn, exchange_deadline: false }, away: true }).notices).toEqual([]);
  });

  it('when to look next', () => {
    expect(nextDeadlineIn(waiting(0), NOW, new Set())).toBe(300_000 - DEADLINE_WARN_MS);
    expect(nextDeadlineIn(waiting(250_000), NOW, new Set())).toBe(0);
    expect(nextDeadlineIn(base, NOW, new Set())).toBeNull();
  });
});

describe('the notifier', () => {
  afterEach(() => vi.useRealTimers());

  const make = (away = true) => {
    let state = base;
    let clock = 5_000_000;
    const shown: string[] = [];
    const notifier = createNotifier(
      { get: () => state },
      { notify: async (title, body) => void shown.push(`${title} | ${body}`), away: () => away, prefs: () => allOn, now: () => clock },
    );
    const feed = (inputs: Input[]) => {
      const before = state;
      state = apply(state, inputs);
      notifier.onBatch(inputs, before, state);
    };
    return { shown, feed, tick: (ms: number) => (clock += ms), notifier };
  };

  it('tells each conversation at most once in a while', () => {
    const n = make();
    n.feed([entry({ key: 'a' })]);
    n.feed([entry({ key: 'b' })]);
    expect(n.shown).toEqual(['general · Space | bob: hi']);
    n.tick(QUIET_MS);
    n.feed([entry({ key: 'c', body: { kind: 'text', text: 'later' } })]);
    n.feed([entry({ key: 'd', room: 'other' })]);
    expect(n.shown).toEqual(['general · Space | bob: hi', 'general · Space | bob: later', 'other · Space | bob: hi']);
  });

  it('nothing while the window is in front', () => {
    const n = make(false);
    n.feed([entry({ key: 'a' })]);
    expect(n.shown).toEqual([]);
  });

  it('warns by the clock when a file’s answer time falls under a minute', () => {
    vi.useFakeTimers();
    const n = make();
    n.feed([{ type: 'protocol', id: 'fx', protocol: 'file_exchange', update: { type: 'file_available', server_file_id: 'f1', file_id: 'r1', since: 5_000_000, repeat: false } }]);
    expect(n.shown).toEqual(['Files | New file to answer: f1']);
    n.tick(300_000 - DEADLINE_WARN_MS + 100);
    vi.advanceTimersByTime(300_000 - DEADLINE_WARN_MS + 100);
    expect(n.shown).toEqual(['Files | New file to answer: f1', 'Files | Less than a minute left to answer f1']);
    vi.advanceTimersByTime(120_000);
    expect(n.shown).toHaveLength(2);
    n.notifier.dispose();
  });

  it('a failed notification is not an error', async () => {
    let state = base;
    const notifier = createNotifier({ get: () => state }, { notify: () => Promise.reject(new Error('no daemon')), away: () => true, prefs: () => allOn, now: () => 0 });
    const inputs = [entry({ key: 'a' })];
    const before = state;
    state = apply(state, inputs);
    expect(() => notifier.onBatch(inputs, before, state)).not.toThrow();
    await Promise.resolve();
  });
});

describe('notify, the backend’s command', () => {
  afterEach(() => {
    clearMocks();
    delete (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__;
  });

  it('invokes `notify` with the title, the body and the server it is about', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => void calls.push([cmd, args]));
    await notify('general · Space', 'bob: hi', 'space-1');
    expect(calls).toEqual([['notify', { title: 'general · Space', body: 'bob: hi', conn: 'space-1' }]]);
  });

  it('fails quietly: no such command yet, or no backend', async () => {
    mockIPC(() => {
      throw 'command notify not found';
    });
    await expect(notify('a', 'b', 'c')).resolves.toBeUndefined();
    clearMocks();
    delete (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__;
    await expect(notify('a', 'b', 'c')).resolves.toBeUndefined();
  });
});

describe('the choices in Settings', () => {
  beforeEach(() => {
    localStorage.clear();
    document.body.replaceChildren();
  });
  afterEach(() => document.querySelectorAll('dialog').forEach((d) => d.remove()));

  it('every kind on until turned off, one checkbox each, kept at once', () => {
    expect(notifyPrefs()).toEqual(allOn);
    openSettings();
    const group = document.querySelector('[data-testid=settings-notify]') as HTMLFieldSetElement;
    expect(group.querySelector('legend')?.textContent).toBe('Notifications');
    const boxes = NOTIFY_KINDS.map((k) => document.querySelector(`[data-testid=settings-notify-${k}]`) as HTMLInputElement);
    expect(boxes.every((b) => b.checked)).toBe(true);
    expect(boxes.map((b) => b.closest('label')?.textContent)).toEqual([
      'Messages and files in The Space and in dorm rooms',
      'A session started, or someone joined it',
      'A file exchange file to answer arrived',
      'Less than a minute left to answer a file',
    ]);
    boxes[1].checked = false;
    boxes[1].dispatchEvent(new Event('change'));
    expect(notifyOn('session')).toBe(false);
    expect(localStorage.getItem('switchboard.notify.session')).toBe('off');
    storeNotify('session', true);
    expect(notifyOn('session')).toBe(true);
  });

  it('Settings leads to the list of keyboard shortcuts', () => {
    openSettings();
    (document.querySelector('[data-testid=settings-shortcuts]') as HTMLButtonElement).click();
    expect(document.querySelector('[data-testid=settings-dialog]')).toBeNull();
    expect(document.querySelector('[data-testid=shortcuts-dialog]')).not.toBeNull();
  });
});
