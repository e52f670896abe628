// The console's history: pages of the saved history, timeline rows in the live log,
// the earlier/live join, the search query, the follow rule.
import { describe, expect, it } from 'vitest';
import type { HistoryRow } from '../src/bindings/HistoryRow';
import { eventBySeq } from '../src/state/event-log';
import { answered, asked, cleared, emptyHistory, failed, historyEvent, olderQuery } from '../src/state/history';
import { initialState, reduce, type Input, type State } from '../src/state/store';
import { nearBottom } from '../src/lib/virtual';
import { localTime, searchQuery } from '../src/views/history-search';

const row = (n: number, more: Partial<HistoryRow> = {}): HistoryRow => ({
  row: n, time: n * 1000, kind: 'event', direction: 'in', namespace: '/', event: `e${n}`, args: [n], ...more,
});

describe('history lists', () => {
  it('a page fills the list; Load older puts the page before it on top', () => {
    let h = asked(emptyHistory(), 'earlier', { kinds: [], until: 99 }, 1, false);
    h = answered(h, 1, [row(8), row(9)], true);
    expect(h.earlier?.rows.map((e) => e.seq)).toEqual([-8, -9]);
    expect(h.earlier?.more).toBe(true);
    expect(olderQuery(h.earlier!)).toEqual({ kinds: [], until: 99, before_row: 8 });
    h = asked(h, 'earlier', { kinds: [] }, 2, true);
    expect(h.earlier?.query).toEqual({ kinds: [], until: 99 });
    h = answered(h, 2, [row(6), row(7)], false);
    expect(h.earlier?.rows.map((e) => e.event)).toEqual(['e6', 'e7', 'e8', 'e9']);
    expect(h.earlier?.more).toBe(false);
    // An answer nobody waits for changes nothing.
    expect(answered(h, 7, [row(1)], false)).toBe(h);
  });

  it('history rows become console rows with negative seqs and their links', () => {
    const ev = historyEvent(row(5, { kind: 'ack', linked_row: 4, round_trip_ms: 12, emit_id: 3 }));
    expect(ev).toMatchObject({ seq: -5, kind: 'ack', linked: -4, round_trip_ms: 12, emit_id: 3, earlier: true });
  });

  it('a field the backend wrote as null is absent, not "null"', () => {
    const nulls = { ack: null, emit_id: null, detail: null, linked_row: null, round_trip_ms: null } as unknown as Partial<HistoryRow>;
    const ev = historyEvent(row(5, nulls));
    for (const key of ['ack', 'emit_id', 'detail', 'linked', 'round_trip_ms'] as const) expect(ev[key]).toBeUndefined();
  });

  it('a refusal is kept in words; a clear empties both lists', () => {
    let h = asked(emptyHistory(), 'search', { kinds: [], text: 'x' }, 3, false);
    h = failed(h, 3, 'no history');
    expect(h.search).toMatchObject({ asking: null, error: 'no history' });
    h = answered(asked(h, 'search', { kinds: [] }, 4, false), 4, [row(1)], true);
    expect(cleared(h).search).toMatchObject({ rows: [], more: false });
  });
});

describe('timeline rows in the live log', () => {
  const run = (inputs: Input[], s: State = initialState()) => inputs.reduce(reduce, s);

  it('states, an emit with ack and its answer are rows, linked both ways', () => {
    const s = run([
      { type: 'connection', id: 'a', state: 'reconnecting', attempt: 2, delay_ms: 1000, reason: 'nothing is listening' },
      { type: 'connection', id: 'a', state: 'connected' },
      { type: 'ui/ack_pending', id: 'a', emit_id: 7, event: 'ask', timeout_ms: 5000 },
      { type: 'event', id: 'a', direction: 'out', namespace: '/', event: 'ask', args: [1], emit_id: 7, time: Date.now() },
      { type: 'ack', id: 'a', emit_id: 7, args: ['yes'] },
      { type: 'ack_timeout', id: 'a', emit_id: 8, timeout_ms: 500 },
      { type: 'connection', id: 'a', state: 'disconnected', reason: 'server gone' },
    ]);
    const log = s.conns.a.log;
    expect([1, 2, 3, 4, 5, 6].map((seq) => eventBySeq(log, seq)?.kind ?? 'event')).toEqual(['state', 'state', 'event', 'ack', 'ack_timeout', 'state']);
    expect(eventBySeq(log, 1)?.detail).toBe('nothing is listening');
    expect(eventBySeq(log, 6)?.detail).toBe('server gone');
    const answer = eventBySeq(log, 4);
    expect(answer).toMatchObject({ event: 'ask', args: ['yes'], linked: 3, emit_id: 7 });
    expect(answer?.round_trip_ms).toBeGreaterThanOrEqual(0);
    expect(eventBySeq(log, 5)).toMatchObject({ timeout_ms: 500 });
    expect(s.conns.a.emits[7]).toEqual({ emit: 3, answer: 4 });
    expect(s.conns.a.acks[7]).toMatchObject({ status: 'answered' });
  });

  it('an event whose emit_id the backend wrote as null links nothing', () => {
    const ev = { type: 'event', id: 'a', direction: 'out', namespace: '/', event: 'x', args: [], emit_id: null, time: 1 };
    const s = run([ev as unknown as Input]);
    expect(Object.keys(s.conns.a.emits)).toEqual([]);
  });

  it('history updates reach the list that asked; export and clear leave a note', () => {
    let s = run([{ type: 'ui/history_ask', id: 'a', list: 'earlier', query: { kinds: [] }, request_id: 9, older: false }]);
    s = reduce(s, { type: 'history', id: 'a', request_id: 9, rows: [row(1)], more: false });
    expect(s.conns.a.history.earlier?.rows).toHaveLength(1);
    s = reduce(s, { type: 'history_exported', id: 'a', path: '/tmp/x.csv', rows: 1 });
    expect(s.conns.a.historyNote).toEqual({ kind: 'exported', path: '/tmp/x.csv', rows: 1 });
    s = reduce(s, { type: 'history_cleared', id: 'a' });
    expect(s.conns.a.history.earlier?.rows).toEqual([]);
    expect(s.conns.a.historyNote).toEqual({ kind: 'cleared' });
  });
});

describe('search query and follow rule', () => {
  it('builds the query from the fields; all kinds is none', () => {
    expect(searchQuery({ text: ' hello ', event: '', direction: '', kinds: ['event', 'ack', 'ack_timeout', 'state'], since: '', until: '' })).toEqual({
      kinds: [], limit: 500, text: 'hello',
    });
    const q = searchQuery({ text: '', event: 'chat', direction: 'out', kinds: ['ack'], since: '2024-01-02T03:04', until: '2024-01-02T03:05' });
    expect(q).toMatchObject({ event: 'chat', direction: 'out', kinds: ['ack'] });
    expect(q.until! - q.since!).toBe(60_000 + 59_999);
    expect(localTime('nonsense')).toBeUndefined();
  });

  it('a list 25 px short of its end is still at its end', () => {
    expect(nearBottom(875, 100, 1000, 39)).toBe(true);
    expect(nearBottom(800, 100, 1000, 39)).toBe(false);
  });
});
