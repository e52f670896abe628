import { describe, expect, it } from 'vitest';
import type { Update } from '../src/bindings/Update';
import { ackOf, connectionLost, emptyReplies, REPLY_CAP, replied, replyState } from '../src/state/ack-reply';
import type { ConsoleEvent } from '../src/state/event-log';
import { eventBySeq } from '../src/state/event-log';
import { initialState, reduce, type Input, type State } from '../src/state/store';

const ev = (seq: number, more: Partial<ConsoleEvent> = {}): ConsoleEvent => ({
  seq, direction: 'in', namespace: '/', event: 'question', args: ['what?', 42], time: 0, ...more,
});

describe('replyState', () => {
  it('an event without an ack request, or an outgoing one, has nothing to answer', () => {
    const r = emptyReplies();
    expect(replyState(r, ev(1))).toBe('none');
    expect(replyState(r, ev(2, { direction: 'out', ack: 3 }))).toBe('none');
    expect(ackOf(ev(3, { ack: 0 }))).toBe(0);
  });

  it('an ack request is open until answered', () => {
    let r = emptyReplies();
    expect(replyState(r, ev(1, { ack: 0 }))).toBe('open');
    r = replied(r, 1, ['yes', 7]);
    expect(replyState(r, ev(1, { ack: 0 }))).toBe('answered');
    expect(r.sent[1]).toEqual(['yes', 7]);
    expect(replyState(r, ev(2, { ack: 1 }))).toBe('open');
  });

  it('a lost connection takes the open requests before it, and only those', () => {
    let r = replied(emptyReplies(), 1, []);
    r = connectionLost(r, 3);
    expect(replyState(r, ev(1, { ack: 0 }))).toBe('answered');
    expect(replyState(r, ev(2, { ack: 1 }))).toBe('lost');
    expect(replyState(r, ev(3, { ack: 0 }))).toBe('open');
    expect(connectionLost(r, 3)).toBe(r);
    expect(connectionLost(r, 2)).toBe(r);
  });

  it('remembers at most REPLY_CAP answers, forgetting the oldest', () => {
    let r = emptyReplies();
    for (let seq = 1; seq <= REPLY_CAP + 1; seq++) r = replied(r, seq, [seq]);
    expect(Object.keys(r.sent)).toHaveLength(REPLY_CAP);
    expect(r.sent[1]).toBeUndefined();
    expect(r.sent[REPLY_CAP + 1]).toEqual([REPLY_CAP + 1]);
  });
});

describe('reduce: the server’s ack requests', () => {
  const run = (inputs: Input[], s: State = initialState()) => inputs.reduce(reduce, s);
  const question = (ack?: number): Update => ({
    type: 'event', id: 'a', direction: 'in', namespace: '/', event: 'question', args: ['what?', 42], time: 1,
    ...(ack === undefined ? {} : { ack }),
  });
  const state = (s: State, seq: number) => {
    const e = eventBySeq(s.conns.a.log, seq);
    return e ? replyState(s.conns.a.replies, e) : 'gone';
  };

  // Each change of the connection's state is a row of the log too (seq 1 is "connected").
  it('keeps the ack number on the event; an answer marks it answered', () => {
    let s = run([{ type: 'connection', id: 'a', state: 'connected' }, question(5), question()]);
    expect(eventBySeq(s.conns.a.log, 1)?.kind).toBe('state');
    expect(eventBySeq(s.conns.a.log, 2)?.ack).toBe(5);
    expect(state(s, 2)).toBe('open');
    expect(state(s, 3)).toBe('none');
    s = reduce(s, { type: 'ui/ack_replied', id: 'a', seq: 2, args: ['yes', 7] });
    expect(state(s, 2)).toBe('answered');
    expect(s.conns.a.replies.sent[2]).toEqual(['yes', 7]);
  });

  it('leaving the connected state loses the open requests; a new connection asks anew', () => {
    let s = run([{ type: 'connection', id: 'a', state: 'connected' }, question(0), question(1)]);
    s = reduce(s, { type: 'ui/ack_replied', id: 'a', seq: 2, args: [] });
    s = run([{ type: 'connection', id: 'a', state: 'reconnecting', attempt: 1, delay_ms: 500 }], s);
    expect([state(s, 2), state(s, 3)]).toEqual(['answered', 'lost']);
    // Ack numbers count from 0 again on the new connection: the old #0 stays lost.
    s = run([{ type: 'connection', id: 'a', state: 'connecting', attempt: 2 }, { type: 'connection', id: 'a', state: 'connected' }, question(0)], s);
    expect([state(s, 2), state(s, 3), state(s, 7)]).toEqual(['answered', 'lost', 'open']);
  });

  it('Clear keeps what was answered and lost apart by seq', () => {
    let s = run([{ type: 'connection', id: 'a', state: 'connected' }, question(0), { type: 'ui/clear_console', id: 'a' }, question(1)]);
    expect(state(s, 3)).toBe('open');
    s = reduce(s, { type: 'connection', id: 'a', state: 'disconnected', reason: 'bye' });
    expect(state(s, 3)).toBe('lost');
  });
});
