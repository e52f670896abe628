import { describe, expect, it } from 'vitest';
import { append, clearLog, emptyLog, type EventLog } from '../src/state/event-log';
import { FilterIndex, filterSeqs, isActive, matches } from '../src/lib/filter';

const make = (events: [string, unknown[]][], cap = 1000): EventLog =>
  events.reduce((log, [event, args]) => append(log, { direction: 'in', namespace: '/', event, args, time: 0 }, cap), emptyLog());

const log = make([
  ['chat', [{ user: 'Alice', text: 'Hello' }]],
  ['chat message', [{ user: 'bob', text: 'hi' }]],
  ['price', [{ symbol: 'ACME', value: 12.5 }]],
  ['Chat', ['alice again']],
  ['ping', []],
]);

describe('matches / filterSeqs', () => {
  it('no filter matches everything', () => {
    expect(isActive({ name: ' ', text: '' })).toBe(false);
    expect(filterSeqs(log, { name: '', text: '' }, 1, 99)).toEqual([1, 2, 3, 4, 5]);
  });

  it('filters by event name, any case, part of the name', () => {
    expect(filterSeqs(log, { name: 'chat', text: '' }, 1, 99)).toEqual([1, 2, 4]);
    expect(filterSeqs(log, { name: 'MESSAGE', text: '' }, 1, 99)).toEqual([2]);
  });

  it('searches the JSON of the args, any case, keys included', () => {
    expect(filterSeqs(log, { name: '', text: 'alice' }, 1, 99)).toEqual([1, 4]);
    expect(filterSeqs(log, { name: '', text: '"symbol"' }, 1, 99)).toEqual([3]);
    expect(filterSeqs(log, { name: '', text: '12.5' }, 1, 99)).toEqual([3]);
  });

  it('both together must match', () => {
    expect(filterSeqs(log, { name: 'chat', text: 'alice' }, 1, 99)).toEqual([1, 4]);
    expect(filterSeqs(log, { name: 'price', text: 'alice' }, 1, 99)).toEqual([]);
  });

  it('respects the seq range (used while paused)', () => {
    expect(filterSeqs(log, { name: 'chat', text: '' }, 2, 3)).toEqual([2]);
  });

  it('does not match event text against the name filter in args', () => {
    const ev = { seq: 1, direction: 'in' as const, namespace: '/', event: 'x', args: ['chat'], time: 0 };
    expect(matches(ev, { name: 'chat', text: '' })).toBe(false);
  });
});

describe('FilterIndex (incremental)', () => {
  it('scans only new events and forgets dropped ones', () => {
    const idx = new FilterIndex();
    const f = { name: 'a', text: '' };
    let l = make([['a', []], ['b', []], ['a', []]], 3);
    idx.update(l, f, Infinity);
    expect([idx.seqAt(0), idx.seqAt(1)]).toEqual([1, 3]);
    l = append(l, { direction: 'out', namespace: '/', event: 'a', args: [], time: 0 }, 3); // drops seq 1
    l = append(l, { direction: 'out', namespace: '/', event: 'c', args: [], time: 0 }, 3); // drops seq 2
    idx.update(l, f, Infinity);
    expect(idx.count).toBe(2);
    expect([idx.seqAt(0), idx.seqAt(1)]).toEqual([3, 4]);
    expect(idx.indexOf(4)).toBe(1);
    expect(idx.indexOf(1)).toBe(-1);
  });

  it('stops at the pause limit and catches up after', () => {
    const idx = new FilterIndex();
    const f = { name: '', text: 'x' };
    const l = make([['e', ['x']], ['e', ['x']], ['e', ['x']]]);
    idx.update(l, f, 2);
    expect(idx.count).toBe(2);
    idx.update(l, f, Infinity);
    expect(idx.count).toBe(3);
  });

  it('starts over when the filter changes, empties on clear', () => {
    const idx = new FilterIndex();
    const l = make([['a', []], ['b', []]]);
    idx.update(l, { name: 'a', text: '' }, Infinity);
    expect(idx.count).toBe(1);
    idx.update(l, { name: 'b', text: '' }, Infinity);
    expect(idx.seqAt(0)).toBe(2);
    idx.update(clearLog(l), { name: 'b', text: '' }, Infinity);
    expect(idx.count).toBe(0);
  });
});
