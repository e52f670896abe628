import { describe, expect, it } from 'vitest';
import { append, clearLog, emptyLog, type EventLog } from '../src/state/event-log';
import { compileFilter, FilterIndex, filterSeqs, isActive, matches } from '../src/lib/filter';

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

describe('direction, exclude and regex (issue 14)', () => {
  const ev = (event: string, direction: 'in' | 'out' = 'in', kind?: 'state') =>
    ({ seq: 1, direction, namespace: '/', event, args: [], time: 0, ...(kind ? { kind } : {}) });

  it('direction keeps only events that way; state rows go', () => {
    expect(matches(ev('a', 'in'), { name: '', text: '', direction: 'in' })).toBe(true);
    expect(matches(ev('a', 'out'), { name: '', text: '', direction: 'in' })).toBe(false);
    expect(matches(ev('connected', 'in', 'state'), { name: '', text: '', direction: 'in' })).toBe(false);
    expect(isActive({ name: '', text: '', direction: 'out' })).toBe(true);
  });

  it('exclude leaves out names with any of its comma-separated parts', () => {
    const f = { name: '', text: '', exclude: 'ping, PONG' };
    expect(filterSeqs(make([['ping', []], ['chat', []], ['pong', []]]), f, 1, 99)).toEqual([2]);
    expect(isActive({ name: '', text: '', exclude: ' ' })).toBe(false);
  });

  it('regex reads the name and exclude as regular expressions, any case', () => {
    const l = make([['chat.in', []], ['chatin', []], ['price', []]]);
    expect(filterSeqs(l, { name: '^chat\\.', text: '', regex: true }, 1, 99)).toEqual([1]);
    expect(filterSeqs(l, { name: '', text: '', exclude: '^CHAT', regex: true }, 1, 99)).toEqual([3]);
  });

  it('an invalid regex never throws: it says why in words and is left out', () => {
    const f = { name: '(', text: '', regex: true };
    const c = compileFilter(f);
    expect(c.error).toMatch(/not a valid regular expression/);
    expect(() => c.test(ev('x'))).not.toThrow();
    expect(c.test(ev('x'))).toBe(true);
    expect(compileFilter({ name: '', text: '', exclude: '[', regex: true }).error).toMatch(/leave out/);
    expect(compileFilter({ name: '(', text: '' }).error).toBe('');
  });

  it('FilterIndex starts over when direction, exclude or regex change', () => {
    const idx = new FilterIndex();
    const l = make([['a', []], ['b', []]]);
    idx.update(l, { name: '', text: '', exclude: 'a' }, Infinity);
    expect(idx.count).toBe(1);
    idx.update(l, { name: '', text: '', exclude: 'b' }, Infinity);
    expect(idx.seqAt(0)).toBe(1);
  });
});
