// @vitest-environment jsdom
// The Session files tab wired to a real store and a recording `send`: Start, the state in
// words and the session id, a received file in its row with the shared file card, the
// countdown, answering with Answer… and by dropping a file on a row (and not elsewhere),
// Retry on a failed answer, "Ask again", Abort after a confirmation, errors beside their
// controls, and the end in words. Also the certificate panel and the server form's parts.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DragDropEvent } from '@tauri-apps/api/webview';
import type { Action } from '../src/bindings/Action';
import type { App } from '../src/app';
import type { FileExchangeUpdate } from '../src/bindings/FileExchangeUpdate';
import type { FileInfo } from '../src/bindings/FileInfo';
import type { Profile } from '../src/bindings/Profile';
import { createStore, type Store } from '../src/state/store';
import { lastRequestId, withoutId } from './sent';
import { certPanel } from '../src/views/cert-panel';
import { consoleView } from '../src/views/console';
import { emitForm } from '../src/views/emit-form';
import { dropZone, type DropZone } from '../src/views/files/drop-zone';
import { openServerForm } from '../src/views/server-form';
import { workArea } from '../src/views/shell/work-area';

// The native dialogs run in the backend; here they answer what each test says.
const dialog = vi.hoisted(() => ({ save: vi.fn(), open: vi.fn() }));
vi.mock('../src/ipc', async (original) => ({ ...(await original<typeof import('../src/ipc')>()), chooseFiles: dialog.open, chooseSavePath: dialog.save }));

const ID = 'pku';
const options = (more: Partial<Profile['options']> = {}): Profile['options'] => ({
  url: 'https://127.0.0.1:8443/pku', path: '/socket.io/', query: [], auth: null, headers: [], transport: 'websocket',
  ca_file: null, accept_invalid_certs: false, token_profile: ID, reconnect: true, protocol: { kind: 'file_exchange', answer_limit_secs: 300 }, ...more,
});
const fileExchangeProfile: Profile = { id: ID, name: 'PKU', options: options() };

const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
const settle = () => new Promise((r) => setTimeout(r, 0));
const q = <T extends HTMLElement = HTMLElement>(sel: string, root: ParentNode = document) => root.querySelector(sel) as T;
const qa = (sel: string, root: ParentNode = document) => Array.from(root.querySelectorAll<HTMLElement>(sel));
const tid = <T extends HTMLElement = HTMLElement>(id: string, root: ParentNode = document) => q<T>(`[data-testid=${id}]`, root);
const shown = (node: HTMLElement | null): boolean => {
  for (let n = node; n; n = n.parentElement) if (n.hidden) return false;
  return node !== null;
};
const row = (serverFileId: string) => q(`[data-testid=file-exchange-file][data-server-file-id="${serverFileId}"]`);
const errorOf = (request: string) => qa(`[data-testid=file-exchange-error][data-request=${request}]`).find((e) => e.textContent !== '') ?? null;

let store: Store;
let sent: Action[];
let emitDrag: (e: DragDropEvent) => void;
let zone: DropZone;
const fileExchange = (update: FileExchangeUpdate) => store.apply({ type: 'protocol', id: ID, protocol: 'file_exchange', update });
/** The backend's answer to the last request sent: refused in `error`'s words. */
const refuseLast = (error: string) => store.apply({ type: 'answer', id: ID, request_id: lastRequestId(), error });
const fileExchangeActions = () => sent.flatMap((a) => (a.type === 'request' && a.protocol === 'file_exchange' ? [a.action.type] : []));
const received = (file_id: string, name: string, more: Partial<FileInfo> = {}): FileInfo =>
  ({ file_id, conn: ID, direction: 'received', name, size: 120, is_text: true, target: name, time: Date.now(), sha256: 'ab'.repeat(32), state: 'received', ...more }) as FileInfo;
const answer = (file_id: string, target: string, more: Partial<FileInfo> = {}): FileInfo =>
  ({ file_id, conn: ID, direction: 'sent', name: 'answer.txt', size: 12, is_text: true, target, state: 'reading', done: 0, total: 12, ...more }) as FileInfo;

function mount(send: App['send'] = async (a) => (a.type === 'history' || sent.push(withoutId(a)), null)) {
  document.body.replaceChildren();
  store = createStore();
  sent = [];
  const app: App = { store, send };
  zone = dropZone(async (handler) => ((emitDrag = handler), () => undefined));
  document.body.append(certPanel(app), workArea(app, [consoleView(app), emitForm(app)]), zone.element);
  store.apply({ type: 'profiles', profiles: [fileExchangeProfile] });
  store.apply({ type: 'connection', id: ID, state: 'connected' });
}

async function startedWith(...files: [string, string, number?][]) {
  tid('file-exchange-start').click();
  await settle();
  fileExchange({ type: 'started', session_id: 'sess-42' });
  store.apply({ type: 'answer', id: ID, request_id: lastRequestId() });
  for (const [serverFileId, fileId, since] of files) {
    store.apply({ type: 'file', file: received(fileId, serverFileId) });
    fileExchange({ type: 'file_available', server_file_id: serverFileId, file_id: fileId, since: since ?? Date.now(), repeat: false });
  }
  await frame();
}

/** elementFromPoint in jsdom: whatever the test says lies under the point. */
function under(node: Element | null) {
  document.elementFromPoint = vi.fn(() => node) as typeof document.elementFromPoint;
}
const position = { x: 100, y: 100 } as DragDropEvent extends { position: infer P } ? P : never;

beforeEach(async () => {
  dialog.open.mockReset();
  mount();
  await zone.ready;
  await frame();
});
afterEach(() => {
  zone.dispose();
  vi.restoreAllMocks();
});

describe('the session', () => {
  it('a file exchange server offers Session files (default) and Console', () => {
    expect(shown(tid('tab-files'))).toBe(true);
    expect(tid('tab-files').textContent).toBe('Session files');
    expect(tid('tab-files').getAttribute('aria-selected')).toBe('true');
    expect(shown(tid('file-exchange-view'))).toBe(true);
    expect(tid('file-exchange-state').dataset.state).toBe('none');
    expect(tid('file-exchange-state').textContent).toBe('No session. Start one to receive the server’s files.');
    expect(shown(tid('file-exchange-abort'))).toBe(false);
    expect(shown(tid('file-exchange-session-id'))).toBe(false);
  });

  it('Start: starting, then running with its id; Start gives way to Abort', async () => {
    tid('file-exchange-start').click();
    await settle();
    expect(sent).toEqual([{ type: 'request', id: ID, protocol: 'file_exchange', action: { type: 'start' } }]);
    await frame();
    expect(tid('file-exchange-state').dataset.state).toBe('starting');
    expect(tid<HTMLButtonElement>('file-exchange-start').disabled).toBe(true);
    fileExchange({ type: 'started', session_id: 'sess-42' });
    await frame();
    expect(tid('file-exchange-state').dataset.state).toBe('active');
    expect(tid('file-exchange-state').textContent).toBe('Session running');
    expect(tid('file-exchange-session-id').textContent).toBe('sess-42');
    expect(shown(tid('file-exchange-start'))).toBe(false);
    expect(shown(tid('file-exchange-abort'))).toBe(true);
    expect(tid('file-exchange-files').hidden).toBe(true);
    expect(q('.file-exchange-files-empty').textContent).toBe('Waiting for the server’s first file…');
  });

  it('a refused start is said beside Start', async () => {
    tid('file-exchange-start').click();
    await settle();
    refuseLast('too many sessions');
    await frame();
    expect(errorOf('start')?.textContent).toBe('too many sessions');
    expect(tid('file-exchange-state').dataset.state).toBe('none');
  });

  it('offline: Start is closed and the view says why', async () => {
    store.apply({ type: 'connection', id: ID, state: 'disconnected', reason: '' });
    await frame();
    expect(shown(tid('file-exchange-offline'))).toBe(true);
    expect(tid<HTMLButtonElement>('file-exchange-start').disabled).toBe(true);
    expect(tid<HTMLButtonElement>('file-exchange-send-logs').disabled).toBe(true);
  });

  it('Abort asks first; confirmed, it sends abort; the end in words', async () => {
    await startedWith(['file-1', 'in-1']);
    tid('file-exchange-abort').click();
    await settle();
    expect(fileExchangeActions()).toEqual(['start']);
    tid('confirm-ok').click();
    await settle();
    expect(fileExchangeActions()).toEqual(['start', 'abort']);
    fileExchange({ type: 'ended', end: { reason: 'aborted' } });
    await frame();
    expect(tid('file-exchange-state').dataset.state).toBe('ended');
    expect(tid('file-exchange-end').textContent).toBe('Aborted: you stopped the session');
    expect(shown(tid('file-exchange-start'))).toBe(true);
  });

  it('Send logs; the server’s confirmation shows', async () => {
    tid('file-exchange-send-logs').click();
    await settle();
    expect(fileExchangeActions()).toEqual(['send_logs']);
    expect(shown(tid('file-exchange-logs-sent'))).toBe(false);
    fileExchange({ type: 'logs_sent' });
    await frame();
    expect(shown(tid('file-exchange-logs-sent'))).toBe(true);
  });

  it('resumed after a dropped connection, or not', async () => {
    await startedWith();
    fileExchange({ type: 'resumed', session_id: 'sess-42', resumed: true });
    await frame();
    expect(tid('file-exchange-resumed').textContent).toBe('Session resumed after the connection dropped.');
    fileExchange({ type: 'resumed', session_id: 'sess-42', resumed: false, message: 'unknown session' });
    await frame();
    expect(tid('file-exchange-resumed').textContent).toBe('Could not resume: unknown session');
  });

  it('the token refused: said at the top, with the way to fix it', async () => {
    fileExchange({ type: 'auth_error', message: 'invalid token' });
    await frame();
    expect(shown(tid('file-exchange-auth-error'))).toBe(true);
    expect(tid('file-exchange-auth-error').textContent).toContain('The server refused the token: invalid token');
  });
});

describe('the files', () => {
  it('each in its row with the shared file card, its state, and the countdown for the oldest', async () => {
    await startedWith(['file-1', 'in-1', Date.now() - 250_000], ['file-2', 'in-2']);
    expect(qa('[data-testid=file-exchange-file]').map((r) => r.dataset.serverFileId)).toEqual(['file-1', 'file-2']);
    const r = row('file-1');
    expect(r.dataset.answerState).toBe('received');
    expect(tid('file-exchange-answer-state', r).textContent).toBe('Not answered');
    expect(tid('file-card', tid('file-exchange-received-file', r)).dataset.fileId).toBe('in-1');
    expect(shown(tid('file-preview', r))).toBe(true);
    expect(shown(tid('file-exchange-answer', r))).toBe(true);
    const clock = tid('file-exchange-countdown');
    expect(clock.textContent).toMatch(/^00:(49|50) left to answer file-1$/);
    expect(clock.classList.contains('warning')).toBe(true);
  });

  it('the countdown is calm with time to spare, and gone once all are answered', async () => {
    await startedWith(['file-1', 'in-1']);
    expect(tid('file-exchange-countdown').textContent).toMatch(/^(05:00|04:59) left to answer file-1$/);
    expect(tid('file-exchange-countdown').classList.contains('warning')).toBe(false);
    fileExchange({ type: 'answer', server_file_id: 'file-1', file_id: 'out-1', state: 'answered' });
    await frame();
    expect(shown(tid('file-exchange-countdown'))).toBe(false);
  });

  it('Answer… picks one file and sends it for that server file', async () => {
    await startedWith(['file-1', 'in-1']);
    dialog.open.mockResolvedValue(['/home/me/result.txt']);
    tid('file-exchange-answer', row('file-1')).click();
    await settle();
    await settle();
    expect(dialog.open).toHaveBeenCalledWith(expect.any(String), false);
    expect(sent.at(-1)).toEqual({ type: 'send_file', id: ID, path: '/home/me/result.txt', target: 'file-1' });
  });

  it('a refused answer file is said on its row', async () => {
    mount(async (a) => (a.type === 'history' || sent.push(withoutId(a)), a.type === 'send_file' ? { kind: 'file', message: 'too large' } : null));
    await frame();
    await startedWith(['file-1', 'in-1']);
    dialog.open.mockResolvedValue(['/big.iso']);
    tid('file-exchange-answer', row('file-1')).click();
    await settle();
    await settle();
    await frame();
    expect(q('[data-testid=file-exchange-error][data-request=send_file]', row('file-1')).textContent).toContain('too large');
  });

  it('a file dropped on a row answers that file; the row is highlighted while dragging', async () => {
    await startedWith(['file-1', 'in-1'], ['file-2', 'in-2']);
    under(tid('file-name', row('file-2')));
    emitDrag({ type: 'enter', paths: ['/home/me/answer.csv'], position } as DragDropEvent);
    expect(zone.element.hidden).toBe(false);
    expect(zone.element.textContent).toBe('Drop to answer file-2');
    expect(row('file-2').classList.contains('drop-here')).toBe(true);
    expect(row('file-1').classList.contains('drop-here')).toBe(false);
    emitDrag({ type: 'drop', paths: ['/home/me/answer.csv'], position } as DragDropEvent);
    await settle();
    expect(row('file-2').classList.contains('drop-here')).toBe(false);
    expect(sent.at(-1)).toEqual({ type: 'send_file', id: ID, path: '/home/me/answer.csv', target: 'file-2' });
  });

  it('not over a row: the overlay says to drop on a file, and a drop there sends nothing', async () => {
    await startedWith(['file-1', 'in-1']);
    under(tid('file-exchange-session'));
    emitDrag({ type: 'enter', paths: ['/a.txt'], position } as DragDropEvent);
    expect(zone.element.textContent).toBe('Drop the file on one of the server’s files to answer it');
    emitDrag({ type: 'drop', paths: ['/a.txt'], position } as DragDropEvent);
    await settle();
    expect(sent.filter((a) => a.type === 'send_file')).toEqual([]);
  });

  it('two files on one row are refused there; no session, no drop', async () => {
    await startedWith(['file-1', 'in-1']);
    under(row('file-1'));
    emitDrag({ type: 'drop', paths: ['/a', '/b'], position } as DragDropEvent);
    await frame();
    expect(q('[data-testid=file-exchange-error][data-request=send_file]', row('file-1')).textContent).toBe(
      'Drop one file: each of the server’s files takes one answer.',
    );
    fileExchange({ type: 'ended', end: { reason: 'finish' } });
    await frame();
    emitDrag({ type: 'enter', paths: ['/a'], position } as DragDropEvent);
    expect(zone.element.hidden).toBe(true);
  });

  it('answering, failed with Retry on my answer, then answered', async () => {
    await startedWith(['file-1', 'in-1']);
    store.apply({ type: 'file', file: answer('out-1', 'file-1') });
    await frame();
    expect(row('file-1').dataset.answerState).toBe('answering');
    expect(shown(tid('file-exchange-answer', row('file-1')))).toBe(false);
    const reason = 'storage is busy, send again';
    store.apply({ type: 'file', file: answer('out-1', 'file-1', { state: 'failed', reason } as Partial<FileInfo>) });
    fileExchange({ type: 'answer', server_file_id: 'file-1', file_id: 'out-1', state: 'failed', reason });
    await frame();
    const r = row('file-1');
    expect(r.dataset.answerState).toBe('failed');
    expect(tid('file-exchange-answer-state', r).textContent).toBe('Answer failed');
    const mine = tid('file-exchange-answer-file', r);
    expect(tid('file-reason', mine).textContent).toContain(reason);
    // The received file's Retry stays hidden (it did not fail); my answer's shows.
    expect(shown(tid('file-retry', tid('file-exchange-received-file', r)))).toBe(false);
    tid('file-retry', mine).click();
    await settle();
    expect(sent.at(-1)).toEqual({ type: 'retry_file', file_id: 'out-1' });
    fileExchange({ type: 'answer', server_file_id: 'file-1', file_id: 'out-1', state: 'answered' });
    await frame();
    expect(row('file-1').dataset.answerState).toBe('answered');
    expect(tid('file-exchange-answer-state', row('file-1')).textContent).toBe('Answered');
  });

  it('Ask again asks the server for the file once more; a failed received file offers Retry on its card', async () => {
    await startedWith(['file-1', 'in-1']);
    tid('file-exchange-repeat', row('file-1')).click();
    await settle();
    expect(sent.at(-1)).toEqual({ type: 'retry_file', file_id: 'in-1' });
    // The server's refusal of Ask again answers no request of ours: it shows at the top.
    fileExchange({ type: 'error', message: 'not sent yet' });
    await frame();
    expect(errorOf('general')?.textContent).toBe('not sent yet');
    store.apply({ type: 'file', file: received('in-1', 'file-1', { state: 'failed', reason: 'bad base64' } as Partial<FileInfo>) });
    await frame();
    const card = tid('file-exchange-received-file', row('file-1'));
    expect(shown(tid('file-retry', card))).toBe(true);
    expect(shown(tid('file-exchange-repeat', row('file-1')))).toBe(false);
  });

  it('the end in words: finished, or closed on timeout naming the file', async () => {
    await startedWith(['file-1', 'in-1'], ['file-2', 'in-2']);
    fileExchange({ type: 'answer', server_file_id: 'file-1', file_id: 'o1', state: 'answered' });
    fileExchange({ type: 'answer', server_file_id: 'file-2', file_id: 'o2', state: 'answered' });
    fileExchange({ type: 'ended', end: { reason: 'finish' } });
    await frame();
    expect(tid('file-exchange-end').textContent).toBe('Finished: all 2 files answered');
    await startedWith(['file-1', 'in-3']);
    expect(shown(tid('file-exchange-end'))).toBe(false);
    expect(qa('[data-testid=file-exchange-file]')).toHaveLength(1);
    fileExchange({ type: 'ended', end: { reason: 'timeout_close', missing: 'file-1' } });
    await frame();
    expect(tid('file-exchange-end').textContent).toBe('Closed on timeout: file file-1 was not answered in time');
    fileExchange({ type: 'ended', end: { reason: 'other', text: 'the server closed the session' } });
    await frame();
    expect(tid('file-exchange-end').textContent).toBe('Ended: the server closed the session');
  });

  it('server file ids are text, never markup', async () => {
    const hostile = '<img src=x onerror=alert(1)>';
    await startedWith([hostile, 'in-h']);
    expect(document.querySelectorAll('img')).toHaveLength(0);
    expect(q('.file-exchange-file-name').textContent).toBe(hostile);
  });
});

describe('the certificate panel', () => {
  const FP = '3F:A9:0C:71';
  it('says the certificate is not trusted, shows the fingerprint; Accept saves it for this server and connects', async () => {
    expect(tid('cert-panel').hidden).toBe(true);
    store.apply({ type: 'certificate', id: ID, sha256: FP, changed: false });
    store.apply({ type: 'connection', id: ID, state: 'disconnected', reason: 'Could not connect' });
    await frame();
    expect(shown(tid('cert-panel'))).toBe(true);
    expect(tid('cert-title').textContent).toBe('This server’s certificate is not trusted by your system');
    expect(tid('cert-fingerprint').textContent).toBe(FP);
    tid('cert-accept').click();
    await settle();
    await settle();
    const trusted = { ...options(), trusted_cert_sha256: FP };
    expect(sent).toEqual([
      { type: 'save_profile', profile: { ...fileExchangeProfile, options: trusted } },
      { type: 'connect', id: ID, options: trusted },
    ]);
    await frame();
    expect(tid('cert-panel').hidden).toBe(true);
  });

  it('a changed certificate says so; Cancel sends nothing and hides the panel', async () => {
    store.apply({ type: 'certificate', id: ID, sha256: FP, changed: true });
    await frame();
    expect(tid('cert-title').textContent).toBe('This server’s certificate has CHANGED since you accepted it');
    expect(tid('cert-panel').classList.contains('changed')).toBe(true);
    tid('cert-cancel').click();
    await frame();
    expect(tid('cert-panel').hidden).toBe(true);
    expect(sent).toEqual([]);
  });
});

describe('server form: file exchange sessions', () => {
  const save = async () => {
    (document.querySelector('dialog form') as HTMLFormElement).requestSubmit();
    await frame();
    const a = sent.find((x) => x.type === 'save_profile');
    return a && a.type === 'save_profile' ? a.profile : undefined;
  };
  const type = (id: string, value: string) => {
    const input = tid<HTMLInputElement>(id);
    input.value = value;
    input.dispatchEvent(new Event('input', { bubbles: true }));
  };
  const choose = (value: string) => {
    const protocol = tid<HTMLSelectElement>('server-protocol');
    protocol.value = value;
    protocol.dispatchEvent(new Event('change', { bubbles: true }));
  };

  it('choosing it sets WebSocket and asks the answer limit; saved in seconds', async () => {
    const app: App = { store, send: async (a) => (a.type === 'history' || sent.push(withoutId(a)), null) };
    openServerForm(app, null);
    type('server-name', 'PKU');
    type('server-url', 'https://127.0.0.1:8443/pku');
    const limit = tid('server-answer-limit');
    expect(shown(limit)).toBe(false);
    expect(tid<HTMLSelectElement>('server-transport').value).toBe('any');
    choose('file_exchange');
    expect([...tid<HTMLSelectElement>('server-protocol').options].find((o) => o.value === 'file_exchange')?.textContent).toBe('File exchange sessions');
    expect(tid<HTMLSelectElement>('server-transport').value).toBe('websocket');
    expect(shown(limit)).toBe(true);
    expect(limit.closest('.field')?.querySelector('label')?.textContent).toBe('Answer time limit (s)');
    type('server-answer-limit', '90');
    const p = await save();
    expect(p?.options.protocol).toEqual({ kind: 'file_exchange', answer_limit_secs: 90 });
    expect(p?.options.transport).toBe('websocket');
  });

  it('empty: the default (left out); nonsense is refused beside the field; another protocol hides it', async () => {
    const app: App = { store, send: async (a) => (a.type === 'history' || sent.push(withoutId(a)), null) };
    openServerForm(app, null);
    type('server-name', 'PKU');
    type('server-url', 'https://127.0.0.1:8443/pku');
    choose('file_exchange');
    type('server-answer-limit', '1.5');
    expect(await save()).toBeUndefined();
    expect(tid('server-answer-limit').getAttribute('aria-invalid')).toBe('true');
    choose('space');
    expect(shown(tid('server-answer-limit'))).toBe(false);
    choose('file_exchange');
    type('server-answer-limit', '');
    const p = await save();
    expect(p?.options.protocol).toEqual({ kind: 'file_exchange' });
  });

  it('editing shows the limit and keeps the accepted certificate', async () => {
    const app: App = { store, send: async (a) => (a.type === 'history' || sent.push(withoutId(a)), null) };
    openServerForm(app, { ...fileExchangeProfile, options: { ...options({ protocol: { kind: 'file_exchange', answer_limit_secs: 45 } }), trusted_cert_sha256: 'AA:BB' } });
    expect(tid<HTMLInputElement>('server-answer-limit').value).toBe('45');
    expect(shown(tid('server-answer-limit'))).toBe(true);
    const p = await save();
    expect(p?.options.trusted_cert_sha256).toBe('AA:BB');
    expect(p?.options.protocol).toEqual({ kind: 'file_exchange', answer_limit_secs: 45 });
  });
});
