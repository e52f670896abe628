// @vitest-environment jsdom
// The views wired to a real store and a recording `send`: the data-testid hooks the
// end-to-end tests rely on exist, show the state, and send the right actions.
import { beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import type { Action } from '../src/bindings/Action';
import { createStore, type Store } from '../src/state/store';
import { withoutId } from './sent';
import { consoleView } from '../src/views/console';
import { emitForm } from '../src/views/emit-form';
import { errorsView } from '../src/views/errors';
import { serversView } from '../src/views/servers';
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
  // Showing a server's console asks for its history and saved messages (history.test.ts and
  // saved-messages.test.ts check that).
  const app: App = {
    store,
    send: async (a) => (a.type === 'history' || a.type === 'saved_messages' || sent.push(withoutId(a)), null),
  };
  document.body.append(serversView(app), errorsView(app), consoleView(app), emitForm(app));
  store.apply({ type: 'profiles', profiles: [demo] });
  await frame();
});

describe('views', () => {
  it('lists servers; Connect sends the profile options', async () => {
    const item = q('[data-testid=server-item][data-id=demo]');
    expect(item.querySelector('[data-testid=conn-state]')?.textContent).toBe('Not connected');
    (item.querySelector('[data-testid=connect]') as HTMLButtonElement).click();
    expect(sent).toEqual([{ type: 'connect', id: 'demo', options: demo.options }]);
    store.apply({ type: 'connection', id: 'demo', state: 'connected' });
    await frame();
    expect(item.querySelector('[data-testid=conn-state]')?.textContent).toBe('Connected');
    expect((item.querySelector('[data-testid=connect]') as HTMLElement).hidden).toBe(true);
    (item.querySelector('[data-testid=disconnect]') as HTMLButtonElement).click();
    expect(sent[1]).toEqual({ type: 'disconnect', id: 'demo' });
  });

  it('shows events as console rows; filter narrows them; a click fills the inspector', async () => {
    for (const [i, name] of ['chat', 'price', 'chat'].entries()) {
      store.apply({ type: 'event', id: 'demo', direction: i ? 'in' : 'out', namespace: '/', event: name, args: [{ i }], time: 0 });
    }
    await frame();
    expect(qa('[data-testid=console-row]').map((r) => [r.dataset.event, r.dataset.direction])).toEqual([
      ['chat', 'out'], ['price', 'in'], ['chat', 'in'],
    ]);
    const filter = q<HTMLInputElement>('[data-testid=console-filter]');
    filter.value = 'pri';
    filter.dispatchEvent(new Event('input'));
    await frame();
    expect(qa('[data-testid=console-row]').map((r) => r.dataset.event)).toEqual(['price']);
    qa('[data-testid=console-row]')[0].click();
    await frame();
    expect(q('[data-testid=inspector] h2').textContent).toBe('price');
  });

  it('pause holds new events and counts them; clear empties', async () => {
    const ev = (n: number) => ({ type: 'event' as const, id: 'demo', direction: 'in' as const, namespace: '/', event: `e${n}`, args: [], time: 0 });
    store.apply(ev(1));
    q('[data-testid=console-pause]').click();
    store.apply(ev(2), ev(3));
    await frame();
    expect(qa('[data-testid=console-row]')).toHaveLength(1);
    expect(q('.held').textContent).toBe('2 held');
    q('[data-testid=console-pause]').click();
    await frame();
    expect(qa('[data-testid=console-row]')).toHaveLength(3);
    q('[data-testid=console-clear]').click();
    await frame();
    expect(qa('[data-testid=console-row]')).toHaveLength(0);
  });

  it('emits with an ack and shows the answer', async () => {
    store.apply({ type: 'connection', id: 'demo', state: 'connected' });
    await frame();
    q<HTMLInputElement>('[data-testid=emit-event]').value = 'echo';
    q<HTMLTextAreaElement>('[data-testid=emit-arg]').value = '{"a": 1}';
    q('[data-testid=emit-arg-add]').click(); // left blank: not sent
    q<HTMLInputElement>('[data-testid=emit-ack]').click();
    q('[data-testid=emit-send]').click();
    await frame();
    expect(sent).toEqual([{ type: 'emit', id: 'demo', event: 'echo', args: [{ a: 1 }], ack: true, emit_id: expect.any(Number), ack_timeout_ms: 5000 }]);
    const emitId = (sent[0] as { emit_id: number }).emit_id;
    expect(q('[data-testid=ack-result]').textContent).toBe('Waiting for the acknowledgement…');
    store.apply({ type: 'ack', id: 'demo', emit_id: emitId, args: ['ok', 2] });
    await frame();
    expect(q('[data-testid=ack-result]').textContent).toBe('Answer: "ok", 2');
  });

  it('refuses to send an invalid argument and says why', async () => {
    store.apply({ type: 'connection', id: 'demo', state: 'connected' });
    await frame();
    q<HTMLInputElement>('[data-testid=emit-event]').value = 'echo';
    const arg = q<HTMLTextAreaElement>('[data-testid=emit-arg]');
    arg.value = '{"a": }';
    arg.dispatchEvent(new Event('input'));
    expect(arg.getAttribute('aria-invalid')).toBe('true');
    expect(arg.parentElement?.querySelector('.field-error')?.textContent).toBe(
      'Expected a value at line 1, column 7, found “}”.',
    );
    q('[data-testid=emit-send]').click();
    await frame();
    expect(sent).toEqual([]);
  });

  it('answers a server’s ack request: the mark, Reply, a refused list, then answered', async () => {
    store.apply(
      { type: 'connection', id: 'demo', state: 'connected' },
      { type: 'event', id: 'demo', direction: 'in', namespace: '/', event: 'question', args: ['what?', 42], ack: 3, time: 0 },
    );
    await frame();
    const row = () => q('[data-testid=console-row][data-event=question]');
    expect(row().dataset.reply).toBe('open');
    expect(row().querySelector('[data-testid=reply-mark]')?.textContent).toBe('waiting for your answer');
    row().click();
    await frame();
    expect(q('[data-testid=reply-box]').textContent).toContain('The server waits for your answer');
    q('[data-testid=ack-reply]').click();
    const dialog = q('[data-testid=reply-dialog]');
    expect(dialog.querySelector('h2')?.textContent).toBe('Reply to “question”');
    const args = q<HTMLTextAreaElement>('[data-testid=reply-args]');
    expect(document.activeElement).toBe(args);

    args.value = '"yes"';
    args.dispatchEvent(new Event('input'));
    expect(args.getAttribute('aria-invalid')).toBe('true');
    q('[data-testid=reply-send]').click();
    await frame();
    expect(sent).toEqual([]);
    expect(q('[data-testid=reply-error]').textContent).toMatch(/must be a JSON list/);

    args.value = '["yes", 7]';
    args.dispatchEvent(new Event('input'));
    expect(q('[data-testid=reply-error]').textContent).toBe('');
    args.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true }));
    await frame();
    expect(sent).toEqual([{ type: 'ack_reply', id: 'demo', ack: 3, args: ['yes', 7] }]);
    expect(q('[data-testid=reply-dialog]')).toBeNull();
    await frame();
    expect(row().dataset.reply).toBe('answered');
    expect(q('[data-testid=ack-reply]')).toBeNull();
    expect(q('[data-testid=reply-box]').textContent).toBe('Answered: "yes", 7');
  });

  it('an ack request whose connection was lost can no longer be answered', async () => {
    store.apply(
      { type: 'connection', id: 'demo', state: 'connected' },
      { type: 'event', id: 'demo', direction: 'in', namespace: '/', event: 'question', args: [], ack: 0, time: 0 },
      { type: 'connection', id: 'demo', state: 'disconnected', reason: 'gone' },
    );
    await frame();
    const row = q('[data-testid=console-row][data-event=question]');
    expect(row.dataset.reply).toBe('lost');
    row.click();
    await frame();
    expect(q('[data-testid=ack-reply]')).toBeNull();
    expect(q('[data-testid=reply-box]').dataset.state).toBe('lost');
  });

  it('shows errors as toasts that can be dismissed', async () => {
    store.apply({ type: 'error', id: 'demo', error: { kind: 'connect', message: 'refused' } });
    await frame();
    const toast = q('[data-testid=error-toast]');
    expect(toast.textContent).toBe('Local demo server — Could not connect: refused');
    (toast.querySelector('button') as HTMLButtonElement).click();
    await frame();
    expect(qa('[data-testid=error-toast]')).toHaveLength(0);
  });
});
