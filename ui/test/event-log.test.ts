import { describe, expect, it } from 'vitest';
import { append, appendMany, CHUNK, clearLog, emptyLog, eventAt, eventBySeq, firstSeq, type EventLog } from '../src/state/event-log';

const data = (n: number) => ({ direction: 'in' as const, namespace: '/', event: `e${n}`, args: [n], time: n });
const fill = (log: EventLog, from: number, to: number, cap: number) => {
  for (let n = from; n <= to; n++) log = append(log, data(n), cap);
  return log;
};
const names = (log: EventLog) => Array.from({ length: log.length }, (_, i) => eventAt(log, i)?.event);

describe('event log', () => {
  it('reads back across chunk boundaries', () => {
    const log = fill(emptyLog(), 1, CHUNK * 2 + 3, 1e9);
    expect(log.length).toBe(CHUNK * 2 + 3);
    expect(eventAt(log, CHUNK)?.event).toBe(`e${CHUNK + 1}`);
    expect(eventBySeq(log, CHUNK * 2 + 3)?.event).toBe(`e${CHUNK * 2 + 3}`);
    expect(eventAt(log, -1)).toBeUndefined();
    expect(eventAt(log, log.length)).toBeUndefined();
  });

  it('drops whole chunks once the window moves past them', () => {
    const log = fill(emptyLog(), 1, CHUNK * 3, CHUNK);
    expect(log.length).toBe(CHUNK);
    expect(firstSeq(log)).toBe(CHUNK * 2 + 1);
    expect(log.chunks.length).toBeLessThanOrEqual(2);
  });

  it('older values never see later appends, even from two branches', () => {
    const base = fill(emptyLog(), 1, 3, 100);
    const a = append(base, data(100), 100);
    const b = append(base, data(200), 100); // same base: must not clobber a
    expect(names(base)).toEqual(['e1', 'e2', 'e3']);
    expect(names(a)).toEqual(['e1', 'e2', 'e3', 'e100']);
    expect(names(b)).toEqual(['e1', 'e2', 'e3', 'e200']);
    expect(names(append(a, data(101), 100))).toEqual(['e1', 'e2', 'e3', 'e100', 'e101']);
  });

  it('clear keeps the sequence going', () => {
    const log = clearLog(fill(emptyLog(), 1, 10, 100));
    expect(log.length).toBe(0);
    expect(firstSeq(log)).toBe(11);
    expect(eventAt(append(log, data(11), 100), 0)?.seq).toBe(11);
  });

  it('appendMany is append of each in turn, whatever the log holds and the cap', () => {
    for (const cap of [1, 5, CHUNK, CHUNK * 2 + 7, 1e9]) {
      for (const before of [0, 1, CHUNK - 1, CHUNK, CHUNK * 3 + 5]) {
        for (const count of [0, 1, 2, CHUNK - 1, CHUNK, CHUNK * 2 + 9]) {
          const base = fill(emptyLog(), 1, before, cap);
          const items = Array.from({ length: count }, (_, i) => data(before + 1 + i));
          const one = fill(base, before + 1, before + count, cap);
          const many = appendMany(base, items, cap);
          expect({ ...many, chunks: undefined }).toEqual({ ...one, chunks: undefined });
          expect(names(many)).toEqual(names(one));
          expect(many.chunks.length).toBe(one.chunks.length);
          expect(names(base)).toEqual(names(fill(emptyLog(), 1, before, cap))); // base unchanged
        }
      }
    }
  });
});
