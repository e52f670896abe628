// @vitest-environment jsdom
// The console's history in the window: earlier sessions above the live events, the
// history search in the same list and inspector, an emit's answer linked both ways.
import { beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import type { Action } from '../src/bindings/Action';
import { createStore, type Store } from '../src/state/store';
import { consoleView } from '../src/views/console';
import { demo } from './demo-profile';

const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
const q = <T extends HTMLElement = HTMLElement>(sel: string) => document.querySelector(sel) as T;
const qa = (sel: string) => Array.from(document.querySelectorAll<HTMLElement>(sel));

let store: Store;
let sent: Action[];

beforeEach(async () => {
  document.body.replaceChildren();
  store = createStore();
  sent = [];
  const app: App = { store, send: async (a) => (sent.push(a), null) };
  document.body.append(consoleView(app));
  store.apply({ type: 'profiles', profiles: [demo] });
  await frame();
});

const lastHistory = () => sent.filter((a): a is Extract<Action, { type: 'history' }> => a.type === 'history').at(-1)!;

describe('console history', () => {
  it('asks for the earlier sessions once and shows them above the live events, with a divider', async () => {
    const ask = lastHistory();
    expect(ask.query).toMatchObject({ kinds: [], limit: 500 });
    expect(ask.query.until).toBeLessThan(Date.now());
    store.apply({
      type: 'history', id: 'demo', request_id: ask.request_id, more: true,
      rows: [{ row: 4, time: 1, kind: 'event', direction: 'out', namespace: '/', event: 'old', args: ['x'] }],
    });
    store.apply({ type: 'event', id: 'demo', direction: 'in', namespace: '/', event: 'new', args: [], time: 2 });
    await frame();
    expect(qa('[data-testid=console-row]').map((r) => [r.dataset.kind, r.dataset.event, r.dataset.earlier ?? ''])).toEqual([
      ['event', 'old', 'true'], ['divider', '', ''], ['event', 'new', ''],
    ]);
    q('[data-testid=history-older]').click();
    expect(lastHistory().query.before_row).toBe(4);
    expect(sent.filter((a) => a.type === 'history')).toHaveLength(2);
  });

  it('searches the history in the same list and inspector, then back to the live log', async () => {
    q('[data-testid=history-search-open]').click();
    await frame();
    const text = q<HTMLInputElement>('[data-testid=history-search-text]');
    text.value = 'hello';
    q<HTMLFormElement>('[data-testid=history-search]').requestSubmit();
    const ask = lastHistory();
    expect(ask.query).toEqual({ kinds: [], limit: 500, text: 'hello' });
    store.apply({
      type: 'history', id: 'demo', request_id: ask.request_id, more: false,
      rows: [
        { row: 1, time: 1, kind: 'event', direction: 'out', namespace: '/', event: 'greet', args: ['hello'], emit_id: 3, linked_row: 2, round_trip_ms: 9 },
        { row: 2, time: 2, kind: 'ack', direction: 'in', namespace: '/', event: 'greet', args: ['hi'], emit_id: 3, linked_row: 1, round_trip_ms: 9 },
      ],
    });
    await frame();
    const rows = qa('[data-testid=console-row]');
    expect(rows.map((r) => r.dataset.kind)).toEqual(['event', 'ack']);
    rows[0].click();
    await frame();
    expect(q('[data-testid=ack-link]').textContent).toContain('9 ms');
    q('[data-testid=ack-link-answer]').click();
    await frame();
    expect(q('[data-testid=inspector] h2').textContent).toBe('greet');
    expect(q('[data-testid=ack-link-emit]')).not.toBeNull();
    q('[data-testid=history-search-close]').click();
    await frame();
    expect(q('[data-testid=history-search]').hidden).toBe(true);
  });

  it('an invalid regex in the filter says so in words', async () => {
    q<HTMLInputElement>('[data-testid=console-regex]').click();
    const name = q<HTMLInputElement>('[data-testid=console-filter]');
    name.value = '(';
    name.dispatchEvent(new Event('input'));
    await frame();
    expect(q('[data-testid=console-filter-error]').textContent).toMatch(/not a valid regular expression/);
  });
});
