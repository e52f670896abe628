// File exchange state of one connection: the session's course, the server's files in
// order with their answers (from the backend's `answer` updates and from my sent files),
// repeats, errors per request, requests still open, reconnects, the countdown, and the
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
  fileExchangeBackendError,
  fileExchangeConnection,
  fileExchangePhase,
  fileExchangeRefused,
  fileExchangeRequested,
  isAsking,
  oldestOpen,
  parseAnswerLimit,
  timeLeft,
  type FileExchange,
} from '../src/state/file-exchange';

const run = (updates: FileExchangeUpdate[], s: FileExchange = emptyFileExchange()) => updates.reduce(applyFileExchangeUpdate, s);
const available = (server_file_id: string, file_id: string, since: number, repeat = false): FileExchangeUpdate => ({
  type: 'file_available', server_file_id, file_id, since, repeat,
});
const sent = (file_id: string, target: string, state: Partial<FileInfo> & Pick<FileInfo, 'state'>): FileInfo =>
  ({ file_id, conn: 'pku', direction: 'sent', name: 'answer.txt', size: 3, is_text: true, target, ...state }) as FileInfo;
const started = () => run([{ type: 'started', session_id: 's1' }, available('file-1', 'in-1', 1000)]);

describe('file exchange: the session', () => {
  it('none → starting → active → ended, the phase in words', () => {
    let s = emptyFileExchange();
    expect(fileExchangePhase(s)).toBe('none');
    s = fileExchangeRequested(s, { request: 'session-start' });
    expect(fileExchangePhase(s)).toBe('starting');
    s = applyFileExchangeUpdate(s, { type: 'started', session_id: 's1' });
    expect(s.session).toEqual({ state: 'active', id: 's1' });
    expect(fileExchangePhase(s)).toBe('active');
    expect(s.pending).toEqual([]);
    s = applyFileExchangeUpdate(s, { type: 'ended', end: { reason: 'finish' } });
    expect(s.session).toEqual({ state: 'ended', id: 's1', end: { reason: 'finish' } });
    expect(fileExchangePhase(s)).toBe('ended');
  });

  it('a new session starts with an empty list and no old errors or notices', () => {
    let s = started();
    s = applyFileExchangeUpdate(s, { type: 'error', request: 'session-file-repeat', message: 'no' });
    s = applyFileExchangeUpdate(s, { type: 'resumed', session_id: 's1', resumed: true });
    s = applyFileExchangeUpdate(s, { type: 'ended', end: { reason: 'aborted' } });
    s = applyFileExchangeUpdate(s, { type: 'started', session_id: 's2' });
    expect(s.files).toEqual([]);
    expect(s.errors).toEqual({});
    expect(s.resumed).toBeNull();
    expect(s.session).toEqual({ state: 'active', id: 's2' });
  });

  it('a refused start: the error beside Start, the phase back to where it was', () => {
    let s = fileExchangeRequested(emptyFileExchange(), { request: 'session-start' });
    s = applyFileExchangeUpdate(s, { type: 'error', request: 'session-start', message: 'busy' });
    expect(fileExchangePhase(s)).toBe('none');
    expect(s.errors['session-start']).toEqual({ message: 'busy', serverFileId: null });
    // Trying again clears it.
    s = fileExchangeRequested(s, { request: 'session-start' });
    expect(s.errors['session-start']).toBeUndefined();
  });

  it('abort is answered by the end; logs by logs_sent; an unknown request goes to the top', () => {
    let s = fileExchangeRequested(started(), { request: 'session-client-abort' });
    expect(isAsking(s, 'session-client-abort')).toBe(true);
    s = applyFileExchangeUpdate(s, { type: 'ended', end: { reason: 'aborted' } });
    expect(isAsking(s, 'session-client-abort')).toBe(false);
    s = fileExchangeRequested(s, { request: 'logs-send' });
    s = applyFileExchangeUpdate(s, { type: 'logs_sent' });
    expect(s.logsSent).toBe(true);
    expect(s.pending).toEqual([]);
    s = fileExchangeRequested(s, { request: 'logs-send' });
    expect(s.logsSent).toBe(false);
    s = applyFileExchangeUpdate(s, { type: 'error', request: 'something-else', message: 'odd' });
    expect(s.errors.general?.message).toBe('odd');
  });

  it('the backend refuses an open request: it goes to the oldest one', () => {
    let s = fileExchangeRequested(started(), { request: 'session-file-repeat', serverFileId: 'file-1' });
    s = fileExchangeBackendError(s, 'not connected');
    expect(s.errors['session-file-repeat']).toEqual({ message: 'not connected', serverFileId: 'file-1' });
    expect(s.pending).toEqual([]);
    expect(fileExchangeBackendError(s, 'x')).toBe(s);
  });

  it('the token refused, then a new connection asks again', () => {
    let s = run([{ type: 'auth_error', message: 'invalid token' }]);
    expect(s.authError).toBe('invalid token');
    s = fileExchangeConnection(s, { state: 'connected' });
    expect(s.authError).toBeNull();
  });

  it('a reconnect keeps the session and says whether it was resumed; a closed connection loses it', () => {
    let s = fileExchangeRequested(started(), { request: 'logs-send' });
    s = fileExchangeConnection(s, { state: 'reconnecting', attempt: 1, delay_ms: 1000 });
    s = fileExchangeConnection(s, { state: 'connected' });
    expect(s.session).toEqual({ state: 'active', id: 's1' });
    s = applyFileExchangeUpdate(s, { type: 'resumed', session_id: 's1', resumed: true });
    expect(s.resumed).toEqual({ ok: true, message: null });
    s = fileExchangeConnection(s, { state: 'disconnected', reason: '' });
    expect(s.session).toEqual({ state: 'lost', id: 's1' });
    expect(fileExchangePhase(s)).toBe('lost');
    expect(s.pending).toEqual([]);
    expect(s.files).toHaveLength(1);
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
    s = fileExchangeRequested(s, { request: 'session-file-repeat', serverFileId: 'file-1' });
    s = applyFileExchangeUpdate(s, available('file-1', 'in-1', 1000, true));
    expect(s.files[0]).toMatchObject({ serverFileId: 'file-1', fileId: 'in-1', repeats: 1, since: 1000 });
    expect(s.files).toHaveLength(2);
    expect(s.pending).toEqual([]);
  });

  it('a refused repeat is kept for its row', () => {
    let s = fileExchangeRequested(started(), { request: 'session-file-repeat', serverFileId: 'file-1' });
    s = applyFileExchangeUpdate(s, { type: 'error', request: 'session-file-repeat', message: 'has not been sent' });
    expect(s.errors['session-file-repeat']).toEqual({ message: 'has not been sent', serverFileId: 'file-1' });
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
    let s = fileExchangeRefused(started(), 'session-file-send', 'too large', 'file-1');
    expect(s.errors['session-file-send']).toEqual({ message: 'too large', serverFileId: 'file-1' });
    s = applyFileExchangeUpdate(s, { type: 'answer', server_file_id: 'file-1', file_id: 'out-1', state: 'answering' });
    expect(s.errors['session-file-send']).toBeUndefined();
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
