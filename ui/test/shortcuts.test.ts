// @vitest-environment jsdom
// The keyboard: which key press is which command (Ctrl, or Cmd on a Mac; any keyboard
// layout), how shortcuts are written, and the whole window answering KeyboardEvents
// dispatched on it: Ctrl+1…9, Ctrl+K, Ctrl+F, Ctrl+N, Ctrl+Shift+C, `?`, the skip link.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Action } from '../src/bindings/Action';
import type { App } from '../src/app';
import type { Profile } from '../src/bindings/Profile';
import { ariaKeys, commandOf, isMacPlatform, keysText, selectKeysText, type KeyPress } from '../src/lib/shortcuts';
import { createStore, type Store } from '../src/state/store';
import { drawWindow } from '../src/window';

const options = (kind: 'console' | 'dorm'): Profile['options'] => ({
  url: 'http://127.0.0.1:8000', path: '/socket.io/', query: [], auth: null, headers: [], transport: 'any',
  ca_file: null, accept_invalid_certs: false, token_profile: null, reconnect: true, protocol: { kind },
});
const profiles: Profile[] = [
  { id: 'a', name: 'Alpha', options: options('console') },
  { id: 'b', name: 'Beta room', options: options('dorm') },
  { id: 'c', name: 'Gamma', options: options('console') },
];

const press = (over: Partial<KeyPress>): KeyPress => ({ key: '', code: '', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...over });

describe('commandOf', () => {
  it('Ctrl with a digit, K, F, N; Ctrl+Shift+C; ? alone', () => {
    expect(commandOf(press({ key: '3', code: 'Digit3', ctrlKey: true }), false)).toEqual({ kind: 'select', n: 3 });
    expect(commandOf(press({ key: 'k', code: 'KeyK', ctrlKey: true }), false)).toEqual({ kind: 'picker' });
    expect(commandOf(press({ key: 'f', code: 'KeyF', ctrlKey: true }), false)).toEqual({ kind: 'filter' });
    expect(commandOf(press({ key: 'n', code: 'KeyN', ctrlKey: true }), false)).toEqual({ kind: 'new_server' });
    expect(commandOf(press({ key: 'C', code: 'KeyC', ctrlKey: true, shiftKey: true }), false)).toEqual({ kind: 'connection' });
    expect(commandOf(press({ key: '?', code: 'Slash', shiftKey: true }), false)).toEqual({ kind: 'help' });
  });

  it('nothing for what is not a shortcut', () => {
    expect(commandOf(press({ key: 'c', code: 'KeyC', ctrlKey: true }), false)).toBeNull(); // copy
    expect(commandOf(press({ key: 'k', code: 'KeyK' }), false)).toBeNull();
    expect(commandOf(press({ key: '0', code: 'Digit0', ctrlKey: true }), false)).toBeNull();
    expect(commandOf(press({ key: 'k', code: 'KeyK', ctrlKey: true, altKey: true }), false)).toBeNull();
    expect(commandOf(press({ key: '!', code: 'Digit1', ctrlKey: true, shiftKey: true }), false)).toBeNull();
    expect(commandOf(press({ key: '?', ctrlKey: true, shiftKey: true }), false)).toBeNull();
  });

  it('on a Mac, Cmd instead of Ctrl (Ctrl+K is the text field’s there)', () => {
    expect(commandOf(press({ key: 'k', code: 'KeyK', metaKey: true }), true)).toEqual({ kind: 'picker' });
    expect(commandOf(press({ key: 'k', code: 'KeyK', ctrlKey: true }), true)).toBeNull();
    expect(commandOf(press({ key: 'k', code: 'KeyK', metaKey: true }), false)).toBeNull();
    expect(isMacPlatform('MacIntel')).toBe(true);
    expect(isMacPlatform('Linux x86_64')).toBe(false);
    expect(isMacPlatform('Win32')).toBe(false);
  });

  it('by the key’s place on another layout: Cyrillic Ctrl+Л is Ctrl+K, AZERTY Ctrl+& is Ctrl+1', () => {
    expect(commandOf(press({ key: 'л', code: 'KeyK', ctrlKey: true }), false)).toEqual({ kind: 'picker' });
    expect(commandOf(press({ key: 'С', code: 'KeyC', ctrlKey: true, shiftKey: true }), false)).toEqual({ kind: 'connection' });
    expect(commandOf(press({ key: '&', code: 'Digit1', ctrlKey: true }), false)).toEqual({ kind: 'select', n: 1 });
    expect(commandOf(press({ key: '7', code: 'Numpad7', ctrlKey: true }), false)).toEqual({ kind: 'select', n: 7 });
  });

  it('written for tooltips and for aria-keyshortcuts', () => {
    expect(keysText({ kind: 'picker' }, false)).toBe('Ctrl+K');
    expect(keysText({ kind: 'connection' }, false)).toBe('Ctrl+Shift+C');
    expect(keysText({ kind: 'select', n: 2 }, false)).toBe('Ctrl+2');
    expect(keysText({ kind: 'picker' }, true)).toBe('⌘K');
    expect(keysText({ kind: 'connection' }, true)).toBe('⇧⌘C');
    expect(selectKeysText(false)).toBe('Ctrl+1…9');
    expect(ariaKeys({ kind: 'connection' }, false)).toBe('Control+Shift+C');
    expect(ariaKeys({ kind: 'new_server' }, true)).toBe('Meta+N');
  });
});

describe('the window’s shortcuts', () => {
  let store: Store;
  let sent: Action[];
  let takeDown: () => void;
  const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
  const q = <T extends Element = HTMLElement>(sel: string) => document.querySelector(sel) as T;
  const key = (init: KeyboardEventInit, target: EventTarget = document.body) => {
    const e = new KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init });
    target.dispatchEvent(e);
    return e;
  };
  const ctrl = (k: string, code: string, more: KeyboardEventInit = {}) => key({ key: k, code, ctrlKey: true, ...more });

  beforeEach(async () => {
    document.body.replaceChildren();
    store = createStore();
    sent = [];
    const app: App = { store, send: async (a) => (a.type === 'history' || sent.push(a), null) };
    takeDown = drawWindow(app);
    store.apply({ type: 'profiles', profiles });
    await frame();
  });

  afterEach(() => {
    for (const d of document.querySelectorAll('dialog')) d.remove();
    takeDown();
    vi.unstubAllGlobals();
  });

  it('Ctrl+1…9 show that server of the list; past the list, nothing', () => {
    expect(store.get().selected).toBe('a');
    expect(ctrl('2', 'Digit2').defaultPrevented).toBe(true);
    expect(store.get().selected).toBe('b');
    ctrl('3', 'Digit3');
    expect(store.get().selected).toBe('c');
    ctrl('9', 'Digit9');
    expect(store.get().selected).toBe('c');
  });

  it('the server buttons say their shortcut in their tooltip', () => {
    const titles = [...document.querySelectorAll<HTMLElement>('.server-select')].map((b) => b.title);
    expect(titles).toEqual(['Alpha (Ctrl+1)', 'Beta room (Ctrl+2)', 'Gamma (Ctrl+3)']);
    expect(q('[data-testid=add-server]').getAttribute('title')).toBe('Add server (Ctrl+N)');
    expect(q('[data-testid=add-server]').getAttribute('aria-keyshortcuts')).toBe('Control+N');
    expect(q('[data-testid=connect]').getAttribute('title')).toBe('Connect (Ctrl+Shift+C)');
    expect(q('[data-testid=console-filter]').getAttribute('title')).toBe('Filter by event name (Ctrl+F)');
  });

  it('Ctrl+K opens the picker; Ctrl+N the new server form; ? the list of shortcuts', () => {
    ctrl('k', 'KeyK');
    expect(q('[data-testid=server-picker]')).not.toBeNull();
    expect(document.activeElement).toBe(q('[data-testid=picker-filter]'));
    q<HTMLDialogElement>('[data-testid=server-picker]').remove();

    ctrl('n', 'KeyN');
    expect(q('.server-dialog')).not.toBeNull();
    expect((q<HTMLInputElement>('[data-testid=server-name]')).value).toBe('');
    q('.server-dialog').remove();

    key({ key: '?', code: 'Slash', shiftKey: true });
    const help = q('[data-testid=shortcut-list]');
    expect(help).not.toBeNull();
    expect(help.textContent).toContain('Ctrl+Shift+C');
    expect(help.textContent).toContain('Connect or disconnect the server shown');
  });

  it('? typed into a text field is text; nothing runs while a dialog is open', () => {
    const filter = q<HTMLInputElement>('[data-testid=console-filter]');
    expect(key({ key: '?', shiftKey: true }, filter).defaultPrevented).toBe(false);
    expect(q('[data-testid=shortcuts-dialog]')).toBeNull();

    ctrl('k', 'KeyK');
    const picker = q<HTMLDialogElement>('[data-testid=server-picker]');
    picker.setAttribute('open', '');
    ctrl('n', 'KeyN');
    ctrl('2', 'Digit2');
    expect(q('.server-dialog')).toBeNull();
    expect(store.get().selected).toBe('a');
  });

  it('Ctrl+F brings the console tab forward and focuses the event name filter', async () => {
    ctrl('2', 'Digit2');
    await frame();
    const consoleTab = q<HTMLButtonElement>('[data-testid=tab-console]');
    expect(consoleTab.getAttribute('aria-selected')).toBe('false');
    expect(ctrl('f', 'KeyF').defaultPrevented).toBe(true);
    expect(consoleTab.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(q('[data-testid=console-filter]'));
  });

  it('Ctrl+Shift+C connects the server shown, and disconnects it once it is active', async () => {
    ctrl('C', 'KeyC', { shiftKey: true });
    expect(sent).toEqual([{ type: 'connect', id: 'a', options: profiles[0].options }]);
    store.apply({ type: 'connection', id: 'a', state: 'connecting', attempt: 1 });
    ctrl('C', 'KeyC', { shiftKey: true });
    expect(sent[1]).toEqual({ type: 'disconnect', id: 'a' });
    // A held key does not toggle again and again.
    ctrl('C', 'KeyC', { shiftKey: true, repeat: true });
    expect(sent).toHaveLength(2);
  });

  it('on a Mac the window answers Cmd, not Ctrl, and writes ⌘ in its tooltips', async () => {
    takeDown();
    vi.stubGlobal('navigator', { ...navigator, platform: 'MacIntel', language: 'en-US' });
    const app: App = { store, send: async (a) => (a.type === 'history' || sent.push(a), null) };
    takeDown = drawWindow(app);
    await frame();
    ctrl('2', 'Digit2');
    expect(store.get().selected).toBe('a');
    key({ key: '2', code: 'Digit2', metaKey: true });
    expect(store.get().selected).toBe('b');
    expect(q('[data-testid=add-server]').getAttribute('title')).toBe('Add server (⌘N)');
  });

  it('a shortcut stops working once its drawing is taken down', () => {
    takeDown();
    ctrl('2', 'Digit2');
    expect(store.get().selected).toBe('a');
    takeDown = () => {};
  });

  it('the skip link is the first tab stop and takes focus to the server’s page', () => {
    const focusable = document.querySelector<HTMLElement>('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])');
    const skip = q<HTMLAnchorElement>('[data-testid=skip-link]');
    expect(focusable).toBe(skip);
    expect(skip.textContent).toBe('Skip to the server’s page');
    skip.click();
    expect(document.activeElement).toBe(q('main'));
  });
});
