// @vitest-environment jsdom
// The Space tab wired to a real store and a recording `send`: joining (the name
// remembered), rooms with unread counts, Leave / Join again / Remove, the chat's marks and
// Retry, Enter and Shift+Enter, errors beside their controls, people kept current, files
// in the chat and on their way, Attach and dropped files, and 100,000 messages drawn as a
// window of rows.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Action } from '../src/bindings/Action';
import type { App } from '../src/app';
import type { ChatEntry } from '../src/bindings/ChatEntry';
import type { FileInfo } from '../src/bindings/FileInfo';
import type { Profile } from '../src/bindings/Profile';
import type { SpaceUpdate } from '../src/bindings/SpaceUpdate';
import type { DragDropEvent } from '@tauri-apps/api/webview';
import { createStore, type Input, type Store } from '../src/state/store';
import { lastRequestId, withoutId } from './sent';
import { consoleView } from '../src/views/console';
import { emitForm } from '../src/views/emit-form';
import { dropZone, type DropZone } from '../src/views/files/drop-zone';
import { workArea } from '../src/views/shell/work-area';
import { ROW_ESTIMATE } from '../src/views/space/chat-list';

// The native dialogs run in the backend; here they answer what each test says.
const dialog = vi.hoisted(() => ({ save: vi.fn(), open: vi.fn() }));
vi.mock('../src/ipc', async (original) => ({ ...(await original<typeof import('../src/ipc')>()), chooseFiles: dialog.open, chooseSavePath: dialog.save }));

const ID = 'sp';
const options = (kind: 'space' | 'console'): Profile['options'] => ({
  url: 'http://127.0.0.1:8000', path: '/socket.io/', query: [], auth: null, headers: [], transport: 'any',
  ca_file: null, accept_invalid_certs: false, token_profile: null, reconnect: true, protocol: { kind },
});
const spaceProfile: Profile = { id: ID, name: 'The Space', options: options('space') };

const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
const settle = () => new Promise((r) => setTimeout(r, 0));
const q = <T extends HTMLElement = HTMLElement>(sel: string, root: ParentNode = document) => root.querySelector(sel) as T;
const qa = (sel: string, root: ParentNode = document) => Array.from(root.querySelectorAll<HTMLElement>(sel));
const tid = <T extends HTMLElement = HTMLElement>(id: string) => q<T>(`[data-testid=${id}]`);
const shown = (node: HTMLElement | null): boolean => {
  for (let n = node; n; n = n.parentElement) if (n.hidden) return false;
  return node !== null;
};
const errorOf = (request: string) => q(`[data-testid=space-error][data-request=${request}]`);
const rows = () => qa('[data-testid=space-message]');
const row = (key: string) => q(`[data-testid=space-message][data-key="${key}"]`);
const roomItem = (room: string) => q(`[data-testid=space-room-item][data-room="${room}"]`);
const type = (id: string, value: string) => {
  const input = tid<HTMLInputElement | HTMLTextAreaElement>(id);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
};
const key = (target: EventTarget, k: string, more: KeyboardEventInit = {}) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...more }));

let store: Store;
let sent: Action[];
let emitDrag: (e: DragDropEvent) => void;
let zone: DropZone;
const update = (u: SpaceUpdate) => store.apply({ type: 'protocol', id: ID, protocol: 'space', update: u });
/** The backend's answer to the last request sent: done, or refused in `error`'s words. */
const answerLast = (error?: string) => store.apply({ type: 'answer', id: ID, request_id: lastRequestId(), error });
const spaceActions = () => sent.flatMap((a) => (a.type === 'request' && a.protocol === 'space' ? [a.action] : []));
const text = (over: Partial<ChatEntry> & { key: string }): ChatEntry =>
  ({ room: 'general', username: 'bob', mine: false, time: Date.now(), body: { kind: 'text', text: 'hi' }, status: 'received', ...over }) as ChatEntry;

function mount(send: App['send'] = async (a) => (a.type === 'history' || sent.push(withoutId(a)), null)) {
  document.body.replaceChildren();
  store = createStore();
  sent = [];
  const app: App = { store, send };
  zone = dropZone(async (handler) => ((emitDrag = handler), () => undefined));
  document.body.append(workArea(app, [consoleView(app), emitForm(app)]), zone.element);
  store.apply({ type: 'profiles', profiles: [spaceProfile, { id: 'raw', name: 'Raw', options: options('console') }] });
  store.apply({ type: 'connection', id: ID, state: 'connected' });
}

async function joined(room = 'general', name = 'alice') {
  type('space-join-room', room);
  type('space-join-name', name);
  tid('space-join-submit').click();
  await settle();
  answerLast();
  update({ type: 'joined', room, users: [{ username: name, sid: 'me' }, { username: 'bob', sid: 'b' }] });
  await frame();
}

beforeEach(async () => {
  localStorage.clear();
  dialog.open.mockReset();
  mount();
  await zone.ready;
  await frame();
});
afterEach(() => {
  zone.dispose();
  vi.useRealTimers();
});

describe('the tab', () => {
  it('a Space server shows The Space (default) and Console', () => {
    expect(shown(tid('tab-space'))).toBe(true);
    expect(tid('tab-space').getAttribute('aria-selected')).toBe('true');
    expect(shown(tid('tab-room'))).toBe(false);
    expect(shown(tid('space-view'))).toBe(true);
    expect(shown(tid('space-room'))).toBe(false);
    expect(q('.space-no-room').textContent).toBe('Join a room, or choose one on the left.');
  });

  it('offline: join and the composer are closed, and say why', async () => {
    store.apply({ type: 'connection', id: ID, state: 'disconnected', reason: 'x' });
    await frame();
    expect(shown(q('.space-offline'))).toBe(true);
    expect(tid<HTMLButtonElement>('space-join-submit').disabled).toBe(true);
    tid('space-join-submit').click();
    await settle();
    expect(sent).toEqual([]);
  });
});

describe('joining', () => {
  it('empty fields are refused beside the form; a join sends join and remembers the name', async () => {
    tid('space-join-submit').click();
    await frame();
    expect(errorOf('join').textContent).toBe('Write the name of the room to join.');
    expect(tid('space-join-room').getAttribute('aria-invalid')).toBe('true');
    type('space-join-room', 'general');
    tid('space-join-submit').click();
    await frame();
    expect(errorOf('join').textContent).toBe('Write the name to join with.');
    type('space-join-name', '  alice ');
    tid('space-join-submit').click();
    await settle();
    expect(sent).toEqual([{ type: 'request', id: ID, protocol: 'space', action: { type: 'join', room: 'general', username: 'alice' } }]);
    await frame();
    expect(errorOf('join').textContent).toBe('');
    expect(tid<HTMLButtonElement>('space-join-submit').disabled).toBe(true); // joining…
    expect(localStorage.getItem('switchboard.space.username')).toBe('alice');
    // A new window fills the name in.
    mount();
    await frame();
    expect(tid<HTMLInputElement>('space-join-name').value).toBe('alice');
  });

  it('joined: the room is listed and in view, with its people; the composer opens', async () => {
    await joined();
    expect(qa('[data-testid=space-room-item]').map((r) => r.dataset.room)).toEqual(['general']);
    expect(roomItem('general').querySelector('[aria-current=true]')).not.toBeNull();
    expect(tid('space-room-title').textContent).toBe('general');
    expect(q('.space-me').textContent).toBe('You are alice');
    expect(qa('[data-testid=space-user]').map((u) => u.dataset.username)).toEqual(['alice', 'bob']);
    expect(q('[data-testid=space-user][data-username=alice] .tag')?.textContent).toBe('you');
    expect(tid<HTMLTextAreaElement>('space-composer').disabled).toBe(false);
    expect(tid<HTMLTextAreaElement>('space-composer').placeholder).toBe('Write to general');
    expect(tid<HTMLInputElement>('space-join-room').value).toBe('');
  });

  it('the server’s refusal of a join shows under the join form, not under the composer', async () => {
    type('space-join-room', 'vip');
    type('space-join-name', 'alice');
    tid('space-join-submit').click();
    await settle();
    answerLast('Room vip is full');
    await frame();
    expect(errorOf('join').textContent).toBe('Room vip is full');
    expect(shown(errorOf('join'))).toBe(true);
    expect(q('.space-join').contains(errorOf('join'))).toBe(true);
    expect(tid<HTMLButtonElement>('space-join-submit').disabled).toBe(false);
  });
});

describe('the chat', () => {
  beforeEach(() => joined());

  it('Enter sends, Shift+Enter does not; an empty message is refused under the composer', async () => {
    const input = tid<HTMLTextAreaElement>('space-composer');
    key(input, 'Enter');
    await frame();
    expect(errorOf('message').textContent).toBe('Write a message first.');
    expect(q('.space-composer').contains(errorOf('message'))).toBe(true);
    input.value = 'line one';
    key(input, 'Enter', { shiftKey: true });
    await settle();
    expect(spaceActions().filter((a) => a.type === 'message')).toEqual([]);
    key(input, 'Enter');
    await settle();
    expect(spaceActions().at(-1)).toEqual({ type: 'message', room: 'general', text: 'line one' });
    expect(input.value).toBe('');
    tid('space-send').click(); // the button too (empty again: refused)
    await frame();
    expect(errorOf('message').textContent).toBe('Write a message first.');
  });

  it('my message: pending (clock), then delivered (check) in the same row; others’ on the left', async () => {
    update({ type: 'entry', entry: text({ key: 'local-1', mine: true, username: 'alice', status: 'pending', body: { kind: 'text', text: 'hello' } }) });
    update({ type: 'entry', entry: text({ key: 'srv-9', body: { kind: 'text', text: 'hey alice' } }) });
    await frame();
    expect(rows().map((r) => [r.dataset.key, r.dataset.mine, r.dataset.status])).toEqual([
      ['local-1', 'true', 'pending'],
      ['srv-9', 'false', 'received'],
    ]);
    const mine = row('local-1');
    expect(mine.classList.contains('mine')).toBe(true);
    expect(mine.querySelector('.space-author')?.textContent).toBe('You');
    expect(mine.querySelector('[data-testid=space-mark]')?.textContent).toBe('Sending…');
    expect(row('srv-9').querySelector('.space-author')?.textContent).toBe('bob');
    expect(row('srv-9').querySelector('[data-testid=space-mark]')).toBeNull();
    update({ type: 'entry', entry: text({ key: 'local-1', mine: true, username: 'alice', status: 'confirmed', body: { kind: 'text', text: 'hello' } }) });
    await frame();
    expect(rows()).toHaveLength(2);
    expect(row('local-1')).toBe(mine);
    expect(mine.dataset.status).toBe('confirmed');
    expect(mine.querySelector('[data-testid=space-mark]')?.textContent).toBe('Delivered');
  });

  it('a failed message says why and Retry sends it again by key', async () => {
    update({ type: 'entry', entry: { ...text({ key: 'local-2', mine: true, body: { kind: 'text', text: 'x'.repeat(9) } }), status: 'failed', reason: 'Message too long' } as ChatEntry });
    await frame();
    const r = row('local-2');
    expect(r.dataset.status).toBe('failed');
    expect(r.querySelector('.space-failed')?.textContent).toContain('Not sent: Message too long');
    (r.querySelector('[data-testid=space-retry]') as HTMLElement).click();
    await settle();
    expect(spaceActions().at(-1)).toEqual({ type: 'retry', key: 'local-2' });
  });

  it('a server error about sending shows under the composer', async () => {
    const input = tid<HTMLTextAreaElement>('space-composer');
    input.value = 'hi';
    key(input, 'Enter');
    await settle();
    answerLast('Slow down');
    await frame();
    expect(errorOf('message').textContent).toBe('Slow down');
    expect(errorOf('join').textContent).toBe('');
  });

  it('a new day gets a separator', async () => {
    const now = Date.now();
    update({ type: 'entry', entry: text({ key: 'a', time: now - 2 * 86_400_000 }) });
    update({ type: 'entry', entry: text({ key: 'b', time: now - 2 * 86_400_000 + 1000 }) });
    update({ type: 'entry', entry: text({ key: 'c', time: now }) });
    await frame();
    const day = (k: string) => row(k).querySelector('.space-day') as HTMLElement;
    expect(shown(day('a'))).toBe(true);
    expect(shown(day('b'))).toBe(false);
    expect(day('c').textContent).toBe('Today');
    expect(day('c').getAttribute('role')).toBe('separator');
  });

  it('a time no Date holds shows as invalid on its own row; its neighbours render with their times', async () => {
    const now = Date.now();
    const bad: [string, number][] = [['far', 1e16], ['before', -1e16], ['nan', NaN], ['inf', Infinity], ['minus-inf', -Infinity]];
    update({ type: 'entry', entry: text({ key: 'ok-1', time: now, body: { kind: 'text', text: 'first' } }) });
    for (const [k, time] of bad) update({ type: 'entry', entry: text({ key: k, time, body: { kind: 'text', text: `text ${k}` } }) });
    update({ type: 'entry', entry: text({ key: 'ok-2', time: now, body: { kind: 'text', text: 'last' } }) });
    await frame();
    // Every row once, in order, each with its own text (no row lost, none drawn twice).
    expect(rows().map((r) => r.dataset.key)).toEqual(['ok-1', ...bad.map(([k]) => k), 'ok-2']);
    expect(rows().map((r) => q('[data-testid=space-text]', r).textContent)).toEqual(['first', ...bad.map(([k]) => `text ${k}`), 'last']);
    const timeOf = (k: string) => q<HTMLTimeElement>('time', row(k));
    const clock = new Date(now).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
    for (const k of ['ok-1', 'ok-2']) {
      expect(timeOf(k).textContent).toBe(clock);
      expect(timeOf(k).getAttribute('datetime')).toBe(new Date(now).toISOString());
    }
    for (const [k] of bad) {
      expect(shown(timeOf(k))).toBe(true);
      expect(timeOf(k).textContent).toBe('invalid time');
      expect(timeOf(k).hasAttribute('datetime')).toBe(false);
      // A time no calendar holds starts no day.
      expect(shown(row(k).querySelector('.space-day') as HTMLElement)).toBe(false);
    }
    // Drawn again (a later update), still each row once.
    update({ type: 'entry', entry: text({ key: 'ok-3', time: now, body: { kind: 'text', text: 'later' } }) });
    await frame();
    expect(rows().map((r) => r.dataset.key)).toEqual(['ok-1', ...bad.map(([k]) => k), 'ok-2', 'ok-3']);
  });

  it('people come and go; Refresh asks for the list', async () => {
    update({ type: 'user_joined', room: 'general', user: { username: 'carol', sid: 'c' } });
    await frame();
    expect(qa('[data-testid=space-user]').map((u) => u.dataset.username)).toEqual(['alice', 'bob', 'carol']);
    expect(q('.space-users-count').textContent).toBe('3 people');
    update({ type: 'user_left', room: 'general', user: { username: 'bob', sid: 'b' } });
    await frame();
    expect(qa('[data-testid=space-user]').map((u) => u.dataset.username)).toEqual(['alice', 'carol']);
    tid('space-users-refresh').click();
    await settle();
    expect(spaceActions().at(-1)).toEqual({ type: 'list_users', room: 'general' });
  });

  it('other rooms count unread messages until shown', async () => {
    await joined('random');
    expect(tid('space-room-title').textContent).toBe('random');
    update({ type: 'entry', entry: text({ key: 'g1' }) });
    update({ type: 'entry', entry: text({ key: 'g2' }) });
    update({ type: 'entry', entry: text({ key: 'r1', room: 'random' }) });
    await frame();
    const badge = roomItem('general').querySelector('[data-testid=space-unread]') as HTMLElement;
    expect(shown(badge)).toBe(true);
    expect(badge.textContent).toBe('2');
    expect(badge.title).toBe('2 unread messages');
    expect(roomItem('general').querySelector('.space-room-open')?.textContent).toContain('2 unread messages');
    expect(shown(roomItem('random').querySelector('[data-testid=space-unread]') as HTMLElement)).toBe(false);
    (roomItem('general').querySelector('.space-room-open') as HTMLElement).click();
    await frame();
    expect(tid('space-room-title').textContent).toBe('general');
    expect(shown(badge)).toBe(false);
    expect(rows().map((r) => r.dataset.key)).toEqual(['g1', 'g2']);
  });

  it('Leave; a room I left stays readable, closed for writing, with Join again and Remove', async () => {
    update({ type: 'entry', entry: text({ key: 'g1' }) });
    (roomItem('general').querySelector('[data-testid=space-leave]') as HTMLElement).click();
    await settle();
    expect(spaceActions().at(-1)).toEqual({ type: 'leave', room: 'general' });
    update({ type: 'left', room: 'general' });
    await frame();
    expect(roomItem('general').dataset.joined).toBe('false');
    expect(rows()).toHaveLength(1);
    expect(tid<HTMLTextAreaElement>('space-composer').disabled).toBe(true);
    expect(q('.space-compose-hint').textContent).toBe('Join this room again to write.');
    expect(shown(q('.space-not-in-room'))).toBe(true);
    expect(qa('[data-testid=space-user]')).toEqual([]);
    (roomItem('general').querySelector('[data-testid=space-rejoin]') as HTMLElement).click();
    await settle();
    expect(spaceActions().at(-1)).toEqual({ type: 'join', room: 'general', username: 'alice' });
    answerLast('nope');
    await frame();
    (roomItem('general').querySelector('[data-testid=space-forget]') as HTMLElement).click();
    await frame();
    expect(roomItem('general')).toBeNull();
    expect(shown(tid('space-room'))).toBe(false);
  });

  it('hostile names and texts stay text', async () => {
    const NAME = '<img src=x onerror=alert(1)>';
    update({ type: 'user_joined', room: 'general', user: { username: NAME } });
    update({ type: 'entry', entry: text({ key: 'h', username: NAME, body: { kind: 'text', text: '<script>alert(2)</script>' } }) });
    update({ type: 'error', message: '<b>bad</b>' });
    await frame();
    const view = tid('space-view');
    expect(row('h').querySelector('.space-author')?.textContent).toBe(NAME);
    expect(row('h').querySelector('.space-text')?.textContent).toBe('<script>alert(2)</script>');
    expect(errorOf('general').textContent).toBe('<b>bad</b>');
    expect(view.querySelectorAll('img, script, b, iframe')).toHaveLength(0);
    expect([...view.querySelectorAll('*')].every((e) => !e.getAttributeNames().some((a) => a.startsWith('on')))).toBe(true);
  });
});

describe('files in the room', () => {
  beforeEach(() => joined());
  const fileUpdate = (file: Record<string, unknown>): Input => ({
    type: 'file',
    file: { conn: ID, target: 'general', name: 'report.txt', size: 2048, is_text: true, ...file } as FileInfo,
  });

  it('a received file is a card in the chat: Save and Preview there', async () => {
    store.apply(fileUpdate({ file_id: 'in-1', direction: 'received', sender: 'bob', state: 'received' }));
    update({ type: 'entry', entry: text({ key: 'srv-f', body: { kind: 'file', file_id: 'in-1' } }) });
    await frame();
    const card = row('srv-f').querySelector('[data-testid=file-card]') as HTMLElement;
    expect(card.dataset.fileId).toBe('in-1');
    expect(card.dataset.state).toBe('received');
    expect(card.querySelector('.file-meta')?.textContent).toBe('2 KiB · Received');
    (card.querySelector('[data-testid=file-preview]') as HTMLElement).click();
    await settle();
    expect(sent.at(-1)).toEqual({ type: 'preview_file', file_id: 'in-1' });
    store.apply({ type: 'file_preview', file_id: 'in-1', text: 'first lines', truncated: false });
    await frame();
    expect(card.querySelector('[data-testid=file-preview-text]')?.textContent).toBe('first lines');
  });

  it('my file: on its way while read (Cancel), then in the chat; a refused one says why', async () => {
    store.apply(fileUpdate({ file_id: 'out-1', direction: 'sent', state: 'reading', done: 0, total: 2048 }));
    await frame();
    const outbox = tid('space-outbox');
    expect(shown(outbox)).toBe(true);
    expect((outbox.querySelector('[data-testid=file-card]') as HTMLElement).dataset.state).toBe('reading');
    (outbox.querySelector('[data-testid=file-cancel]') as HTMLElement).click();
    await settle();
    expect(sent.at(-1)).toEqual({ type: 'cancel_file', file_id: 'out-1' });
    store.apply(fileUpdate({ file_id: 'out-1', direction: 'sent', state: 'cancelled' }));
    await frame();
    expect((outbox.querySelector('[data-testid=file-card]') as HTMLElement).dataset.state).toBe('cancelled');
    (outbox.querySelector('[data-testid=file-dismiss]') as HTMLElement).click();
    await frame();
    expect(shown(outbox)).toBe(false);
    // Another one reaches the room: it leaves the list for the chat.
    store.apply(fileUpdate({ file_id: 'out-2', direction: 'sent', state: 'reading', done: 0, total: 2048 }));
    await frame();
    expect(shown(outbox)).toBe(true);
    store.apply(fileUpdate({ file_id: 'out-2', direction: 'sent', state: 'sending', done: 0, total: 0 }));
    update({ type: 'entry', entry: text({ key: 'local-5', mine: true, status: 'pending', body: { kind: 'file', file_id: 'out-2' } }) });
    await frame();
    expect(shown(outbox)).toBe(false);
    expect(row('local-5').querySelector('[data-testid=file-card]')?.getAttribute('data-state')).toBe('sending');
    expect(row('local-5').dataset.status).toBe('pending');
    // A failed file entry: the reason on the row, Retry on the card (not the message Retry).
    store.apply(fileUpdate({ file_id: 'out-2', direction: 'sent', state: 'failed', reason: 'the server did not confirm it in time' }));
    update({ type: 'entry', entry: { ...text({ key: 'local-5', mine: true, body: { kind: 'file', file_id: 'out-2' } }), status: 'failed', reason: 'the server did not confirm it in time' } as ChatEntry });
    await frame();
    expect(shown(row('local-5').querySelector('[data-testid=space-retry]') as HTMLElement)).toBe(false);
    (row('local-5').querySelector('[data-testid=file-retry]') as HTMLElement).click();
    await settle();
    expect(sent.at(-1)).toEqual({ type: 'retry_file', file_id: 'out-2' });
  });

  it('Attach sends each chosen file to the room; a refusal shows under the composer', async () => {
    dialog.open.mockResolvedValue(['/home/me/a.txt', '/home/me/b.png']);
    tid('space-attach').click();
    await settle();
    await settle();
    expect(sent.filter((a) => a.type === 'send_file')).toEqual([
      { type: 'send_file', id: ID, path: '/home/me/a.txt', target: 'general' },
      { type: 'send_file', id: ID, path: '/home/me/b.png', target: 'general' },
    ]);
    mount(async (a) => (a.type === 'history' || sent.push(withoutId(a)), a.type === 'send_file' ? { kind: 'file', message: '“big.iso” is larger than 25 MiB' } : null));
    await frame();
    await joined();
    dialog.open.mockResolvedValue(['/big.iso']);
    tid('space-attach').click();
    await settle();
    await settle();
    await frame();
    expect(errorOf('send_file').textContent).toBe('The file could not be used: “big.iso” is larger than 25 MiB');
    expect(q('.space-composer').contains(errorOf('send_file'))).toBe(true);
  });

  it('files dropped on the window go to the room in view; the overlay names it', async () => {
    const position = { x: 0, y: 0 } as never;
    emitDrag({ type: 'enter', paths: ['/tmp/x.txt'], position });
    const overlay = tid('drop-overlay');
    expect(shown(overlay)).toBe(true);
    expect(overlay.textContent).toBe('Drop files to send to general');
    emitDrag({ type: 'drop', paths: ['/tmp/x.txt', '/tmp/y.txt'], position });
    await settle();
    await settle();
    expect(shown(overlay)).toBe(false);
    expect(sent.filter((a) => a.type === 'send_file').map((a) => a.type === 'send_file' && [a.path, a.target])).toEqual([
      ['/tmp/x.txt', 'general'],
      ['/tmp/y.txt', 'general'],
    ]);
    // On the Console tab the room is not on screen: nothing takes the files.
    tid('tab-console').click();
    emitDrag({ type: 'enter', paths: ['/tmp/z'], position });
    expect(shown(overlay)).toBe(false);
  });
});

describe('a long history', () => {
  it('100,000 messages: only a window of rows is drawn, following the bottom; scrolled up, a pill counts new ones', async () => {
    await joined();
    const now = Date.now();
    const batch: Input[] = [];
    for (let i = 0; i < 100_000; i++) {
      batch.push({ type: 'protocol', id: ID, protocol: 'space', update: { type: 'entry', entry: text({ key: `m${i}`, time: now - (100_000 - i) * 1000, body: { kind: 'text', text: `message ${i}` } }) } });
    }
    const t0 = performance.now();
    store.applyBatch(batch);
    await frame();
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(8000);
    expect(rows().length).toBeGreaterThan(5);
    expect(rows().length).toBeLessThan(40);
    expect(row('m99999')).not.toBeNull(); // at the bottom
    expect(row('m0')).toBeNull();

    // Scroll to the middle: the rows there, still only a window.
    const log = tid('space-log');
    log.scrollTop = ROW_ESTIMATE * 50_000;
    log.dispatchEvent(new Event('scroll'));
    const keys = rows().map((r) => Number(r.dataset.key?.slice(1)));
    expect(keys.length).toBeLessThan(40);
    expect(keys).toContain(50_000);
    expect(shown(tid('space-new-messages'))).toBe(false);

    // Scrolled up, news waits behind the pill; the view stays where it is.
    update({ type: 'entry', entry: text({ key: 'late', body: { kind: 'text', text: 'new!' } }) });
    await frame();
    expect(row('late')).toBeNull();
    expect(rows().map((r) => r.dataset.key)).toContain('m50000');
    expect(shown(tid('space-new-messages'))).toBe(true);
    expect(tid('space-new-messages').textContent).toBe('1 new message ↓');
    tid('space-new-messages').click();
    expect(row('late')).not.toBeNull();
    expect(shown(tid('space-new-messages'))).toBe(false);
    expect(rows().length).toBeLessThan(40);
  });
});
