// @vitest-environment jsdom
// The Session tab wired to a real store and a recording `send`: tabs, the host path (log
// in → create → key and QR → members → simulated participants → start), the join path,
// errors beside the control that caused them, copying the key, and the Protocol choice
// in the server form.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Action } from '../src/bindings/Action';
import type { App } from '../src/app';
import type { Profile } from '../src/bindings/Profile';
import type { SessionHostUpdate } from '../src/bindings/SessionHostUpdate';
import { createStore, type Store } from '../src/state/store';
import { lastRequestId, withoutId } from './sent';
import { consoleView } from '../src/views/console';
import { emitForm } from '../src/views/emit-form';
import { openServerForm } from '../src/views/server-form';
import { workArea } from '../src/views/shell/work-area';

const options = (kind: 'console' | 'session_host'): Profile['options'] => ({
  url: 'http://127.0.0.1:5000', path: '/socket.io/', query: [], auth: null, headers: [], transport: 'any',
  ca_file: null, accept_invalid_certs: false, token_profile: null, reconnect: true, protocol: { kind },
});
const sh: Profile = { id: 'sh', name: 'Session host', options: options('session_host') };
const raw: Profile = { id: 'raw', name: 'Plain server', options: options('console') };

const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
const q = <T extends HTMLElement = HTMLElement>(sel: string, root: ParentNode = document) => root.querySelector(sel) as T;
const qa = (sel: string) => Array.from(document.querySelectorAll<HTMLElement>(sel));
const tid = <T extends HTMLElement = HTMLElement>(id: string) => q<T>(`[data-testid=${id}]`);
/** Shown: neither it nor any ancestor is hidden. */
const shown = (node: HTMLElement | null): boolean => {
  for (let n = node; n; n = n.parentElement) if (n.hidden) return false;
  return node !== null;
};
const errorOf = (request: string) => q(`[data-testid=sh-error][data-request=${request}]`);
const type = (id: string, value: string) => {
  const input = tid<HTMLInputElement>(id);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
};
const submit = (id: string) => (tid<HTMLInputElement>(id).form as HTMLFormElement).requestSubmit();

let store: Store;
let sent: Action[];
const update = (u: SessionHostUpdate, id = 'sh') => store.apply({ type: 'protocol', id, protocol: 'session_host', update: u });
/** The backend's answer to the last request sent: done, or refused in `error`'s words. */
const answerLast = (error?: string) => store.apply({ type: 'answer', id: 'sh', request_id: lastRequestId(), error });

beforeEach(async () => {
  document.body.replaceChildren();
  store = createStore();
  sent = [];
  const app: App = { store, send: async (a) => (a.type === 'history' || sent.push(withoutId(a)), null) };
  document.body.append(workArea(app, [consoleView(app), emitForm(app)]));
  store.apply({ type: 'profiles', profiles: [sh, raw] }, { type: 'connection', id: 'sh', state: 'connected' });
  await frame();
});

afterEach(() => vi.unstubAllGlobals());

async function logIn(name: string) {
  type('sh-name', name);
  submit('sh-name');
  update({ type: 'logged_in', name, role: 'USER' });
  await frame();
}

async function host() {
  await logIn('ann');
  tid('sh-create').click();
  update({ type: 'session_key', session_key: 'K7QX2' });
  await frame();
}

describe('tabs', () => {
  it('a session-host server shows Session (default) and Console tabs', () => {
    const list = q('[role=tablist]');
    expect(shown(list)).toBe(true);
    expect(tid('tab-session').getAttribute('aria-selected')).toBe('true');
    expect(tid('tab-console').getAttribute('aria-selected')).toBe('false');
    expect(shown(tid('session-view'))).toBe(true);
    expect(shown(tid('console-filter'))).toBe(false);
    const panel = document.getElementById(tid('tab-session').getAttribute('aria-controls') as string) as HTMLElement;
    expect(panel.getAttribute('role')).toBe('tabpanel');
    expect(panel.getAttribute('aria-labelledby')).toBe(tid('tab-session').id);
  });

  it('arrow keys, Home and End move between tabs; only the selected one is in the Tab order', () => {
    const [session, cons] = [tid('tab-session'), tid('tab-console')];
    const key = (target: HTMLElement, k: string) => target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
    session.focus();
    key(session, 'ArrowRight');
    expect(document.activeElement).toBe(cons);
    expect(cons.getAttribute('aria-selected')).toBe('true');
    expect([session.tabIndex, cons.tabIndex]).toEqual([-1, 0]);
    expect(shown(tid('console-filter'))).toBe(true);
    expect(shown(tid('session-view'))).toBe(false);
    key(cons, 'ArrowRight'); // wraps
    expect(document.activeElement).toBe(session);
    key(session, 'ArrowLeft'); // wraps back
    expect(document.activeElement).toBe(cons);
    key(cons, 'Home');
    expect(session.getAttribute('aria-selected')).toBe('true');
    key(session, 'End');
    expect(cons.getAttribute('aria-selected')).toBe('true');
  });

  it('a console server shows the console alone; the chosen tab is kept per server', async () => {
    tid('tab-console').click();
    store.apply({ type: 'ui/select', id: 'raw' });
    await frame();
    expect(shown(q('[role=tablist]'))).toBe(false);
    expect(shown(tid('console-filter'))).toBe(true);
    expect(shown(tid('session-view'))).toBe(false);
    store.apply({ type: 'ui/select', id: 'sh' });
    await frame();
    expect(tid('tab-console').getAttribute('aria-selected')).toBe('true');
  });
});

describe('session view: host', () => {
  it('log in (Enter submits) → name and role badge, Log out, and the two paths', async () => {
    expect(shown(tid('sh-name'))).toBe(true);
    expect(shown(tid('sh-create'))).toBe(false);
    type('sh-name', '  ann ');
    submit('sh-name');
    expect(sent).toEqual([{ type: 'request', id: 'sh', protocol: 'session_host', action: { type: 'login', name: 'ann' } }]);
    update({ type: 'logged_in', name: 'ann', role: 'USER' });
    await frame();
    expect(shown(tid('sh-name'))).toBe(false);
    expect(tid('sh-role').textContent).toBe('User');
    expect(tid('sh-role').dataset.role).toBe('USER');
    expect(shown(tid('sh-logout'))).toBe(true);
    expect(shown(tid('sh-create'))).toBe(true);
    expect(shown(tid('sh-join-key'))).toBe(true);
    tid('sh-logout').click();
    expect(sent.at(-1)).toEqual({ type: 'request', id: 'sh', protocol: 'session_host', action: { type: 'logout' } });
    update({ type: 'logged_out' });
    await frame();
    expect(shown(tid('sh-name'))).toBe(true);
  });

  it('create → the key large with a QR code, members growing, Start for the HOST only', async () => {
    await host();
    expect(sent.at(-1)).toEqual({ type: 'request', id: 'sh', protocol: 'session_host', action: { type: 'create_session' } });
    expect(tid('sh-key').textContent).toBe('K7QX2');
    expect(tid('sh-role').textContent).toBe('Host');
    expect(shown(tid('sh-create'))).toBe(false);
    const svg = q('svg', tid('sh-qr'));
    expect(shown(tid('sh-qr'))).toBe(true);
    expect(svg.getAttribute('aria-label')).toContain('K7QX2');
    expect(svg.querySelector('path')?.getAttribute('d')).toMatch(/^M\d/);
    expect(qa('[data-testid=sh-member]').map((m) => m.dataset.name)).toEqual(['ann']);
    update({ type: 'user_connected', name: 'bob' });
    update({ type: 'user_connected', name: 'bob' });
    update({ type: 'user_connected', name: 'cy' });
    await frame();
    expect(qa('[data-testid=sh-members] [data-testid=sh-member]').map((m) => m.dataset.name)).toEqual(['ann', 'bob', 'cy']);
    expect(tid<HTMLButtonElement>('sh-start').disabled).toBe(false);
    tid('sh-start').click();
    expect(sent.at(-1)).toEqual({ type: 'request', id: 'sh', protocol: 'session_host', action: { type: 'start', session_key: 'K7QX2' } });
    expect(shown(tid('sh-started'))).toBe(false);
    update({ type: 'started', session_key: 'K7QX2' });
    await frame();
    // A clear state of the session: a status pill with its key and member count; Start goes.
    expect(shown(tid('sh-started'))).toBe(true);
    expect(tid('sh-started').getAttribute('role')).toBe('status');
    expect(q('strong', tid('sh-started')).textContent).toBe('Session running');
    expect(q('.sh-running-key', tid('sh-started')).textContent).toBe('key K7QX2');
    expect(q('.sh-running-count', tid('sh-started')).textContent).toBe('3 members');
    expect(tid<HTMLButtonElement>('sh-start').disabled).toBe(true);
    expect(shown(tid('sh-start'))).toBe(false);
  });

  it('members are listed by name, whatever order they joined in', async () => {
    await host();
    for (const name of ['zoe', 'Bob', 'anna', 'Émile']) update({ type: 'user_connected', name });
    await frame();
    expect(qa('[data-testid=sh-members] [data-testid=sh-member]').map((m) => m.dataset.name)).toEqual(['ann', 'anna', 'Bob', 'Émile', 'zoe']);
  });

  it('Start is disabled while the connection is down', async () => {
    await host();
    store.apply({ type: 'connection', id: 'sh', state: 'reconnecting', attempt: 1, delay_ms: 1000 });
    await frame();
    expect(tid<HTMLButtonElement>('sh-start').disabled).toBe(true);
  });

  it('simulated participants: add 1–16, listed with a marker and state, removable', async () => {
    await host();
    type('sh-sim-count', '3');
    submit('sh-sim-count');
    expect(sent.at(-1)).toEqual({ type: 'simulate_participants', id: 'sh', session_key: 'K7QX2', count: 3 });
    store.apply(
      { type: 'connection', id: 'sh/sim-1', state: 'connected' },
      { type: 'connection', id: 'sh/sim-2', state: 'connecting', attempt: 1 },
    );
    update({ type: 'user_connected', name: 'Simulated 1' });
    await frame();
    const rows = qa('[data-testid=sh-sim]');
    expect(rows.map((r) => r.dataset.id)).toEqual(['sh/sim-1', 'sh/sim-2']);
    expect(rows[0].textContent).toContain('Simulated 1');
    expect(rows[0].textContent).toContain('simulated');
    expect(rows[0].textContent).toContain('Connected');
    expect(rows[1].textContent).toContain('Connecting (attempt 1)');
    const member = q('[data-testid=sh-member][data-name="Simulated 1"] .sh-sim-tag');
    expect(shown(member)).toBe(true);
    (rows[0].querySelector('[data-testid=sh-sim-remove]') as HTMLButtonElement).click();
    await frame();
    expect(sent.at(-1)).toEqual({ type: 'disconnect', id: 'sh/sim-1' });
    expect(qa('[data-testid=sh-sim]').map((r) => r.dataset.id)).toEqual(['sh/sim-2']);
  });

  it('a count outside 1–16 is refused beside the count field', async () => {
    await host();
    const before = sent.length;
    for (const bad of ['0', '17', '2.5', '']) {
      type('sh-sim-count', bad);
      submit('sh-sim-count');
      await frame();
      expect(errorOf('simulate').textContent).toBe('Choose a whole number from 1 to 16.');
      expect(tid('sh-sim-count').getAttribute('aria-invalid')).toBe('true');
    }
    expect(sent.length).toBe(before);
    type('sh-sim-count', '16');
    submit('sh-sim-count');
    await frame();
    expect(errorOf('simulate').textContent).toBe('');
  });

  it('Copy writes the key and says so; without a clipboard it says what to do', async () => {
    await host();
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
    tid('sh-copy').click();
    await frame();
    expect(writeText).toHaveBeenCalledWith('K7QX2');
    expect(q('.sh-copy-status').textContent).toBe('Copied');
    vi.stubGlobal('navigator', { ...navigator, clipboard: undefined });
    tid('sh-copy').click();
    await frame();
    expect(q('.sh-copy-status').textContent).toMatch(/^Copying is not available here/);
  });
});

describe('session view: join', () => {
  it('join by key → CLIENT: the key, members, waiting for the host, Start disabled', async () => {
    await logIn('bob');
    type('sh-join-key', ' K7QX2 ');
    submit('sh-join-key');
    expect(sent.at(-1)).toEqual({ type: 'request', id: 'sh', protocol: 'session_host', action: { type: 'join_session', session_key: 'K7QX2' } });
    update({ type: 'user_connected', name: 'bob' });
    await frame();
    expect(tid('sh-role').textContent).toBe('Client');
    expect(tid('sh-key').textContent).toBe('K7QX2');
    expect(shown(tid('sh-qr'))).toBe(false);
    expect(shown(tid('sh-sim-add'))).toBe(false);
    expect(qa('[data-testid=sh-member]').map((m) => m.dataset.name)).toEqual(['bob']);
    expect(tid<HTMLButtonElement>('sh-start').disabled).toBe(true);
    expect(shown(q('.sh-waiting'))).toBe(true);
    update({ type: 'user_connected', name: 'cy' });
    update({ type: 'started' });
    await frame();
    expect(qa('[data-testid=sh-member]').map((m) => m.dataset.name)).toEqual(['bob', 'cy']);
    expect(shown(q('.sh-waiting'))).toBe(false);
    expect(shown(tid('sh-started'))).toBe(true);
  });
});

describe('session view: errors beside their control', () => {
  const visibleErrors = () => qa('[data-testid=sh-error]').filter((e) => shown(e) && e.textContent);

  it('login: an empty name, then the server’s refusal, under the name field; cleared on the next attempt', async () => {
    submit('sh-name');
    await frame();
    expect(sent).toEqual([]);
    const slot = errorOf('login');
    expect(slot.textContent).toBe('Write a name to log in with.');
    expect((tid('sh-name').closest('form') as HTMLElement).contains(slot)).toBe(true);
    expect(tid('sh-name').getAttribute('aria-describedby')).toContain(slot.id);
    type('sh-name', 'x'.repeat(80));
    submit('sh-name');
    answerLast('login: the name is longer than 64 characters.');
    await frame();
    expect(visibleErrors()).toEqual([slot]);
    expect(slot.textContent).toBe('login: the name is longer than 64 characters.');
    type('sh-name', 'ann');
    submit('sh-name');
    await frame();
    expect(slot.textContent).toBe('');
  });

  it('join: under the key field, not under Create', async () => {
    await logIn('bob');
    type('sh-join-key', 'NOPE');
    submit('sh-join-key');
    answerLast('no session with key NOPE.');
    await frame();
    const slot = errorOf('join_session');
    expect(visibleErrors()).toEqual([slot]);
    expect((tid('sh-join-key').closest('form') as HTMLElement).contains(slot)).toBe(true);
    expect(errorOf('create_session').textContent).toBe('');
    tid('sh-create').click();
    await frame();
    expect(slot.textContent).toBe('');
  });

  it('create and start errors each beside their button', async () => {
    await logIn('ann');
    tid('sh-create').click();
    answerLast('you are already in a session.');
    await frame();
    expect(visibleErrors()).toEqual([errorOf('create_session')]);
    tid('sh-create').click();
    update({ type: 'session_key', session_key: 'K1' });
    await frame();
    tid('sh-start').click();
    answerLast('only the host of the session can start it.');
    await frame();
    expect(visibleErrors()).toEqual([errorOf('start')]);
    expect(tid('sh-start').parentElement?.parentElement?.contains(errorOf('start'))).toBe(true);
  });

  it('an error answering no request shows at the top of the view', async () => {
    await logIn('bob');
    type('sh-join-key', 'K1');
    submit('sh-join-key');
    update({ type: 'user_connected', name: 'bob' });
    update({ type: 'error', message: 'The host left; the session is closed.' });
    await frame();
    expect(visibleErrors()).toEqual([errorOf('general')]);
    expect(errorOf('general').textContent).toBe('The host left; the session is closed.');
  });

  it('a refusal by the backend shows beside the control too', async () => {
    document.body.replaceChildren();
    store = createStore();
    const app: App = { store, send: async () => ({ kind: 'not_connected', message: 'the connection is closed' }) };
    document.body.append(workArea(app, []));
    store.apply({ type: 'profiles', profiles: [sh] }, { type: 'connection', id: 'sh', state: 'connected' });
    await frame();
    type('sh-name', 'ann');
    submit('sh-name');
    await frame();
    await frame();
    expect(errorOf('login').textContent).toBe('Not connected: the connection is closed');
  });

  it('offline: says to connect first, and requests are not sent', async () => {
    store.apply({ type: 'connection', id: 'sh', state: 'disconnected', reason: '' });
    await frame();
    expect(shown(q('.sh-offline'))).toBe(true);
    expect(tid<HTMLButtonElement>('sh-login').disabled).toBe(true);
    type('sh-name', 'ann');
    submit('sh-name');
    expect(sent).toEqual([]);
  });
});

describe('server form', () => {
  it('saves the Protocol choice into options.protocol', async () => {
    const app: App = { store, send: async (a) => (a.type === 'history' || sent.push(withoutId(a)), null) };
    openServerForm(app, null);
    type('server-name', 'Host');
    type('server-url', 'http://127.0.0.1:5000');
    const protocol = tid<HTMLSelectElement>('server-protocol');
    expect(protocol.value).toBe('console');
    expect(Array.from(protocol.options, (o) => o.value)).toEqual(['console', 'session_host', 'dorm', 'space', 'file_exchange']);
    protocol.value = 'session_host';
    (q('dialog form') as HTMLFormElement).requestSubmit();
    await frame();
    const save = sent.find((a) => a.type === 'save_profile');
    expect(save && save.type === 'save_profile' && save.profile.options.protocol).toEqual({ kind: 'session_host' });
  });

  it('shows a saved server’s protocol', () => {
    const app: App = { store, send: async (a) => (a.type === 'history' || sent.push(withoutId(a)), null) };
    openServerForm(app, sh);
    expect(tid<HTMLSelectElement>('server-protocol').value).toBe('session_host');
  });
});
