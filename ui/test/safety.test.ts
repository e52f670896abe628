// @vitest-environment jsdom
// Nothing from the network may become markup: an event named like an <img> tag with
// <script> in its args must render as text, creating only the elements we build.
import { describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import type { DormUpdate } from '../src/bindings/DormUpdate';
import type { SessionHostUpdate } from '../src/bindings/SessionHostUpdate';
import type { ConsoleEvent } from '../src/state/event-log';
import { createStore } from '../src/state/store';
import { dormView } from '../src/views/dorm/dorm-view';
import { sessionView } from '../src/views/session-host/session-view';
import { renderRow } from '../src/views/console-row';
import { Inspector } from '../src/views/inspector';
import { jsonTree } from '../src/views/json-tree';

const NAME = '<img src=x onerror=alert(1)>';
const SCRIPT = '<script>alert(2)</script>';
const hostile: ConsoleEvent = {
  seq: 1,
  direction: 'in',
  namespace: '/<b>ns</b>',
  event: NAME,
  args: [
    SCRIPT,
    { [SCRIPT]: '<iframe src="javascript:alert(3)"></iframe>', nested: [{ '<svg onload=alert(4)>': 1 }] },
    { $binary: 'PHNjcmlwdD4=' },
  ],
  time: 0,
};

const tags = (root: Element) => new Set(Array.from(root.querySelectorAll('*'), (e) => e.tagName.toLowerCase()));
const noHandlers = (root: Element) =>
  Array.from(root.querySelectorAll('*')).every((e) => !e.getAttributeNames().some((a) => a.startsWith('on')));

describe('HTML safety', () => {
  it('a console row shows the hostile name and args as text only', () => {
    const row = renderRow(hostile);
    expect(tags(row)).toEqual(new Set(['span']));
    expect(row.querySelectorAll('img, script, iframe, svg, b')).toHaveLength(0);
    expect(noHandlers(row)).toBe(true);
    expect(row.querySelector('.cell-event')?.textContent).toBe(NAME);
    expect(row.querySelector('.cell-ns')?.textContent).toBe('/<b>ns</b>');
    expect(row.textContent).toContain(SCRIPT);
    expect(row.dataset.event).toBe(NAME);
  });

  it('the JSON tree creates only its own elements', () => {
    const tree = jsonTree(hostile.args, 'args', { openDepth: 10 });
    expect([...tags(tree)].every((t) => ['details', 'summary', 'div', 'span'].includes(t))).toBe(true);
    expect(tree.querySelectorAll('img, script, iframe, svg, b')).toHaveLength(0);
    expect(noHandlers(tree)).toBe(true);
    expect(tree.textContent).toContain(JSON.stringify(SCRIPT));
    expect(tree.textContent).toContain('<svg onload=alert(4)>');
  });

  it('the inspector shows the hostile event as text only', () => {
    const inspector = new Inspector();
    inspector.show(hostile);
    const allowed = ['header', 'h2', 'h3', 'button', 'dl', 'dt', 'dd', 'div', 'details', 'summary', 'span'];
    expect([...tags(inspector.element)].filter((t) => !allowed.includes(t))).toEqual([]);
    expect(inspector.element.querySelectorAll('img, script, iframe, svg, b')).toHaveLength(0);
    expect(inspector.element.querySelector('h2')?.textContent).toBe(NAME);
  });

  it('the session view shows hostile names, keys and server messages as text only', async () => {
    const store = createStore();
    const app: App = { store, send: async () => null };
    const view = sessionView(app);
    document.body.replaceChildren(view);
    const update = (id: string, u: SessionHostUpdate) => store.apply({ type: 'protocol', id, protocol: 'session_host', update: u });
    store.apply({ type: 'ui/select', id: 'c' }, { type: 'connection', id: 'c', state: 'connected' });
    update('c', { type: 'logged_in', name: SCRIPT, role: NAME });
    await new Promise((r) => requestAnimationFrame(r));
    // A role the catalog does not know is shown in the server's words.
    expect(view.querySelector('[data-testid=sh-role]')?.textContent).toBe(NAME);
    update('c', { type: 'session_key', session_key: '<b>K</b>' });
    update('c', { type: 'user_connected', name: NAME });
    store.apply({ type: 'connection', id: 'c/sim-1', state: 'connected' });
    update('c/sim-1', { type: 'error', message: '<iframe src="javascript:alert(3)"></iframe>' });
    update('c', { type: 'error', message: '<svg onload=alert(4)>' });
    await new Promise((r) => requestAnimationFrame(r));
    const member = [...view.querySelectorAll<HTMLElement>('[data-testid=sh-member]')].find((m) => m.dataset.name === NAME) as HTMLElement;
    expect(member.querySelector('.sh-member-name')?.textContent).toBe(NAME);
    expect(view.querySelector('[data-testid=sh-key]')?.textContent).toBe('<b>K</b>');
    expect(view.textContent).toContain(SCRIPT);
    expect(view.textContent).toContain('<iframe src="javascript:alert(3)"></iframe>');
    expect(view.textContent).toContain('<svg onload=alert(4)>');
    expect(view.querySelectorAll('img, script, iframe, b')).toHaveLength(0);
    // The only SVG is the QR code, built element by element.
    expect([...view.querySelectorAll('svg')].map((e) => e.getAttribute('class'))).toEqual(['qr']);
    expect(noHandlers(view)).toBe(true);
  });

  it('the dorm view shows a hostile notice, usernames, messages, errors and codes as text only', async () => {
    const store = createStore();
    const app: App = { store, send: async () => null };
    const view = dormView(app);
    document.body.replaceChildren(view);
    const update = (u: DormUpdate) => store.apply({ type: 'protocol', id: 'd', protocol: 'dorm', update: u });
    store.apply(
      { type: 'profiles', profiles: [] },
      { type: 'ui/select', id: 'd' },
      { type: 'connection', id: 'd', state: 'connected' },
    );
    update({
      type: 'room',
      me: { user_id: '1', username: NAME },
      room: { room_id: NAME, room_name: SCRIPT, room_size: 2, notice: `${NAME}\n${SCRIPT}` },
      roommates: [{ user_id: '1', username: NAME }, { user_id: '<svg onload=alert(4)>', username: SCRIPT, action: NAME }],
    });
    update({ type: 'message', sender: 'roommate', text: NAME });
    update({ type: 'message', sender: 'me', text: SCRIPT });
    update({ type: 'activity', user_id: '<iframe src="javascript:alert(3)"></iframe>', action: '<b>01</b>' });
    store.apply({ type: 'ui/request', id: 'd', request: { id: 1, kind: 'message', key: null } }, { type: 'answer', id: 'd', request_id: 1, error: NAME });
    update({ type: 'error', message: SCRIPT });
    await new Promise((r) => requestAnimationFrame(r));
    expect(view.querySelector('[data-testid=dorm-notice]')?.textContent).toBe(`${NAME}\n${SCRIPT}`);
    expect(view.querySelector('[data-testid=dorm-room-name]')?.textContent).toBe(SCRIPT);
    const names = [...view.querySelectorAll('.dorm-mate-name')].map((n) => n.textContent);
    expect(names).toEqual([NAME, SCRIPT, 'user <iframe src="javascript:alert(3)"></iframe>']);
    const texts = [...view.querySelectorAll('.dorm-message-text')].map((n) => n.textContent);
    expect(texts).toEqual([NAME, SCRIPT]);
    expect(view.textContent).toContain(`Unknown activity (${NAME})`);
    expect(view.textContent).toContain('Unknown activity (<b>01</b>)');
    expect(view.querySelector('[data-testid=dorm-error][data-request=message]')?.textContent).toBe(NAME);
    expect(view.querySelector('[data-testid=dorm-error][data-request=general]')?.textContent).toBe(SCRIPT);
    expect(view.querySelectorAll('img, script, iframe, b, foreignObject')).toHaveLength(0);
    // The only SVG is the icons', built element by element.
    expect([...view.querySelectorAll('svg')].every((s) => /^dorm-(icon|seat-icon)/.test(s.getAttribute('class') ?? ''))).toBe(true);
    expect(noHandlers(view)).toBe(true);
  });
});
