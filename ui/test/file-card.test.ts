// @vitest-environment jsdom
// The shared file card: name (as text), size in words, state; the progress bar only when
// reading takes a while; Cancel, Retry with the reason, Save through the dialog, Open once
// saved, Preview as plain text (and when it is cut), SHA-256 on demand with Copy.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Action } from '../src/bindings/Action';
import type { FileInfo } from '../src/bindings/FileInfo';
import type { App } from '../src/app';
import { createStore } from '../src/state/store';
import { fileCard, PROGRESS_DELAY_MS, type FileCardOptions } from '../src/views/files/file-card';

// The native dialogs run in the backend; here they answer what each test says.
const dialog = vi.hoisted(() => ({ save: vi.fn(), open: vi.fn() }));
vi.mock('../src/ipc', async (original) => ({ ...(await original<typeof import('../src/ipc')>()), chooseFiles: dialog.open, chooseSavePath: dialog.save }));

const HOSTILE = '<img src=x onerror=alert(1)>.txt';
let n = 0;
const info = (over: Record<string, unknown> = {}): FileInfo =>
  ({
    file_id: 'f', conn: 'c', direction: 'received', name: 'notes.txt', size: 1536, is_text: true, target: 'general',
    sender: 'bob', time: Date.UTC(2024, 2, 5, 14, 7), state: 'received', ...over,
  }) as FileInfo;

let sent: Action[];
let app: App;
const tid = (root: HTMLElement, id: string) => root.querySelector(`[data-testid=${id}]`) as HTMLElement;
const shown = (node: HTMLElement | null): boolean => {
  for (let x = node; x; x = x.parentElement) if (x.hidden) return false;
  return node !== null;
};
const settle = () => new Promise((r) => setTimeout(r, 0));

function mount(file: FileInfo | undefined, opts: FileCardOptions = {}) {
  const id = file?.file_id ?? `none-${++n}`;
  const card = fileCard(app, id, opts);
  document.body.replaceChildren(card.element);
  card.update(file, undefined, Date.UTC(2024, 2, 5, 15));
  return card;
}

beforeEach(() => {
  sent = [];
  app = { store: createStore(), send: async (a) => (sent.push(a), null) };
  dialog.save.mockReset();
  dialog.open.mockReset();
});
afterEach(() => vi.useRealTimers());

describe('file card', () => {
  it('a received file: name as text, size in words, sender, state; Save, Open (disabled), Preview, SHA-256', () => {
    const card = mount(info({ file_id: `a${++n}`, name: HOSTILE, sha256: '12'.repeat(32) }));
    const el = card.element;
    expect(el.dataset.testid).toBe('file-card');
    expect(el.dataset.state).toBe('received');
    expect(el.dataset.fileId).toBe(`a${n}`);
    expect(tid(el, 'file-name').textContent).toBe(HOSTILE);
    expect(el.querySelector('img')).toBeNull();
    expect(el.querySelector('.file-meta')?.textContent).toMatch(/^1\.5 KiB · from bob · .+ · Received$/);
    expect(shown(tid(el, 'file-save'))).toBe(true);
    expect(shown(tid(el, 'file-open'))).toBe(true);
    expect((tid(el, 'file-open') as HTMLButtonElement).disabled).toBe(true);
    expect(shown(tid(el, 'file-preview'))).toBe(true);
    expect(shown(tid(el, 'file-sha'))).toBe(true);
    expect(shown(tid(el, 'file-cancel'))).toBe(false);
    expect(shown(tid(el, 'file-retry'))).toBe(false);
    expect(shown(tid(el, 'file-progress'))).toBe(false);
  });

  it('without meta (in a chat bubble) only size and state', () => {
    const card = mount(info({ file_id: `b${++n}` }), { meta: false });
    expect(card.element.querySelector('.file-meta')?.textContent).toBe('1.5 KiB · Received');
  });

  it('Save asks where (a cleaned name suggested), then sends save_file; once saved, Open works', async () => {
    const id = `s${++n}`;
    const card = mount(info({ file_id: id, name: '../../secret.txt' }));
    dialog.save.mockResolvedValue('/home/me/Downloads/secret.txt');
    tid(card.element, 'file-save').click();
    await settle();
    expect(dialog.save).toHaveBeenCalledWith(expect.any(String), 'secret.txt');
    expect(sent).toEqual([{ type: 'save_file', file_id: id, path: '/home/me/Downloads/secret.txt' }]);
    card.update(info({ file_id: id, saved_path: '/home/me/Downloads/secret.txt' }), undefined, Date.now());
    const open = tid(card.element, 'file-open') as HTMLButtonElement;
    expect(open.disabled).toBe(false);
    expect(tid(card.element, 'file-saved').textContent).toBe('Saved to /home/me/Downloads/secret.txt');
    open.click();
    await settle();
    expect(sent.at(-1)).toEqual({ type: 'open_file', file_id: id });
  });

  it('a cancelled save dialog sends nothing; a refused save says why on the card', async () => {
    const id = `r${++n}`;
    const card = mount(info({ file_id: id }));
    dialog.save.mockResolvedValue(null);
    tid(card.element, 'file-save').click();
    await settle();
    expect(sent).toEqual([]);
    app.send = async (a) => (sent.push(a), { kind: 'file', message: 'the folder /x cannot be used' });
    dialog.save.mockResolvedValue('/x/notes.txt');
    tid(card.element, 'file-save').click();
    await settle();
    await settle();
    expect(card.element.querySelector('.file-error')?.textContent).toBe('The file could not be used: the folder /x cannot be used');
  });

  it('Preview asks once, then shows the text as text, and says when it was cut', async () => {
    const id = `p${++n}`;
    const card = mount(info({ file_id: id }));
    const toggle = tid(card.element, 'file-preview');
    toggle.click();
    await settle();
    expect(sent).toEqual([{ type: 'preview_file', file_id: id }]);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(card.element.querySelector('.file-preview-note')?.textContent).toBe('Loading the preview…');
    card.update(info({ file_id: id }), { text: '<script>alert(1)</script>\nline 2', truncated: true }, Date.now());
    const pre = tid(card.element, 'file-preview-text');
    expect(pre.tagName).toBe('PRE');
    expect(pre.textContent).toBe('<script>alert(1)</script>\nline 2');
    expect(card.element.querySelector('script')).toBeNull();
    expect(card.element.querySelector('.file-preview-note')?.textContent).toBe('Only the beginning of the file is shown.');
    toggle.click();
    expect(shown(pre)).toBe(false);
    toggle.click();
    expect(sent).toHaveLength(1); // already known: not asked again
    card.update(info({ file_id: id }), { text: null, truncated: false }, Date.now());
    expect(card.element.querySelector('.file-preview-note')?.textContent).toBe('This file cannot be shown as text.');
  });

  it('no Preview for a file that is not text', () => {
    const card = mount(info({ file_id: `t${++n}`, is_text: false, name: 'photo.png' }));
    expect(shown(tid(card.element, 'file-preview'))).toBe(false);
  });

  it('SHA-256 on demand, with Copy (or the checksum selected when there is no clipboard)', async () => {
    const sha = 'ab'.repeat(32);
    const card = mount(info({ file_id: `h${++n}`, sha256: sha }));
    const toggle = tid(card.element, 'file-sha');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(shown(tid(card.element, 'file-sha-value'))).toBe(false);
    toggle.click();
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(tid(card.element, 'file-sha-value').textContent).toBe(sha);
    const writeText = vi.fn().mockResolvedValue(undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    tid(card.element, 'file-sha-copy').click();
    await settle();
    expect(writeText).toHaveBeenCalledWith(sha);
    expect(card.element.querySelector('.file-sha-status')?.textContent).toBe('Copied');
    Object.defineProperty(navigator, 'clipboard', { value: undefined, configurable: true });
    tid(card.element, 'file-sha-copy').click();
    await settle();
    expect(card.element.querySelector('.file-sha-status')?.textContent).toMatch(/copy it with Ctrl\+C/);
  });

  it('no checksum to show before the bytes are known (while reading)', () => {
    const id = `u${++n}`;
    const card = mount(info({ file_id: id, direction: 'sent', state: 'reading', done: 0, total: 10 }));
    expect(shown(tid(card.element, 'file-sha'))).toBe(false);
    card.update(info({ file_id: id, direction: 'sent', state: 'sending', done: 0, total: 0, sha256: 'ef'.repeat(32) }), undefined, Date.now());
    expect(shown(tid(card.element, 'file-sha'))).toBe(true);
  });

  it('reading: Cancel; the progress bar only once reading has gone on for a moment', async () => {
    vi.useFakeTimers();
    const id = `g${++n}`;
    const card = mount(info({ file_id: id, direction: 'sent', sender: undefined, state: 'reading', done: 10, total: 100 }));
    const bar = tid(card.element, 'file-progress') as HTMLProgressElement;
    expect(shown(bar)).toBe(false);
    expect(card.element.querySelector('.file-meta')?.textContent).toMatch(/Reading…$/);
    vi.advanceTimersByTime(PROGRESS_DELAY_MS + 10);
    expect(shown(bar)).toBe(true);
    expect(bar.value).toBeCloseTo(0.1);
    card.update(info({ file_id: id, direction: 'sent', state: 'reading', done: 60, total: 100 }), undefined, Date.now());
    expect(bar.value).toBeCloseTo(0.6);
    expect(card.element.querySelector('.file-meta')?.textContent).toMatch(/Reading… 60%$/);
    tid(card.element, 'file-cancel').click();
    await vi.runAllTimersAsync();
    expect(sent).toEqual([{ type: 'cancel_file', file_id: id }]);
    card.update(info({ file_id: id, direction: 'sent', state: 'cancelled' }), undefined, Date.now());
    expect(shown(bar)).toBe(false);
    expect(card.element.dataset.state).toBe('cancelled');
    expect(shown(tid(card.element, 'file-cancel'))).toBe(false);
    expect(shown(tid(card.element, 'file-retry'))).toBe(true);
  });

  it('a quick read never shows the bar', () => {
    vi.useFakeTimers();
    const id = `q${++n}`;
    const card = mount(info({ file_id: id, direction: 'sent', state: 'reading', done: 0, total: 100 }));
    vi.advanceTimersByTime(100);
    card.update(info({ file_id: id, direction: 'sent', state: 'sending', done: 0, total: 0 }), undefined, Date.now());
    vi.advanceTimersByTime(1000);
    expect(shown(tid(card.element, 'file-progress'))).toBe(false);
    expect(card.element.querySelector('.file-meta')?.textContent).toMatch(/Sending…$/);
  });

  it('streaming out: the bar follows the message once sending takes a moment; Cancel is gone', () => {
    vi.useFakeTimers();
    const id = `s${++n}`;
    const card = mount(info({ file_id: id, direction: 'sent', state: 'sending', done: 0, total: 400 }));
    const bar = tid(card.element, 'file-progress') as HTMLProgressElement;
    expect(shown(bar)).toBe(false);
    vi.advanceTimersByTime(PROGRESS_DELAY_MS + 10);
    card.update(info({ file_id: id, direction: 'sent', state: 'sending', done: 100, total: 400 }), undefined, Date.now());
    expect(shown(bar)).toBe(true);
    expect(bar.value).toBeCloseTo(0.25);
    expect(card.element.querySelector('.file-meta')?.textContent).toMatch(/Sending… 25%$/);
    expect(shown(tid(card.element, 'file-cancel'))).toBe(false);
    card.update(info({ file_id: id, direction: 'sent', state: 'sent' }), undefined, Date.now());
    expect(shown(bar)).toBe(false);
  });

  it('failed: the reason in words and Retry; a received one in The Space asks the sender instead', async () => {
    const id = `x${++n}`;
    const card = mount(info({ file_id: id, direction: 'sent', state: 'failed', reason: 'the server did not confirm it in time' }));
    expect(card.element.dataset.state).toBe('failed');
    expect(tid(card.element, 'file-reason').textContent).toBe('Failed: the server did not confirm it in time');
    tid(card.element, 'file-retry').click();
    await settle();
    expect(sent).toEqual([{ type: 'retry_file', file_id: id }]);
    const got = mount(info({ file_id: `y${++n}`, state: 'failed', reason: 'the content is not valid base64' }));
    expect(shown(tid(got.element, 'file-retry'))).toBe(false);
    expect(shown(tid(got.element, 'file-save'))).toBe(false);
    expect(tid(got.element, 'file-reason').textContent).toBe('Failed: the content is not valid base64 Ask the sender to send it again.');
    const exchange = mount(info({ file_id: `z${++n}`, state: 'failed', reason: 'damaged' }), { retryReceived: true });
    expect(shown(tid(exchange.element, 'file-retry'))).toBe(true);
  });

  it('Dismiss where offered, for a failed or cancelled file', () => {
    const onDismiss = vi.fn();
    const card = mount(info({ file_id: `d${++n}`, direction: 'sent', state: 'cancelled' }), { dismiss: true, onDismiss });
    tid(card.element, 'file-dismiss').click();
    expect(onDismiss).toHaveBeenCalledOnce();
    const plain = mount(info({ file_id: `e${++n}`, direction: 'sent', state: 'cancelled' }));
    expect(shown(tid(plain.element, 'file-dismiss'))).toBe(false);
  });

  it('before the file is known: waiting, no buttons', () => {
    const card = mount(undefined);
    expect(card.element.dataset.state).toBe('unknown');
    expect(card.element.querySelector('.file-meta')?.textContent).toBe('Waiting for the file…');
    expect([...card.element.querySelectorAll('button')].filter((b) => shown(b))).toEqual([]);
  });

  it('what was open is remembered per file (a card drawn again looks the same)', () => {
    const id = `m${++n}`;
    const first = mount(info({ file_id: id, sha256: 'cd'.repeat(32) }));
    tid(first.element, 'file-sha').click();
    const again = mount(info({ file_id: id, sha256: 'cd'.repeat(32) }));
    expect(tid(again.element, 'file-sha').getAttribute('aria-expanded')).toBe('true');
    expect(shown(tid(again.element, 'file-sha-value'))).toBe(true);
  });
});
