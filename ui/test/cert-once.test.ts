// @vitest-environment jsdom
// One place for a certificate waiting for a decision: the certificate panel says it, once.
// The header and the sidebar no longer repeat the reason the connection closed (it was on
// screen four times), the sidebar card shows only a small shield with its words for screen
// readers and as a tooltip; any other reason still shows where it did.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import type { Profile } from '../src/bindings/Profile';
import { createStore, type Store } from '../src/state/store';
import { drawWindow } from '../src/window';

const REASON = "The server's certificate is not trusted by this system; compare its fingerprint and accept it if you trust it";
const fx: Profile = {
  id: 'fx', name: 'Files',
  options: {
    url: 'https://files.example.org', path: '/socket.io/', query: [], auth: null, headers: [], transport: 'any',
    ca_file: null, accept_invalid_certs: false, token_profile: null, reconnect: true, protocol: { kind: 'file_exchange' },
  },
};

const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
const q = (sel: string) => document.querySelector(sel) as HTMLElement;

/** The text shown on screen: text nodes with no hidden element above them. */
function shownText(root: Node): string[] {
  const out: string[] = [];
  const walk = (n: Node) => {
    if (n instanceof HTMLElement && (n.hidden || n.classList.contains('visually-hidden'))) return;
    if (n.nodeType === Node.TEXT_NODE && n.textContent?.trim()) out.push(n.textContent.trim());
    n.childNodes.forEach(walk);
  };
  walk(root);
  return out;
}
const mentions = (root: Node) => shownText(root).filter((s) => /certificate/i.test(s));

let store: Store;
let takeDown: () => void;

beforeEach(async () => {
  document.body.replaceChildren();
  store = createStore();
  const app: App = { store, send: async () => null };
  takeDown = drawWindow(app);
  store.apply({ type: 'profiles', profiles: [fx] });
  await frame();
});
afterEach(() => takeDown());

describe('a certificate waiting for a decision', () => {
  it('is said once, by the certificate panel', async () => {
    store.apply(
      { type: 'connection', id: 'fx', state: 'disconnected', reason: REASON },
      { type: 'certificate', id: 'fx', sha256: 'ab'.repeat(32), changed: false },
    );
    await frame();
    const panel = q('[data-testid=cert-panel]');
    expect(panel.hidden).toBe(false);
    expect(mentions(document.body)).toEqual([...mentions(panel)]);
    expect(mentions(panel)).toContain('This server’s certificate is not trusted by your system');
    expect(shownText(document.body).join(' ')).not.toContain(REASON);
    // Where the reason was: the sidebar and the header say only that it is not connected.
    expect(q('[data-testid=conn-state]').textContent).toBe('Disconnected');
    expect(q('.main-state').textContent).toBe('Disconnected');
    // The sidebar card: a small shield, named for screen readers and in its tooltip.
    const shield = q('[data-testid=conn-cert]');
    expect(shield.hidden).toBe(false);
    expect(shield.textContent).toBe('');
    expect(shield.getAttribute('role')).toBe('img');
    expect(shield.getAttribute('aria-label')).toBe('Certificate not trusted: decide in the main area');
    expect(shield.title).toBe(shield.getAttribute('aria-label'));
    expect(shield.querySelector('svg')).not.toBeNull();
  });

  it('a changed certificate too', async () => {
    store.apply(
      { type: 'connection', id: 'fx', state: 'disconnected', reason: 'the server’s certificate is not the one you accepted (it is now AB:CD)' },
      { type: 'certificate', id: 'fx', sha256: 'cd'.repeat(32), changed: true },
    );
    await frame();
    expect(mentions(document.body)).toEqual(mentions(q('[data-testid=cert-panel]')));
  });

  it('once decided, the shield goes; another reason shows as before', async () => {
    store.apply(
      { type: 'connection', id: 'fx', state: 'disconnected', reason: REASON },
      { type: 'certificate', id: 'fx', sha256: 'ab'.repeat(32), changed: false },
    );
    await frame();
    q('[data-testid=cert-cancel]').click();
    await frame();
    expect(q('[data-testid=conn-cert]').hidden).toBe(true);
    expect(q('[data-testid=cert-panel]').hidden).toBe(true);
    store.apply({ type: 'connection', id: 'fx', state: 'disconnected', reason: 'The server closed the connection' });
    await frame();
    expect(q('[data-testid=conn-state]').textContent).toBe('Disconnected: The server closed the connection');
    expect(q('.main-state').textContent).toBe('Disconnected: The server closed the connection');
  });
});
