// @vitest-environment jsdom
// The Room tab of a dorm server wired to a real store and a recording `send`: tabs, join →
// room card and cells, live activity changes, the palette by mouse and by keys 0–9 /
// Escape (not while typing), the chat's Enter and Shift+Enter, errors beside the control
// that caused them, leaving and rejoining, and the Protocol choice in the server form.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Action } from '../src/bindings/Action';
import type { App } from '../src/app';
import type { DormUpdate } from '../src/bindings/DormUpdate';
import type { Profile } from '../src/bindings/Profile';
import { createStore, type Store } from '../src/state/store';
import { lastRequestId, withoutId } from './sent';
import { consoleView } from '../src/views/console';
import { nextMinuteIn } from '../src/views/dorm/dorm-view';
import { stayText } from '../src/views/dorm/mate-cell';
import { emitForm } from '../src/views/emit-form';
import { openServerForm } from '../src/views/server-form';
import { workArea } from '../src/views/shell/work-area';
import { emptyDorm, applyDormUpdate } from '../src/state/dorm';

const options = (kind: 'console' | 'dorm', token_profile: string | null = 'dorm'): Profile['options'] => ({
  url: 'http://127.0.0.1:5001', path: '/socket.io/', query: [], auth: null, headers: [], transport: 'any',
  ca_file: null, accept_invalid_certs: false, token_profile, reconnect: true, protocol: { kind },
});
const dormProfile: Profile = { id: 'dorm', name: 'Dorm', options: options('dorm') };
const raw: Profile = { id: 'raw', name: 'Plain server', options: options('console', null) };

const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
const q = <T extends HTMLElement = HTMLElement>(sel: string, root: ParentNode = document) => root.querySelector(sel) as T;
const qa = (sel: string, root: ParentNode = document) => Array.from(root.querySelectorAll<HTMLElement>(sel));
const tid = <T extends HTMLElement = HTMLElement>(id: string) => q<T>(`[data-testid=${id}]`);
const shown = (node: HTMLElement | null): boolean => {
  for (let n = node; n; n = n.parentElement) if (n.hidden) return false;
  return node !== null;
};
const errorOf = (request: string) => q(`[data-testid=dorm-error][data-request=${request}]`);
const visibleErrors = () => qa('[data-testid=dorm-error]').filter((e) => shown(e) && e.textContent);
const mate = (userId: string) => q(`[data-testid=dorm-mate][data-user-id="${userId}"]`);
const key = (k: string, target: EventTarget = document.body, more: KeyboardEventInit = {}) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...more }));

let store: Store;
let sent: Action[];
const update = (u: DormUpdate, id = 'dorm') => store.apply({ type: 'protocol', id, protocol: 'dorm', update: u });
/** The backend's answer to the last request sent: refused in `error`'s words. */
const refuseLast = (error: string) => store.apply({ type: 'answer', id: 'dorm', request_id: lastRequestId(), error });
/** The backend's answer to the last request sent: done. */
const doneLast = () => store.apply({ type: 'answer', id: 'dorm', request_id: lastRequestId() });
const dormActions = () => sent.flatMap((a) => (a.type === 'request' && a.protocol === 'dorm' ? [a.action] : []));

const NOW = Date.now();
const roomUpdate = (over: Partial<Extract<DormUpdate, { type: 'room' }>> = {}): DormUpdate => ({
  type: 'room',
  me: { user_id: '1', username: 'alice' },
  room: { room_id: '101', room_name: 'Room 101', owner_id: '1', room_size: 4, count: 2, create_time: Date.UTC(2024, 2, 5, 14, 7, 9), notice: 'Quiet hours 23:00–07:00.\nTrash on Tuesdays.' },
  roommates: [
    { user_id: '1', username: 'alice', join_time: NOW - 30_000 },
    { user_id: '2', username: 'bob', action: '05', join_time: NOW - 65 * 60_000 - 10_000 },
  ],
  ...over,
});

function mount(send: App['send'] = async (a) => (a.type === 'history' || sent.push(withoutId(a)), null)) {
  document.body.replaceChildren();
  store = createStore();
  sent = [];
  const app: App = { store, send };
  document.body.append(workArea(app, [consoleView(app), emitForm(app)]));
  store.apply({ type: 'profiles', profiles: [dormProfile, raw] }, { type: 'connection', id: 'dorm', state: 'connected' });
}

async function joined(over: Partial<Extract<DormUpdate, { type: 'room' }>> = {}) {
  tid('dorm-join').click();
  update(roomUpdate(over));
  doneLast();
  await frame();
}

beforeEach(async () => {
  mount();
  await frame();
});

afterEach(() => vi.useRealTimers());

describe('tabs', () => {
  it('a dorm server shows Room (default) and Console; the Session tab is not offered', () => {
    expect(shown(tid('tab-room'))).toBe(true);
    expect(tid('tab-room').getAttribute('aria-selected')).toBe('true');
    expect(shown(tid('tab-session'))).toBe(false);
    expect(shown(tid('dorm-view'))).toBe(true);
    expect(shown(tid('session-view'))).toBe(false);
    expect(shown(tid('console-filter'))).toBe(false);
  });

  it('arrow keys move between the offered tabs only', () => {
    const [room, cons] = [tid('tab-room'), tid('tab-console')];
    room.focus();
    key('ArrowRight', room);
    expect(document.activeElement).toBe(cons);
    expect(shown(tid('console-filter'))).toBe(true);
    key('ArrowRight', cons);
    expect(document.activeElement).toBe(room);
    key('ArrowLeft', room);
    expect(document.activeElement).toBe(cons);
  });

  it('a console server shows no tabs and no room', async () => {
    store.apply({ type: 'ui/select', id: 'raw' });
    await frame();
    expect(shown(q('[role=tablist]'))).toBe(false);
    expect(shown(tid('dorm-view'))).toBe(false);
    expect(shown(tid('console-filter'))).toBe(true);
  });
});

describe('joining', () => {
  it('Join sends join; the answer fills the room card and the floor plan', async () => {
    expect(shown(tid('dorm-join'))).toBe(true);
    expect(shown(tid('dorm-leave'))).toBe(false);
    expect(shown(tid('dorm-floor'))).toBe(false);
    tid('dorm-join').click();
    expect(dormActions()).toEqual([{ type: 'join' }]);
    expect(sent[0]).toEqual({ type: 'request', id: 'dorm', protocol: 'dorm', action: { type: 'join' } });
    await frame();
    expect(tid<HTMLButtonElement>('dorm-join').disabled).toBe(true); // until the answer
    expect(shown(q('.dorm-joining'))).toBe(true);
    update(roomUpdate());
    doneLast();
    await frame();

    expect(tid('dorm-room-name').textContent).toBe('Room 101');
    expect(tid('dorm-seats').textContent).toBe('2 of 4 seats taken');
    const chairs = qa('svg', tid('dorm-seats'));
    expect(chairs.map((s) => s.dataset.icon)).toEqual(['seat-taken', 'seat-taken', 'seat-free', 'seat-free']);
    expect(tid('dorm-notice').textContent).toBe('Quiet hours 23:00–07:00.\nTrash on Tuesdays.');
    expect(tid('dorm-created').textContent).toMatch(/^Created .*2024/);
    expect(shown(tid('dorm-join'))).toBe(false);
    expect(shown(tid('dorm-leave'))).toBe(true);
    expect(shown(tid('dorm-refresh'))).toBe(true);
    expect(shown(q('.dorm-joining'))).toBe(false);

    const cells = qa('[data-testid=dorm-mate]');
    expect(cells.map((c) => [c.dataset.userId, c.dataset.action])).toEqual([['1', 'none'], ['2', '05']]);
    expect(qa('[data-testid=dorm-free-seat]')).toHaveLength(2);
    expect(qa('.dorm-floor > li')).toHaveLength(4);
    const me = mate('1');
    expect(shown(q('.dorm-you', me))).toBe(true);
    expect(shown(q('.dorm-you', mate('2')))).toBe(false);
    expect(q('.dorm-mate-name', me).textContent).toBe('alice');
    expect(q('[data-testid=dorm-mate-activity]', me).textContent).toBe('No activity');
    expect(q('[data-testid=dorm-mate-activity]', mate('2')).textContent).toBe('Sleeping');
    expect(q('svg', mate('2')).dataset.icon).toBe('05');
    expect(q('svg', mate('2')).getAttribute('width')).toBe('48');
    expect(q('.dorm-mate-stay', mate('2')).textContent).toBe('in the room for 1\u00a0h 5\u00a0min');
    expect(q('.dorm-mate-stay', me).textContent).toBe('in the room for less than a minute');
  });

  it('a room of two has two cells', async () => {
    await joined({ room: { room_id: '2', room_name: 'Room 202', room_size: 2, notice: '' } });
    expect(qa('.dorm-floor > li')).toHaveLength(2);
    expect(tid('dorm-seats').textContent).toBe('2 of 2 seats taken');
    expect(shown(tid('dorm-notice'))).toBe(false);
    expect(shown(q('.dorm-notice-empty'))).toBe(true);
  });

  it('Refresh re-sends join; Leave, then Rejoin', async () => {
    await joined();
    tid('dorm-refresh').click();
    expect(dormActions().at(-1)).toEqual({ type: 'join' });
    update(roomUpdate());
    doneLast();
    tid('dorm-leave').click();
    expect(dormActions().at(-1)).toEqual({ type: 'leave' });
    update({ type: 'left' });
    doneLast();
    await frame();
    expect(shown(tid('dorm-rejoin'))).toBe(true);
    expect(shown(tid('dorm-leave'))).toBe(false);
    expect(shown(tid('dorm-refresh'))).toBe(false);
    expect(shown(tid('dorm-floor'))).toBe(false);
    expect(shown(tid('dorm-palette'))).toBe(false);
    expect(q('.dorm-status').textContent).toMatch(/^You left the room/);
    tid('dorm-rejoin').click();
    expect(dormActions().at(-1)).toEqual({ type: 'join' });
  });
});

describe('activity, live', () => {
  it('an activity update changes the cell’s icon, label and data-action, and flashes it', async () => {
    await joined();
    const cell = mate('2');
    expect(cell.classList.contains('changed')).toBe(false);
    update({ type: 'activity', user_id: '2', action: '07', time: NOW });
    await frame();
    expect(mate('2')).toBe(cell); // updated in place
    expect(cell.dataset.action).toBe('07');
    expect(q('svg', cell).dataset.icon).toBe('07');
    expect(q('[data-testid=dorm-mate-activity]', cell).textContent).toBe('On the phone');
    expect(q('.dorm-mate-since', cell).textContent).toMatch(/^since /);
    expect(cell.classList.contains('changed')).toBe(true);
    update({ type: 'activity', user_id: '2', time: NOW });
    await frame();
    expect(cell.dataset.action).toBe('none');
    expect(q('svg', cell).dataset.icon).toBe('none');
    expect(q('[data-testid=dorm-mate-activity]', cell).textContent).toBe('No activity');
  });

  it('an unknown code shows the neutral icon with the code in words', async () => {
    await joined();
    update({ type: 'activity', user_id: '2', action: '42' });
    await frame();
    expect(mate('2').dataset.action).toBe('42');
    expect(q('svg', mate('2')).dataset.icon).toBe('none');
    expect(q('[data-testid=dorm-mate-activity]', mate('2')).textContent).toBe('Unknown activity (42)');
  });

  it('someone not in the roster takes a free seat as "user <id>"', async () => {
    await joined();
    update({ type: 'activity', user_id: '99', action: '09' });
    await frame();
    const cell = mate('99');
    expect(q('.dorm-mate-name', cell).textContent).toBe('user 99');
    expect(cell.dataset.action).toBe('09');
    expect(qa('[data-testid=dorm-free-seat]')).toHaveLength(1);
    expect(tid('dorm-seats').textContent).toBe('3 of 4 seats taken');
  });

  it('"in the room for" ticks as the minute turns', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date', 'requestAnimationFrame'] });
    vi.setSystemTime(NOW);
    mount();
    vi.advanceTimersByTime(100);
    tid('dorm-join').click();
    update(roomUpdate());
    vi.advanceTimersByTime(100);
    expect(q('.dorm-mate-stay', mate('1')).textContent).toBe('in the room for less than a minute');
    vi.advanceTimersByTime(30_000);
    expect(q('.dorm-mate-stay', mate('1')).textContent).toBe('in the room for 1\u00a0min');
    expect(q('.dorm-mate-stay', mate('2')).textContent).toBe('in the room for 1\u00a0h 5\u00a0min');
    vi.advanceTimersByTime(60_000);
    expect(q('.dorm-mate-stay', mate('2')).textContent).toBe('in the room for 1\u00a0h 6\u00a0min');
  });

  it('stays in words: under a minute, minutes, hours, days; nothing without a join time', () => {
    const m = 60_000;
    expect(stayText(NOW - 59_000, NOW)).toBe('in the room for less than a minute');
    expect(stayText(NOW - 12 * m, NOW)).toBe('in the room for 12\u00a0min');
    expect(stayText(NOW - 60 * m, NOW)).toBe('in the room for 1\u00a0h 0\u00a0min');
    expect(stayText(NOW - (49 * 60 + 7) * m, NOW)).toBe('in the room for 2\u00a0d 1\u00a0h');
    expect(stayText(null, NOW)).toBe('');
  });

  it('the next tick comes when someone’s minute turns', () => {
    const d = applyDormUpdate(emptyDorm(), roomUpdate());
    expect(nextMinuteIn(d, NOW)).toBe(30_000);
    expect(nextMinuteIn(emptyDorm(), NOW)).toBeNull();
  });
});

describe('the palette', () => {
  const button = (code: string) => q<HTMLButtonElement>(`[data-testid=dorm-activity][data-code="${code}"]`);

  it('ten activities and No activity, each with its label; a click sets mine', async () => {
    await joined();
    const buttons = qa('[data-testid=dorm-palette] [data-testid=dorm-activity]');
    expect(buttons.map((b) => b.dataset.code)).toEqual(['00', '01', '02', '03', '04', '05', '06', '07', '08', '09', 'none']);
    expect(buttons.map((b) => q('.dorm-activity-label', b).textContent)).toEqual([
      'Eating snacks', 'Using the toilet', 'Showering', 'Washing up', 'Doing laundry', 'Sleeping',
      'On the internet', 'On the phone', 'Changing clothes', 'Studying', 'No activity',
    ]);
    expect(button('none').getAttribute('aria-pressed')).toBe('true');
    button('03').click();
    expect(sent.at(-1)).toEqual({ type: 'request', id: 'dorm', protocol: 'dorm', action: { type: 'set_activity', code: '03' } });
    update({ type: 'activity', user_id: '1', action: '03' });
    await frame();
    expect(button('03').getAttribute('aria-pressed')).toBe('true');
    expect(button('none').getAttribute('aria-pressed')).toBe('false');
    expect(mate('1').dataset.action).toBe('03');
    button('none').click();
    expect(sent.at(-1)).toEqual({ type: 'request', id: 'dorm', protocol: 'dorm', action: { type: 'set_activity' } });
  });

  it('keys 0–9 set the activity and Escape clears it', async () => {
    await joined();
    for (const k of ['0', '5', '9']) key(k);
    key('Escape');
    expect(dormActions()).toEqual([
      { type: 'join' },
      { type: 'set_activity', code: '00' },
      { type: 'set_activity', code: '05' },
      { type: 'set_activity', code: '09' },
      { type: 'set_activity' },
    ]);
    // From a focused button too.
    tid('dorm-refresh').focus();
    key('7', tid('dorm-refresh'));
    expect(dormActions().at(-1)).toEqual({ type: 'set_activity', code: '07' });
  });

  it('keys are ignored while typing, with modifiers, when repeated, and outside the room', async () => {
    await joined();
    const before = sent.length;
    const input = tid<HTMLTextAreaElement>('dorm-chat-input');
    input.focus();
    key('5', input);
    key('Escape', input);
    key('5', document.body, { ctrlKey: true });
    key('5', document.body, { repeat: true });
    key('a');
    expect(sent.length).toBe(before);
    tid('tab-console').click(); // the Room tab is not on screen
    key('5');
    expect(sent.length).toBe(before);
    tid('tab-room').click();
    update({ type: 'left' });
    await frame();
    key('5');
    expect(sent.length).toBe(before);
  });

  it('disabled before joining and while offline', async () => {
    expect(shown(tid('dorm-palette'))).toBe(false);
    key('5');
    expect(sent).toEqual([]);
    await joined();
    store.apply({ type: 'connection', id: 'dorm', state: 'reconnecting', attempt: 1, delay_ms: 1000 });
    await frame();
    expect(button('05').disabled).toBe(true);
    expect(shown(q('.dorm-offline'))).toBe(true);
    key('5');
    expect(dormActions()).toEqual([{ type: 'join' }]);
  });

  it('an activity error shows under the palette', async () => {
    await joined();
    button('04').click();
    refuseLast('Unknown action "04x".');
    await frame();
    expect(visibleErrors()).toEqual([errorOf('set_activity')]);
    expect(errorOf('set_activity').textContent).toBe('Unknown action "04x".');
    expect(q('.dorm-palette-box').contains(errorOf('set_activity'))).toBe(true);
    button('05').click();
    await frame();
    expect(errorOf('set_activity').textContent).toBe('');
  });
});

describe('the chat', () => {
  const input = () => tid<HTMLTextAreaElement>('dorm-chat-input');
  const typeText = (text: string) => {
    input().value = text;
    input().dispatchEvent(new Event('input', { bubbles: true }));
  };

  it('Enter sends, Shift+Enter does not; the input empties once sent', async () => {
    await joined();
    typeText('first line');
    expect(key('Enter', input(), { shiftKey: true })).toBe(true); // not prevented: a new line
    expect(dormActions().filter((a) => a.type === 'message')).toEqual([]);
    typeText('first line\nsecond');
    expect(key('Enter', input())).toBe(false); // prevented: sent instead
    expect(sent.at(-1)).toEqual({ type: 'request', id: 'dorm', protocol: 'dorm', action: { type: 'message', text: 'first line\nsecond' } });
    await frame();
    expect(input().value).toBe('');
    typeText('via button');
    tid('dorm-chat-send').click();
    expect(dormActions().at(-1)).toEqual({ type: 'message', text: 'via button' });
  });

  it('mine on the right, my roommates’ on the left, with their time and line breaks', async () => {
    await joined();
    update({ type: 'message', sender: 'me', text: 'hi', time: NOW });
    update({ type: 'message', sender: 'roommate', text: 'yo\nthere' });
    await frame();
    const rows = qa('[data-testid=dorm-chat] [data-testid=dorm-message]');
    expect(rows.map((r) => r.dataset.sender)).toEqual(['me', 'roommate']);
    expect(q('.dorm-message-author', rows[0]).textContent).toBe('You');
    expect(q('time', rows[0])).not.toBeNull();
    expect(q('.dorm-message-author', rows[1]).textContent).toBe('Roommate');
    expect(q('time', rows[1])).toBeNull();
    expect(q('.dorm-message-text', rows[1]).textContent).toBe('yo\nthere');
    expect(rows[0].classList.contains('me')).toBe(true);
  });

  it('a time no Date holds shows as invalid on its own message; its neighbours render with their times', async () => {
    await joined();
    const bad = [1e16, -1e16, NaN, Infinity, -Infinity];
    update({ type: 'message', sender: 'me', text: 'first', time: NOW });
    for (const time of bad) update({ type: 'message', sender: 'roommate', text: `at ${time}`, time });
    update({ type: 'message', sender: 'me', text: 'last', time: NOW });
    await frame();
    const rows = qa('[data-testid=dorm-chat] [data-testid=dorm-message]');
    expect(rows.map((r) => q('.dorm-message-text', r).textContent)).toEqual(['first', ...bad.map((time) => `at ${time}`), 'last']);
    const clock = new Date(NOW).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
    for (const r of [rows[0], rows.at(-1) as HTMLElement]) {
      expect(q('time', r).textContent).toBe(clock);
      expect(q('time', r).getAttribute('datetime')).toBe(new Date(NOW).toISOString());
    }
    for (const r of rows.slice(1, -1)) {
      expect(q('time', r).textContent).toBe('invalid time');
      expect(q('time', r).hasAttribute('datetime')).toBe(false);
    }
  });

  it('a roommate’s activity since a time no Date holds says the time is invalid; the stay is left out', async () => {
    await joined({ roommates: [{ user_id: '1', username: 'alice', join_time: NOW }, { user_id: '2', username: 'bob', action: '05', join_time: 1e16 }] });
    update({ type: 'activity', user_id: '2', action: '03', time: NaN });
    await frame();
    expect(q('.dorm-mate-since', mate('2')).textContent).toBe('since invalid time');
    expect(shown(q('.dorm-mate-stay', mate('2')))).toBe(false);
    expect(stayText(Infinity, NOW)).toBe('');
  });

  it('in a room of two, a roommate’s message carries their name', async () => {
    await joined({ room: { room_id: '2', room_name: 'Room 202', room_size: 2, notice: '' } });
    update({ type: 'message', sender: 'roommate', text: 'yo' });
    await frame();
    expect(q('[data-testid=dorm-message] .dorm-message-author').textContent).toBe('bob');
  });

  it('an empty message is refused under the input; the server’s refusal too', async () => {
    await joined();
    const before = sent.length;
    typeText('   ');
    key('Enter', input());
    await frame();
    expect(sent.length).toBe(before);
    expect(visibleErrors()).toEqual([errorOf('message')]);
    expect(errorOf('message').textContent).toBe('Write a message first.');
    expect(tid('dorm-chat').contains(errorOf('message'))).toBe(true);
    expect(input().getAttribute('aria-invalid')).toBe('true');
    typeText('x'.repeat(1001));
    key('Enter', input());
    refuseLast('The message is longer than 1000 characters (1001).');
    await frame();
    expect(errorOf('message').textContent).toBe('The message is longer than 1000 characters (1001).');
  });

  it('closed outside the room', async () => {
    expect(input().disabled).toBe(true);
    await joined();
    expect(input().disabled).toBe(false);
  });
});

describe('errors beside their control', () => {
  it('a join error on the room card, not elsewhere', async () => {
    tid('dorm-join').click();
    refuseLast('Room 101 is full (4 of 4).');
    await frame();
    expect(visibleErrors()).toEqual([errorOf('join')]);
    expect(q('.dorm-card').contains(errorOf('join'))).toBe(true);
    expect(tid<HTMLButtonElement>('dorm-join').disabled).toBe(false);
    expect(tid('dorm-join').getAttribute('aria-describedby')).toContain(errorOf('join').id);
  });

  it('a leave error on the room card', async () => {
    await joined();
    tid('dorm-leave').click();
    // Done at once (the server answers a leave only to refuse it), then refused.
    update({ type: 'left' });
    store.apply({ type: 'answer', id: 'dorm', request_id: lastRequestId() });
    refuseLast('Not in the room: join first.');
    await frame();
    expect(visibleErrors()).toEqual([errorOf('leave')]);
    expect(q('.dorm-card').contains(errorOf('leave'))).toBe(true);
  });

  it('a refusal by the backend shows beside the control too', async () => {
    mount(async (a) => (a.type === 'history' || sent.push(withoutId(a)), { kind: 'not_connected', message: 'the connection is closed' }));
    await frame();
    tid('dorm-join').click();
    await frame();
    await frame();
    expect(errorOf('join').textContent).toBe('Not connected: the connection is closed');
  });

  it('without a token: says where to add it, and Join waits for it', async () => {
    document.body.replaceChildren();
    store = createStore();
    const app: App = { store, send: async (a) => (a.type === 'history' || sent.push(withoutId(a)), null) };
    document.body.append(workArea(app, []));
    store.apply({ type: 'profiles', profiles: [{ ...dormProfile, options: options('dorm', null) }] }, { type: 'connection', id: 'dorm', state: 'connected' });
    await frame();
    expect(shown(tid('dorm-no-token'))).toBe(true);
    expect(tid<HTMLButtonElement>('dorm-join').disabled).toBe(true);
  });
});

describe('server form', () => {
  it('offers Dorm room; choosing it says the token field holds the dorm token', async () => {
    const app: App = { store, send: async (a) => (a.type === 'history' || sent.push(withoutId(a)), null) };
    openServerForm(app, null);
    const protocol = tid<HTMLSelectElement>('server-protocol');
    expect(Array.from(protocol.options, (o) => [o.value, o.textContent])).toContainEqual(['dorm', 'Dorm room']);
    expect(shown(tid('server-dorm-hint'))).toBe(false);
    expect(shown(tid('server-token-note'))).toBe(false);
    protocol.value = 'dorm';
    protocol.dispatchEvent(new Event('change', { bubbles: true }));
    expect(shown(tid('server-dorm-hint'))).toBe(true);
    expect(tid('server-dorm-hint').textContent).toMatch(/dorm token/);
    expect(shown(tid('server-token-note'))).toBe(true);
    expect(tid('server-token').getAttribute('aria-describedby')).toContain(tid('server-token-note').id);
    for (const [id, v] of [['server-name', 'Dorm'], ['server-url', 'http://127.0.0.1:5001']]) tid<HTMLInputElement>(id).value = v;
    (q('dialog form') as HTMLFormElement).requestSubmit();
    await frame();
    const save = sent.find((a) => a.type === 'save_profile');
    expect(save && save.type === 'save_profile' && save.profile.options.protocol).toEqual({ kind: 'dorm' });
  });

  it('a saved dorm server opens with its protocol and the hint shown', () => {
    const app: App = { store, send: async (a) => (a.type === 'history' || sent.push(withoutId(a)), null) };
    openServerForm(app, dormProfile);
    expect(tid<HTMLSelectElement>('server-protocol').value).toBe('dorm');
    expect(shown(tid('server-dorm-hint'))).toBe(true);
  });
});
