// @vitest-environment jsdom
// Issue 14 in the window: a server's saved messages (asked once its console shows; Save…,
// one-click Send through the emit form's path, Load, Edit under the same id, Remove after a
// confirmation), Load into form from the inspector, Send disabled with its reason while not
// connected, errors shown on their own server's page and card, and Export / Import servers
// in Settings said in words.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { App } from '../src/app';
import type { Action } from '../src/bindings/Action';
import type { SavedMessage } from '../src/bindings/SavedMessage';
import { setLocale } from '../src/i18n';
import { freeName, keepServers, specOf, toSaved } from '../src/state/saved-messages';
import { pageOf, shownErrors } from '../src/state/error-scope';
import { createStore, initialState, reduce, type Store } from '../src/state/store';
import { consoleView } from '../src/views/console';
import { emitForm } from '../src/views/emit-form';
import { errorsView } from '../src/views/errors';
import { savedSummary } from '../src/views/saved-messages';
import { serversView } from '../src/views/servers';
import { openSettings, setupText } from '../src/views/settings-dialog';
import { demo } from './demo-profile';

// The native dialogs run in the backend; here they answer what each test says.
const dialog = vi.hoisted(() => ({ save: vi.fn(), open: vi.fn() }));
vi.mock('../src/ipc', async (original) => ({ ...(await original<typeof import('../src/ipc')>()), chooseFiles: dialog.open, chooseSavePath: dialog.save }));

const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
const settle = () => new Promise((r) => setTimeout(r, 0));
const q = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector(sel) as T;
const qa = (sel: string) => Array.from(document.querySelectorAll<HTMLElement>(sel));
const type = (sel: string, value: string) => {
  const input = q<HTMLInputElement>(sel);
  input.value = value;
  input.dispatchEvent(new Event('input'));
};

const hello: SavedMessage = { id: 'm1', name: 'Hello', event: 'chat', args: ['hi', { n: 1 }], ack: false };
const asked: SavedMessage = { id: 'm2', name: 'Ask', event: 'question', args: [], ack: true, ack_timeout_ms: 2000 };
const other = { ...demo, id: 'other', name: 'Other server' };

let store: Store;
let sent: Action[];
let app: App;

beforeEach(async () => {
  setLocale('en');
  document.body.replaceChildren();
  store = createStore();
  sent = [];
  // The console also asks for the server's history when it shows (history.test.ts checks that).
  app = { store, send: async (a) => (a.type === 'history' || sent.push(a), null) };
  document.body.append(serversView(app), errorsView(app), consoleView(app), emitForm(app));
  store.apply({ type: 'profiles', profiles: [demo, other] });
  await frame();
});

describe('saved messages: state', () => {
  it('keeps each server’s list as the backend sends it; a server removed forgets its list', () => {
    let s = reduce(initialState(), { type: 'saved_messages', id: 'demo', messages: [hello] });
    s = reduce(s, { type: 'saved_messages', id: 'other', messages: [] });
    expect(s.saved).toEqual({ demo: [hello], other: [] });
    s = reduce(s, { type: 'profiles', profiles: [demo] });
    expect(s.saved).toEqual({ demo: [hello] });
    expect(keepServers(s.saved, new Set(['demo']))).toBe(s.saved);
  });

  it('what is saved and what a saved message sends', () => {
    expect(toSaved('  ', { event: 'chat', args: [1], ack: false })).toEqual({ id: '', name: 'chat', event: 'chat', args: [1], ack: false });
    expect(toSaved('Q', { event: 'q', args: [], ack: true, ack_timeout_ms: 900 }, 'm7')).toEqual({
      id: 'm7', name: 'Q', event: 'q', args: [], ack: true, ack_timeout_ms: 900,
    });
    expect(specOf(hello, 5000)).toEqual({ event: 'chat', args: ['hi', { n: 1 }], ack: false });
    expect(specOf({ ...asked, ack_timeout_ms: undefined }, 5000)).toEqual({ event: 'question', args: [], ack: true, ack_timeout_ms: 5000 });
    expect(freeName([hello, { ...hello, id: 'x', name: 'Hello 2' }], 'Hello')).toBe('Hello 3');
    expect(freeName([hello], 'Hello', 'm1')).toBe('Hello');
    expect(savedSummary(hello)).toBe('chat · "hi", {"n":1}');
    expect(savedSummary(asked)).toBe('question · no arguments · ack');
  });

  it('a load for the emit form is numbered, so the same one loaded twice loads twice', () => {
    let s = reduce(initialState(), { type: 'ui/load_emit', id: 'demo', event: 'e', args: [] });
    expect(s.draft).toEqual({ id: 'demo', event: 'e', args: [], n: 1 });
    s = reduce(s, { type: 'ui/load_emit', id: 'demo', event: 'e', args: [] });
    expect(s.draft?.n).toBe(2);
  });
});

describe('saved messages: the list under the emit form', () => {
  it('is asked for once the console of a server shows, once per server', async () => {
    expect(sent).toEqual([{ type: 'saved_messages', id: 'demo' }]);
    expect(q('[data-testid=saved-empty]').textContent).toBe('Loading saved messages…');
    store.apply({ type: 'saved_messages', id: 'demo', messages: [] });
    await frame();
    expect(q('[data-testid=saved-empty]').textContent).toMatch(/^No saved messages yet/);
    store.apply({ type: 'ui/select', id: 'other' }, { type: 'ui/select', id: 'demo' });
    await frame();
    store.apply({ type: 'ui/select', id: 'other' });
    await frame();
    expect(sent).toEqual([{ type: 'saved_messages', id: 'demo' }, { type: 'saved_messages', id: 'other' }]);
    // An import may change them: the list shown is asked for again.
    store.apply({ type: 'saved_messages', id: 'other', messages: [] });
    await frame();
    store.apply({ type: 'setup_imported', servers: ['Other server'], need_token: [], messages: 1 });
    await frame();
    expect(sent.at(-1)).toEqual({ type: 'saved_messages', id: 'other' });
    expect(sent).toHaveLength(3);
  });

  it('Save… names the form’s emit and saves it as a new message', async () => {
    store.apply({ type: 'saved_messages', id: 'demo', messages: [{ ...hello, name: 'chat' }] });
    type('[data-testid=emit-event]', 'chat');
    q<HTMLTextAreaElement>('[data-testid=emit-arg]').value = '{"text": "hi"}';
    q<HTMLInputElement>('[data-testid=emit-ack]').click();
    q('[data-testid=emit-save]').click();
    const name = q<HTMLInputElement>('[data-testid=saved-name]');
    expect(name.value).toBe('chat 2'); // the event's name, not yet used
    expect(document.activeElement).toBe(name);
    expect(JSON.parse(q<HTMLTextAreaElement>('[data-testid=saved-args]').value)).toEqual([{ text: 'hi' }]);
    name.value = 'Greeting';
    q('[data-testid=saved-save]').click();
    await settle();
    expect(sent.at(-1)).toEqual({
      type: 'save_message', id: 'demo',
      message: { id: '', name: 'Greeting', event: 'chat', args: [{ text: 'hi' }], ack: true, ack_timeout_ms: 5000 },
    });
    expect(q('[data-testid=saved-dialog]')).toBeNull();
  });

  it('Save… with no event name says so and opens nothing', () => {
    q('[data-testid=emit-save]').click();
    expect(q('[data-testid=saved-dialog]')).toBeNull();
    expect(q('.emit-event .field-error').textContent).toBe('Write an event name.');
  });

  it('lists them; Send is disabled with the reason until connected, then sends with one click', async () => {
    store.apply({ type: 'saved_messages', id: 'demo', messages: [hello, asked] });
    await frame();
    expect(qa('[data-testid=saved-item]').map((i) => i.dataset.name)).toEqual(['Hello', 'Ask']);
    expect(q('[data-testid=saved-toggle]').textContent).toBe('Saved messages (2)');
    const send = () => q<HTMLButtonElement>('[data-testid=saved-item][data-id=m2] [data-testid=saved-send]');
    expect(send().disabled).toBe(true);
    expect(send().title).toBe('Not connected: connect to send');
    expect(send().getAttribute('aria-label')).toBe('Send “Ask”');
    expect(q('[data-testid=saved-blocked]').textContent).toBe('Not connected: connect to send');
    store.apply({ type: 'connection', id: 'demo', state: 'connected' });
    await frame();
    expect(send().disabled).toBe(false);
    expect(q('[data-testid=saved-blocked]').textContent).toBe('');
    send().click();
    await settle();
    expect(sent.at(-1)).toEqual({ type: 'emit', id: 'demo', event: 'question', args: [], ack: true, emit_id: expect.any(Number), ack_timeout_ms: 2000 });
    await frame();
    expect(q('[data-testid=ack-result]').textContent).toBe('Waiting for the acknowledgement…');
    q('[data-testid=saved-item][data-id=m1] [data-testid=saved-send]').click();
    await settle();
    expect(sent.at(-1)).toEqual({ type: 'emit', id: 'demo', event: 'chat', args: ['hi', { n: 1 }], ack: false, emit_id: expect.any(Number) });
    expect(q('[data-testid=ack-result]').textContent).toBe('Sent “Hello”.');
  });

  it('Load puts a saved message into the emit form', async () => {
    store.apply({ type: 'saved_messages', id: 'demo', messages: [asked, hello] });
    await frame();
    q('[data-testid=saved-item][data-id=m2] [data-testid=saved-load]').click();
    await frame();
    expect(q<HTMLInputElement>('[data-testid=emit-event]').value).toBe('question');
    expect(q<HTMLInputElement>('[data-testid=emit-ack]').checked).toBe(true);
    expect(q<HTMLInputElement>('[data-testid=emit-ack-timeout]').value).toBe('2000');
    expect(qa('[data-testid=emit-arg]').map((a) => (a as HTMLTextAreaElement).value)).toEqual(['']);
    q('[data-testid=saved-item][data-id=m1] [data-testid=saved-load]').click();
    await frame();
    expect(qa('[data-testid=emit-arg]').map((a) => JSON.parse((a as HTMLTextAreaElement).value))).toEqual(['hi', { n: 1 }]);
    expect(document.activeElement).toBe(q('[data-testid=emit-event]'));
  });

  it('Edit saves again under the same id; a bad argument list is refused in words', async () => {
    store.apply({ type: 'saved_messages', id: 'demo', messages: [hello] });
    await frame();
    const edit = q('[data-testid=saved-edit]');
    expect(edit.getAttribute('aria-label')).toBe('Rename or edit “Hello”');
    edit.click();
    expect(q<HTMLInputElement>('[data-testid=saved-name]').value).toBe('Hello');
    q<HTMLInputElement>('[data-testid=saved-name]').value = 'Hello there';
    q<HTMLTextAreaElement>('[data-testid=saved-args]').value = '"hi", 2';
    q('[data-testid=saved-save]').click();
    await settle();
    expect(sent.filter((a) => a.type === 'save_message')).toEqual([]);
    expect(q('[data-testid=saved-dialog]').textContent).toContain('The arguments must be a JSON list');
    q<HTMLTextAreaElement>('[data-testid=saved-args]').value = '["hi", 2]';
    q('[data-testid=saved-save]').click();
    await settle();
    expect(sent.at(-1)).toEqual({
      type: 'save_message', id: 'demo', message: { id: 'm1', name: 'Hello there', event: 'chat', args: ['hi', 2], ack: false },
    });
  });

  it('Remove asks first; Cancel keeps it, Remove removes it', async () => {
    store.apply({ type: 'saved_messages', id: 'demo', messages: [hello] });
    await frame();
    q('[data-testid=saved-remove]').click();
    q('[data-testid=confirm-cancel]').click();
    await settle();
    expect(sent.filter((a) => a.type === 'remove_saved_message')).toEqual([]);
    q('[data-testid=saved-remove]').click();
    expect(q('[data-testid=confirm-ok]').textContent).toBe('Remove');
    q('[data-testid=confirm-ok]').click();
    await settle();
    expect(sent.at(-1)).toEqual({ type: 'remove_saved_message', id: 'demo', message_id: 'm1' });
  });

  it('shows hostile names and arguments as text', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    store.apply({ type: 'saved_messages', id: 'demo', messages: [{ ...hello, name: evil, event: evil, args: [evil] }] });
    await frame();
    expect(q('[data-testid=saved-messages] img')).toBeNull();
    expect(q('.saved-name').textContent).toBe(evil);
  });
});

describe('Send while not connected', () => {
  it('is disabled with the reason beside it, for each state', async () => {
    const button = q<HTMLButtonElement>('[data-testid=emit-send]');
    const reason = q('[data-testid=emit-blocked]');
    expect(button.disabled).toBe(true);
    expect(reason.textContent).toBe('Not connected: connect to send');
    expect(button.getAttribute('aria-describedby')).toBe(reason.id);
    store.apply({ type: 'connection', id: 'demo', state: 'reconnecting', attempt: 2, delay_ms: 1000, reason: 'nothing is listening' });
    await frame();
    expect(reason.textContent).toBe('Reconnecting…');
    store.apply({ type: 'connection', id: 'demo', state: 'connected' });
    await frame();
    expect(button.disabled).toBe(false);
    expect(reason.textContent).toBe('');
    // Ctrl+Enter while not connected says why rather than sending.
    store.apply({ type: 'connection', id: 'demo', state: 'disconnected', reason: '' });
    type('[data-testid=emit-event]', 'chat');
    q('[data-testid=emit-event]').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    await settle();
    expect(sent.filter((a) => a.type === 'emit')).toEqual([]);
    expect(q('[data-testid=ack-result]').textContent).toBe('Not connected: connect to send');
  });

  it('the server card and the state say why it is reconnecting', async () => {
    store.apply({ type: 'connection', id: 'demo', state: 'reconnecting', attempt: 4, delay_ms: 4000, reason: 'nothing is listening at that address' });
    await frame();
    expect(q('[data-testid=server-item][data-id=demo] [data-testid=conn-state]').textContent).toMatch(
      /^Reconnecting in [34]s \(attempt 4\): nothing is listening at that address$/,
    );
  });
});

describe('Load into form from the log', () => {
  it('puts the event’s name and arguments (pretty JSON) into the emit form', async () => {
    store.apply({ type: 'event', id: 'demo', direction: 'in', namespace: '/', event: 'price', args: [{ sym: 'X', px: 2 }, 3], time: 0 });
    await frame();
    q('[data-testid=console-row]').click();
    await frame();
    const load = q('[data-testid=inspector-load]');
    expect(load.title).toBe('Put this event’s name and arguments into the emit form');
    load.click();
    await frame();
    expect(q<HTMLInputElement>('[data-testid=emit-event]').value).toBe('price');
    const args = qa('[data-testid=emit-arg]').map((a) => (a as HTMLTextAreaElement).value);
    expect(args).toEqual(['{\n  "sym": "X",\n  "px": 2\n}', '3']);
  });
});

describe('errors belong to their server', () => {
  it('a server’s error shows on its page and card only; dismissing it clears both', async () => {
    store.apply(
      { type: 'error', id: 'other', error: { kind: 'connect', message: 'refused' } },
      { type: 'error', error: { kind: 'profiles', message: 'disk full' } },
    );
    await frame();
    const toasts = () => qa('[data-testid=error-toast]').map((t) => t.textContent);
    expect(toasts()).toEqual(['The saved servers could not be read or written: disk full']);
    const card = q('[data-testid=server-item][data-id=other] [data-testid=conn-error]');
    expect(card.textContent).toBe('Could not connect: refused');
    store.apply({ type: 'ui/select', id: 'other' });
    await frame();
    expect(toasts()).toEqual([
      'Other server — Could not connect: refused',
      'The saved servers could not be read or written: disk full',
    ]);
    (q('[data-testid=error-toast] button') as HTMLButtonElement).click();
    await frame();
    expect(toasts()).toEqual(['The saved servers could not be read or written: disk full']);
    expect(card.hidden).toBe(true);
  });

  it('Dismiss all takes only what the page shows', () => {
    let s = reduce(initialState(), { type: 'profiles', profiles: [demo, other] });
    s = reduce(s, { type: 'error', id: 'other', error: { kind: 'connect', message: 'a' } });
    s = reduce(s, { type: 'error', error: { kind: 'file', message: 'b' } });
    s = reduce(s, { type: 'error', id: 'demo', error: { kind: 'send', message: 'c' } });
    const servers = new Set(['demo', 'other']);
    const shown = shownErrors(s.errors, 'demo', servers);
    expect(shown.map((e) => e.error.message)).toEqual(['b', 'c']);
    s = reduce(s, { type: 'ui/dismiss_error', key: shown.map((e) => e.key) });
    expect(s.errors.map((e) => e.error.message)).toEqual(['a']);
    expect(s.conns.demo.lastError).toBeNull();
    expect(s.conns.other.lastError?.message).toBe('a');
    // An error of a server no longer saved, or of no server, shows everywhere; a simulated participant's is its server's.
    expect(shownErrors([{ id: 'gone' }, { id: null }, { id: 'demo' }], 'other', servers)).toEqual([{ id: 'gone' }, { id: null }]);
    expect(pageOf('demo')).toBe('demo');
  });
});

describe('Export servers… / Import servers…', () => {
  it('says what was exported, in words', async () => {
    dialog.save.mockResolvedValueOnce('/home/me/servers.json');
    openSettings(app);
    q('[data-testid=settings-export]').click();
    await settle();
    expect(dialog.save).toHaveBeenCalledWith('Export servers', 'switchboard-servers.json');
    expect(sent.at(-1)).toEqual({ type: 'export_setup', path: '/home/me/servers.json' });
    expect(q('[data-testid=settings-setup-result]').textContent).toBe('Exporting…');
    store.apply({ type: 'setup_exported', path: '/home/me/servers.json', servers: 2, messages: 1 });
    expect(q('[data-testid=settings-setup-result]').textContent).toBe('Exported 2 servers and 1 saved message to /home/me/servers.json.');
  });

  it('imports from a JSON file and says which servers need their token again', async () => {
    dialog.open.mockResolvedValueOnce(['/tmp/setup.json']);
    openSettings(app);
    q('[data-testid=settings-import]').click();
    await settle();
    expect(dialog.open).toHaveBeenCalledWith('Import servers', false, { name: 'JSON files', extensions: ['json'] });
    expect(sent.at(-1)).toEqual({ type: 'import_setup', path: '/tmp/setup.json' });
    store.apply({ type: 'setup_imported', servers: ['Prod', 'Local'], need_token: ['Prod'], messages: 3 });
    expect(q('[data-testid=settings-setup-result]').textContent).toBe('Added 2 servers and 3 saved messages. Enter the token again for “Prod”.');
  });

  it('a cancelled dialog sends nothing; a refusal is said in the dialog', async () => {
    dialog.open.mockResolvedValueOnce([]);
    openSettings({ ...app, send: async (a) => (sent.push(a), { kind: 'file', message: 'not a setup file' }) });
    q('[data-testid=settings-import]').click();
    await settle();
    expect(sent.filter((a) => a.type === 'import_setup')).toEqual([]);
    dialog.open.mockResolvedValueOnce(['/tmp/x.json']);
    q('[data-testid=settings-import]').click();
    await settle();
    expect(q('[data-testid=settings-setup-result]').textContent).toBe('The file could not be used: not a setup file');
  });

  it('in Russian and Chinese, with their plural forms', () => {
    setLocale('ru');
    expect(setupText({ kind: 'imported', servers: ['a', 'b', 'c', 'd', 'e'], need_token: ['a', 'b'], messages: 21 })).toBe(
      'Добавлено: 5 серверов и 21 сохранённое сообщение. Введите токены заново для серверов «a», «b».',
    );
    setLocale('zh');
    expect(setupText({ kind: 'exported', path: '/x.json', servers: 1, messages: 2 })).toBe('已将 1 个服务器和 2 条已保存的消息导出到 /x.json。');
    setLocale('en');
  });
});
