// File exchange state of one connection: the session's course, the server's files in
// order with their answers (from the backend's `answer` updates and from my sent files),
// repeats, the requests (state/requests.ts) that concern them, reconnects, the countdown, and the
// answer time limit as typed in the server form.
import { describe, expect, it } from 'vitest';
import type { FileExchangeUpdate } from '../src/bindings/FileExchangeUpdate';
import type { FileInfo } from '../src/bindings/FileInfo';
import {
  answerLimitSecs,
  answerWords,
  applyFileExchangeFile,
  applyFileExchangeUpdate,
  canAnswer,
  clockText,
  emptyFileExchange,
  fileExchangeConnection,
  fileExchangePhase,
  oldestOpen,
  parseAnswerLimit,
  timeLeft,
  type FileExchange,
} from '../src/state/file-exchange';
import { emptyRequests, failureOf, isAsking } from '../src/state/requests';
import { initialState, reduce, type Input, type State } from '../src/state/store';

const run = (updates: FileExchangeUpdate[], s: FileExchange = emptyFileExchange()) => updates.reduce(applyFileExchangeUpdate, s);
const available = (server_file_id: string, file_id: string, since: number, repeat = false): FileExchangeUpdate => ({
  type: 'file_available', server_file_id, file_id, since, repeat,
});
const sent = (file_id: string, target: string, state: Partial<FileInfo> & Pick<FileInfo, 'state'>): FileInfo =>
  ({ file_id, conn: 'pku', direction: 'sent', name: 'answer.txt', size: 3, is_text: true, target, ...state }) as FileInfo;
const started = () => run([{ type: 'started', session_id: 's1' }, available('file-1', 'in-1', 1000)]);

// Requests go through the store (state/requests.ts beside the session's own state).
const store = (inputs: Input[], s: State = initialState()) => inputs.reduce(reduce, s);
const fx = (update: FileExchangeUpdate): Input => ({ type: 'protocol', id: 'pku', protocol: 'file_exchange', update });
let lastId = 0;
const ask = (kind: string, key: string | null = null): Input => {
  const request = { id: ++lastId, kind, key };
  return kind === 'start' || kind === 'abort' || kind === 'send_logs'
    ? { type: 'ui/request', id: 'pku', request, action: { type: 'request', id: 'pku', request_id: lastId, protocol: 'file_exchange', action: { type: kind } } }
    : { type: 'ui/request', id: 'pku', request };
};
const answer = (request_id = lastId, error?: string): Input => ({ type: 'answer', id: 'pku', request_id, error });
const fe = (s: State) => s.conns.pku.fileExchange;
const reqs = (s: State) => s.conns.pku.requests;
const phase = (s: State) => fileExchangePhase(s.conns.pku?.fileExchange ?? emptyFileExchange(), isAsking(s.conns.pku?.requests ?? emptyRequests(), 'start'));

describe('file exchange: the session', () => {
  it('none → starting → active → ended, the phase in words', () => {
    let s = store([]);
    expect(phase(s)).toBe('none');
    s = store([ask('start')], s);
    expect(phase(s)).toBe('starting');
    s = store([fx({ type: 'started', session_id: 's1' }), answer()], s);
    expect(fe(s).session).toEqual({ state: 'active', id: 's1' });
    expect(phase(s)).toBe('active');
    expect(reqs(s).pending).toEqual([]);
    s = store([fx({ type: 'ended', end: { reason: 'finish' } })], s);
    expect(fe(s).session).toEqual({ state: 'ended', id: 's1', end: { reason: 'finish' } });
    expect(phase(s)).toBe('ended');
  });

  it('a new session starts with an empty list and no old refusals or notices; the server’s own error stays', () => {
    let s = store([fx({ type: 'started', session_id: 's1' }), fx(available('file-1', 'in-1', 1000))]);
    s = store([ask('retry_file', 'file-1'), answer(lastId, 'no'), ask('send_logs'), answer(lastId, 'not now'), fx({ type: 'error', message: 'odd' })], s);
    s = store([fx({ type: 'resumed', session_id: 's1', resumed: true }), fx({ type: 'ended', end: { reason: 'aborted' } })], s);
    s = store([ask('start'), fx({ type: 'started', session_id: 's2' }), answer()], s);
    expect(fe(s).files).toEqual([]);
    expect(failureOf(reqs(s), 'retry_file')).toBeNull();
    expect(failureOf(reqs(s), 'send_logs')).toBeNull();
    expect(fe(s).error).toBe('odd');
    expect(fe(s).resumed).toBeNull();
    expect(fe(s).session).toEqual({ state: 'active', id: 's2' });
  });

  it('a refused start: the refusal beside Start, the phase back to where it was', () => {
    let s = store([ask('start'), answer(lastId, 'busy')]);
    expect(phase(s)).toBe('none');
    expect(failureOf(reqs(s), 'start')?.message).toBe('busy');
    // Trying again clears it.
    s = store([ask('start')], s);
    expect(failureOf(reqs(s), 'start')).toBeNull();
  });

  it('abort and logs are open until answered; a new logs request says not sent yet; the server’s own error goes to the top', () => {
    let s = store([fx({ type: 'started', session_id: 's1' }), ask('abort')]);
    expect(isAsking(reqs(s), 'abort')).toBe(true);
    s = store([fx({ type: 'ended', end: { reason: 'aborted' } }), answer()], s);
    expect(isAsking(reqs(s), 'abort')).toBe(false);
    s = store([ask('send_logs'), fx({ type: 'logs_sent' }), answer()], s);
    expect(fe(s).logsSent).toBe(true);
    expect(reqs(s).pending).toEqual([]);
    s = store([ask('send_logs')], s);
    expect(fe(s).logsSent).toBe(false);
    s = store([fx({ type: 'error', message: 'odd' })], s);
    expect(fe(s).error).toBe('odd');
  });

  it('a rejected request is its refusal; a backend error answers none', () => {
    let s = store([ask('send_logs'), answer(lastId, 'Not connected: closed')]);
    expect(failureOf(reqs(s), 'send_logs')?.message).toBe('Not connected: closed');
    s = store([ask('abort'), { type: 'error', id: 'pku', error: { kind: 'not_connected', message: 'closed' } }], s);
    expect(isAsking(reqs(s), 'abort')).toBe(true);
  });

  it('the token refused, then a new connection asks again', () => {
    let s = run([{ type: 'auth_error', message: 'invalid token' }]);
    expect(s.authError).toBe('invalid token');
    s = fileExchangeConnection(s, { state: 'connected' });
    expect(s.authError).toBeNull();
  });

  it('a reconnect keeps the session and says whether it was resumed; a closed connection loses it and its open requests', () => {
    let s = store([fx({ type: 'started', session_id: 's1' }), fx(available('file-1', 'in-1', 1000)), ask('send_logs')]);
    s = store([{ type: 'connection', id: 'pku', state: 'reconnecting', attempt: 1, delay_ms: 1000 }, { type: 'connection', id: 'pku', state: 'connected' }], s);
    expect(fe(s).session).toEqual({ state: 'active', id: 's1' });
    expect(isAsking(reqs(s), 'send_logs')).toBe(true);
    s = store([fx({ type: 'resumed', session_id: 's1', resumed: true })], s);
    expect(fe(s).resumed).toEqual({ ok: true, message: null });
    s = store([{ type: 'connection', id: 'pku', state: 'disconnected', reason: '' }], s);
    expect(fe(s).session).toEqual({ state: 'lost', id: 's1' });
    expect(phase(s)).toBe('lost');
    expect(reqs(s).pending).toEqual([]);
    expect(fe(s).files).toHaveLength(1);
  });

  it('a refused resume: said in words, then the end', () => {
    let s = started();
    s = applyFileExchangeUpdate(s, { type: 'resumed', session_id: 's1', resumed: false, message: 'session has ended' });
    s = applyFileExchangeUpdate(s, { type: 'ended', end: { reason: 'other', text: 'session has ended' } });
    expect(s.resumed).toEqual({ ok: false, message: 'session has ended' });
    expect(s.session.state).toBe('ended');
  });
});

describe('file exchange: the server files and my answers', () => {
  it('files in the order they came; a repeat counts, not a new row', () => {
    let s = run([available('file-2', 'in-2', 2000)], started());
    expect(s.files.map((f) => f.serverFileId)).toEqual(['file-1', 'file-2']);
    s = applyFileExchangeUpdate(s, available('file-1', 'in-1', 1000, true));
    expect(s.files[0]).toMatchObject({ serverFileId: 'file-1', fileId: 'in-1', repeats: 1, since: 1000 });
    expect(s.files).toHaveLength(2);
  });

  it('a refused repeat is kept for its row (its key)', () => {
    const s = store([ask('retry_file', 'file-1'), answer(lastId, 'that file is not part of this session')]);
    expect(failureOf(reqs(s), 'retry_file')).toMatchObject({ key: 'file-1', message: 'that file is not part of this session' });
  });

  it('my file for a server file is its answer from the moment it is read; the server says answered', () => {
    let s = started();
    expect(answerWords(s.files[0])).toBe('received');
    expect(canAnswer(s.files[0])).toBe(true);
    s = applyFileExchangeFile(s, sent('out-1', 'file-1', { state: 'reading', done: 0, total: 3 } as Partial<FileInfo> & Pick<FileInfo, 'state'>));
    expect(s.files[0].answer).toEqual({ fileId: 'out-1', state: 'answering' });
    expect(canAnswer(s.files[0])).toBe(false);
    s = applyFileExchangeUpdate(s, { type: 'answer', server_file_id: 'file-1', file_id: 'out-1', state: 'answering' });
    s = applyFileExchangeFile(s, sent('out-1', 'file-1', { state: 'sent' }));
    expect(answerWords(s.files[0])).toBe('answering');
    s = applyFileExchangeUpdate(s, { type: 'answer', server_file_id: 'file-1', file_id: 'out-1', state: 'answered' });
    expect(answerWords(s.files[0])).toBe('answered');
    // Another file for it later changes nothing.
    const after = applyFileExchangeFile(s, sent('out-9', 'file-1', { state: 'reading', done: 0, total: 1 } as Partial<FileInfo> & Pick<FileInfo, 'state'>));
    expect(after).toBe(s);
  });

  it('a failed answer: retried (the same file) or replaced by another; a cancelled read is no answer', () => {
    let s = started();
    s = applyFileExchangeFile(s, sent('out-1', 'file-1', { state: 'reading', done: 0, total: 3 } as Partial<FileInfo> & Pick<FileInfo, 'state'>));
    s = applyFileExchangeUpdate(s, { type: 'answer', server_file_id: 'file-1', file_id: 'out-1', state: 'failed', reason: 'storage is busy' });
    expect(s.files[0].answer).toEqual({ fileId: 'out-1', state: 'failed', reason: 'storage is busy' });
    expect(canAnswer(s.files[0])).toBe(true);
    // Retry reads the same file again.
    s = applyFileExchangeFile(s, sent('out-1', 'file-1', { state: 'reading', done: 0, total: 3 } as Partial<FileInfo> & Pick<FileInfo, 'state'>));
    expect(s.files[0].answer).toEqual({ fileId: 'out-1', state: 'answering' });
    s = applyFileExchangeFile(s, sent('out-1', 'file-1', { state: 'failed', reason: 'unreadable' } as Partial<FileInfo> & Pick<FileInfo, 'state'>));
    expect(answerWords(s.files[0])).toBe('failed');
    // A late word about the failed file does not undo a new answer.
    s = applyFileExchangeFile(s, sent('out-2', 'file-1', { state: 'reading', done: 0, total: 3 } as Partial<FileInfo> & Pick<FileInfo, 'state'>));
    expect(s.files[0].answer?.fileId).toBe('out-2');
    expect(applyFileExchangeFile(s, sent('out-1', 'file-1', { state: 'failed', reason: 'x' } as Partial<FileInfo> & Pick<FileInfo, 'state'>))).toBe(s);
    s = applyFileExchangeFile(s, sent('out-2', 'file-1', { state: 'cancelled' }));
    expect(s.files[0].answer).toBeNull();
  });

  it('received files and files for no row change nothing', () => {
    const s = started();
    expect(applyFileExchangeFile(s, { ...sent('in-1', 'file-1', { state: 'received' }), direction: 'received' })).toBe(s);
    expect(applyFileExchangeFile(s, sent('out-1', 'general', { state: 'sent' }))).toBe(s);
  });

  it('a refused answer file is shown on its row until the next answer goes', () => {
    let s = store([fx({ type: 'started', session_id: 's1' }), fx(available('file-1', 'in-1', 1000)), ask('send_file', 'file-1'), answer(lastId, 'too large')]);
    expect(failureOf(reqs(s), 'send_file')).toMatchObject({ key: 'file-1', message: 'too large' });
    s = store([fx({ type: 'answer', server_file_id: 'file-1', file_id: 'out-1', state: 'answering' })], s);
    expect(failureOf(reqs(s), 'send_file')).toBeNull();
  });
});

describe('file exchange: the countdown', () => {
  it('runs for the oldest file without a confirmed answer', () => {
    let s = run([available('file-2', 'in-2', 5000)], started());
    expect(oldestOpen(s)?.serverFileId).toBe('file-1');
    expect(timeLeft(s, 300, 1000 + 60_000)).toEqual({ file: s.files[0], ms: 240_000 });
    s = applyFileExchangeUpdate(s, { type: 'answer', server_file_id: 'file-1', file_id: 'out-1', state: 'answered' });
    expect(timeLeft(s, 300, 5000)?.file.serverFileId).toBe('file-2');
    // Never below zero.
    expect(timeLeft(s, 1, 1_000_000)?.ms).toBe(0);
    s = applyFileExchangeUpdate(s, { type: 'answer', server_file_id: 'file-2', file_id: 'out-2', state: 'answered' });
    expect(timeLeft(s, 300, 5000)).toBeNull();
  });

  it('only while the session runs', () => {
    const s = applyFileExchangeUpdate(started(), { type: 'ended', end: { reason: 'timeout_close', missing: 'file-1' } });
    expect(timeLeft(s, 300, 1000)).toBeNull();
  });

  it('as a clock', () => {
    expect(clockText(300_000)).toBe('05:00');
    expect(clockText(299_001)).toBe('05:00');
    expect(clockText(299_000)).toBe('04:59');
    expect(clockText(59_000)).toBe('00:59');
    expect(clockText(0)).toBe('00:00');
    expect(clockText(-5)).toBe('00:00');
    expect(clockText(3_723_000)).toBe('1:02:03');
  });

  it('the limit: the server’s setting, else 300 s', () => {
    expect(answerLimitSecs(undefined)).toBe(300);
    expect(answerLimitSecs(0)).toBe(300);
    expect(answerLimitSecs(90)).toBe(90);
  });

  it('the limit as typed: whole seconds from 1 to a day, empty for the default', () => {
    expect(parseAnswerLimit('')).toEqual({ ok: true, secs: null });
    expect(parseAnswerLimit(' 120 ')).toEqual({ ok: true, secs: 120 });
    for (const bad of ['0', '-3', '1.5', 'abc', '86401']) expect(parseAnswerLimit(bad)).toEqual({ ok: false });
  });
});
