// @vitest-environment jsdom
// Every button that shows only an icon has a name for screen readers (aria-label) and a
// tooltip (title): the whole window is drawn with a server of each protocol in a state
// that shows their icon buttons (toasts, rooms left, argument rows, the folded sidebar),
// and the dialogs are opened, then every button on the page is checked.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import type { Profile } from '../src/bindings/Profile';
import { createStore, type Store } from '../src/state/store';
import { openServerForm } from '../src/views/server-form';
import { openServerPicker } from '../src/views/server-picker';
import { openSettings } from '../src/views/settings-dialog';
import { openShortcutsHelp } from '../src/views/shortcuts-help';
import { drawWindow } from '../src/window';

const options = (protocol: Profile['options']['protocol']): Profile['options'] => ({
  url: 'http://127.0.0.1:8000', path: '/socket.io/', query: [{ key: 'a', value: 'b' }], auth: null, headers: [{ key: 'x', value: 'y' }],
  transport: 'any', ca_file: null, accept_invalid_certs: false, token_profile: null, reconnect: true, protocol,
});
const profiles: Profile[] = [
  { id: 'con', name: 'Console', options: options({ kind: 'console' }) },
  { id: 'sh', name: 'Sessions', options: options({ kind: 'session_host' }) },
  { id: 'dorm', name: 'Dorm', options: options({ kind: 'dorm' }) },
  { id: 'sp', name: 'Space', options: options({ kind: 'space' }) },
  { id: 'fx', name: 'Files', options: options({ kind: 'file_exchange' }) },
];

const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));

/** Buttons with no text: an icon alone, or nothing at all (shown only once they say something). */
const iconOnly = () =>
  [...document.querySelectorAll('button')].filter((b) => (b.textContent ?? '').trim() === '' && (b.querySelector('svg') !== null || !b.hidden));

/** Icon-only buttons without a name or a tooltip. */
function iconButtonsLacking(): string[] {
  return iconOnly()
    .filter((b) => !b.getAttribute('aria-label')?.trim() || !b.getAttribute('title')?.trim())
    .map((b) => b.outerHTML.slice(0, 160));
}

let store: Store;
let app: App;
let takeDown: () => void;

beforeEach(async () => {
  document.body.replaceChildren();
  localStorage.clear();
  store = createStore();
  app = { store, send: async () => null };
  takeDown = drawWindow(app);
  store.apply({ type: 'profiles', profiles });
  for (const p of profiles) store.apply({ type: 'connection', id: p.id, state: 'connected' });
  store.apply(
    // An error of no server shows on every page (a server's shows only on its own).
    { type: 'error', error: { kind: 'send', message: 'not sent' } },
    { type: 'warning', id: 'con', message: 'odd packet' },
    { type: 'saved_messages', id: 'con', messages: [{ id: 'm1', name: 'Hello', event: 'chat', args: ['hi'], ack: false }] },
    { type: 'certificate', id: 'fx', sha256: 'ab'.repeat(32), changed: false },
    { type: 'protocol', id: 'sh', protocol: 'session_host', update: { type: 'logged_in', name: 'ann', role: 'HOST' } },
    { type: 'protocol', id: 'sh', protocol: 'session_host', update: { type: 'session_key', session_key: 'K1' } },
    { type: 'protocol', id: 'sp', protocol: 'space', update: { type: 'joined', room: 'general', users: [{ username: 'ann' }] } },
    { type: 'protocol', id: 'sp', protocol: 'space', update: { type: 'joined', room: 'old', users: [] } },
    { type: 'protocol', id: 'sp', protocol: 'space', update: { type: 'left', room: 'old' } },
    { type: 'protocol', id: 'fx', protocol: 'file_exchange', update: { type: 'started', session_id: 's1' } },
    { type: 'protocol', id: 'fx', protocol: 'file_exchange', update: { type: 'file_available', server_file_id: 'f1', file_id: 'r1', since: Date.now(), repeat: false } },
  );
  await frame();
});
afterEach(() => {
  for (const d of document.querySelectorAll('dialog')) d.remove();
  takeDown();
});

describe('icon-only buttons', () => {
  it('there are some to check: in the sidebar, the toasts, the emit form, The Space', async () => {
    store.apply({ type: 'ui/select', id: 'sp' });
    await frame();
    const hooks = iconOnly().map((b) => b.dataset.testid ?? b.className);
    for (const id of ['edit-server', 'remove-server', 'settings-open', 'sidebar-fold', 'emit-arg-remove', 'space-forget']) expect(hooks).toContain(id);
    expect(hooks).toContain('icon'); // the toasts' Dismiss
    expect(hooks.length).toBeGreaterThan(12);
  });

  it('the saved messages’ Edit and Remove are among them', async () => {
    store.apply({ type: 'ui/select', id: 'con' });
    await frame();
    const hooks = iconOnly().map((b) => b.dataset.testid ?? b.className);
    for (const id of ['saved-edit', 'saved-remove']) expect(hooks).toContain(id);
  });

  it('each has an aria-label and a title, for every server shown', async () => {
    for (const p of profiles) {
      store.apply({ type: 'ui/select', id: p.id });
      await frame();
      expect(iconButtonsLacking(), p.name).toEqual([]);
    }
  });

  it('also on the folded sidebar and in every dialog', async () => {
    (document.querySelector('[data-testid=sidebar-fold]') as HTMLButtonElement).click();
    openSettings(app);
    openServerForm(app, profiles[0]);
    openServerPicker(app);
    openShortcutsHelp();
    await frame();
    expect(document.querySelectorAll('dialog').length).toBe(4);
    expect(iconButtonsLacking()).toEqual([]);
  });

  it('text buttons whose words need more say it in a tooltip: Ask again, Send logs', async () => {
    store.apply({ type: 'ui/select', id: 'fx' });
    await frame();
    const repeat = document.querySelector('[data-testid=file-exchange-repeat]') as HTMLElement;
    expect(repeat.title).toBe('Ask the server to send this file once more.');
    expect(repeat.getAttribute('aria-label')).toBe('Ask again for f1');
    expect((document.querySelector('[data-testid=file-exchange-send-logs]') as HTMLElement).title).not.toBe('');
  });
});
