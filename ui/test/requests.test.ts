// The window's requests (state/requests.ts and their way through the store): open until
// answered, done, refused (by the server, the backend, or the window), a refusal after
// done, failures cleared by a later request of the same kind and key, keys keeping rooms
// apart, and the bound on the answered ids remembered.
import { describe, expect, it } from 'vitest';
import {
  RECENT_CAP,
  answered,
  asked,
  dropPending,
  emptyRequests,
  failureOf,
  forget,
  isAsking,
  refusedAtOnce,
  type Requests,
} from '../src/state/requests';
import { initialState, reduce, type Input, type State } from '../src/state/store';

const req = (id: number, kind: string, key: string | null = null) => ({ id, kind, key });
const send = (s: Requests, id: number, kind: string, key: string | null = null) => asked(s, req(id, kind, key));

describe('requests', () => {
  it('a sent request is open until answered; done leaves no failure', () => {
    let s = send(emptyRequests(), 1, 'join');
    expect(isAsking(s, 'join')).toBe(true);
    expect(isAsking(s, 'leave')).toBe(false);
    expect(failureOf(s, 'join')).toBeNull();
    s = answered(s, 1);
    expect(isAsking(s, 'join')).toBe(false);
    expect(failureOf(s, 'join')).toBeNull();
  });

  it('a refusal is kept in its words for its kind and key', () => {
    const s = answered(send(emptyRequests(), 7, 'join', 'lobby'), 7, 'Room is full');
    expect(isAsking(s, 'join')).toBe(false);
    expect(failureOf(s, 'join', 'lobby')).toEqual({ id: 7, kind: 'join', key: 'lobby', message: 'Room is full' });
    expect(failureOf(s, 'join')).toMatchObject({ message: 'Room is full' });
    expect(failureOf(s, 'leave')).toBeNull();
  });

  it('a refusal after done wins (the last answer counts)', () => {
    let s = answered(send(emptyRequests(), 5, 'leave'), 5);
    expect(failureOf(s, 'leave')).toBeNull();
    s = answered(s, 5, 'Not in a room');
    expect(failureOf(s, 'leave')?.message).toBe('Not in a room');
    expect(s.pending).toEqual([]);
  });

  it('the window refusing a request itself (or the invoke rejected) is its failure at once', () => {
    let s = refusedAtOnce(emptyRequests(), req(1, 'message'), 'Write a message first.');
    expect(isAsking(s, 'message')).toBe(false);
    expect(failureOf(s, 'message')?.message).toBe('Write a message first.');
    // A rejected invoke: the window answers the request it recorded.
    s = answered(send(s, 2, 'join'), 2, 'Not connected: the connection is closed');
    expect(failureOf(s, 'join')?.message).toBe('Not connected: the connection is closed');
  });

  it('a later request of the same kind and key clears the failure when sent, and keeps it clear when done', () => {
    let s = answered(send(emptyRequests(), 1, 'message'), 1, 'too fast');
    s = send(s, 2, 'message');
    expect(failureOf(s, 'message')).toBeNull();
    s = answered(s, 2);
    expect(failureOf(s, 'message')).toBeNull();
    // An earlier request's late refusal no longer speaks for its kind and key.
    s = answered(send(send(s, 3, 'message'), 4, 'message'), 4);
    s = answered(s, 3, 'late');
    expect(failureOf(s, 'message')).toBeNull();
  });

  it('keys keep rooms apart; without a key, the latest of the kind counts', () => {
    let s = answered(send(emptyRequests(), 1, 'join', 'lobby'), 1, 'full');
    s = send(s, 2, 'join', 'den');
    expect(isAsking(s, 'join', 'den')).toBe(true);
    expect(isAsking(s, 'join', 'lobby')).toBe(false);
    expect(failureOf(s, 'join', 'lobby')?.message).toBe('full');
    expect(failureOf(s, 'join', 'den')).toBeNull();
    expect(failureOf(s, 'join')).toBeNull(); // the latest join (den) is open
    s = answered(s, 2, 'banned');
    expect(failureOf(s, 'join')).toMatchObject({ key: 'den', message: 'banned' });
  });

  it('several kinds together: the latest of them counts', () => {
    let s = answered(send(emptyRequests(), 1, 'message', 'r'), 1, 'timeout');
    expect(failureOf(s, ['message', 'retry'], 'r')?.message).toBe('timeout');
    s = send(s, 2, 'retry', 'r');
    expect(failureOf(s, ['message', 'retry'], 'r')).toBeNull();
    expect(isAsking(s, ['message', 'retry'])).toBe(true);
  });

  it('remembers the last RECENT_CAP answered ids for a late answer, no more', () => {
    let s = emptyRequests();
    for (let id = 1; id <= RECENT_CAP + 1; id++) s = answered(send(s, id, `k${id}`), id);
    expect(s.recent).toHaveLength(RECENT_CAP);
    // The oldest is forgotten: its late refusal finds nothing.
    expect(answered(s, 1, 'late')).toBe(s);
    const late = answered(s, 2, 'late');
    expect(failureOf(late, 'k2')?.message).toBe('late');
  });

  it('unknown answers change nothing; moot failures are forgotten; a closed connection drops the open ones', () => {
    const s = answered(send(emptyRequests(), 1, 'message'), 1, 'no');
    expect(answered(s, 99, 'x')).toBe(s);
    expect(failureOf(forget(s, ['message']), 'message')).toBeNull();
    expect(forget(s, ['join'])).toBe(s);
    expect(dropPending(send(s, 2, 'join')).pending).toEqual([]);
  });
});

describe('requests in the store', () => {
  const run = (inputs: Input[], s: State = initialState()) => inputs.reduce(reduce, s);
  const sent = (request_id: number, kind: string, key: string | null = null): Input => ({ type: 'ui/request', id: 'c', request: { id: request_id, kind, key } });

  it('an answer update goes to its connection’s requests', () => {
    let s = run([sent(1, 'start'), sent(2, 'send_logs')]);
    expect(isAsking(s.conns.c.requests, 'start')).toBe(true);
    s = run([{ type: 'answer', id: 'c', request_id: 1 }, { type: 'answer', id: 'c', request_id: 2, error: 'no session' }], s);
    expect(s.conns.c.requests.pending).toEqual([]);
    expect(failureOf(s.conns.c.requests, 'send_logs')?.message).toBe('no session');
  });

  it('a window refusal is a failure; a backend error is only listed, never guessed to answer a request', () => {
    let s = run([{ type: 'ui/refused', id: 'c', request: { id: 1, kind: 'message', key: null }, message: 'empty' }, sent(2, 'join')]);
    expect(failureOf(s.conns.c.requests, 'message')?.message).toBe('empty');
    s = run([{ type: 'error', id: 'c', error: { kind: 'not_connected', message: 'closed' } }], s);
    expect(isAsking(s.conns.c.requests, 'join')).toBe(true);
    expect(s.errors).toHaveLength(1);
  });

  it('a closed connection answers nothing more; a reconnect keeps what the backend still holds', () => {
    let s = run([sent(1, 'join'), { type: 'connection', id: 'c', state: 'reconnecting', attempt: 1, delay_ms: 100 }, { type: 'connection', id: 'c', state: 'connected' }]);
    expect(isAsking(s.conns.c.requests, 'join')).toBe(true);
    s = run([{ type: 'connection', id: 'c', state: 'disconnected', reason: 'gone' }], s);
    expect(isAsking(s.conns.c.requests, 'join')).toBe(false);
  });
});
