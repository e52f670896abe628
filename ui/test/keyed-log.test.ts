import { describe, expect, it } from 'vitest';
import { CHUNK, emptyKeyed, indexOfKey, itemAt, itemByKey, upsert, type KeyedLog } from '../src/lib/keyed-log';

interface Item {
  key: string;
  v: number;
}
const add = (log: KeyedLog<Item>, key: string, v = 0, cap = 1_000_000) => upsert(log, { key, v }, cap).log;
const keys = (log: KeyedLog<Item>) => Array.from({ length: log.length }, (_, i) => itemAt(log, i)?.key);

describe('keyed log', () => {
  it('appends new keys in order and finds them by key', () => {
    let log = emptyKeyed<Item>();
    for (const k of ['a', 'b', 'c']) log = add(log, k);
    expect(keys(log)).toEqual(['a', 'b', 'c']);
    expect(indexOfKey(log, 'b')).toBe(1);
    expect(indexOfKey(log, 'zz')).toBe(-1);
    expect(itemAt(log, 3)).toBeUndefined();
    expect(itemAt(log, -1)).toBeUndefined();
  });

  it('an item sent again with its key replaces the old one in place', () => {
    let log = add(add(add(emptyKeyed<Item>(), 'a', 1), 'b', 1), 'c', 1);
    const r = upsert(log, { key: 'b', v: 2 }, 100);
    expect(r.added).toBe(false);
    log = r.log;
    expect(keys(log)).toEqual(['a', 'b', 'c']);
    expect(itemByKey(log, 'b')?.v).toBe(2);
    expect(upsert(log, { key: 'd', v: 1 }, 100).added).toBe(true);
  });

  it('never changes an older value', () => {
    const one = add(emptyKeyed<Item>(), 'a', 1);
    const two = add(one, 'b');
    const three = upsert(two, { key: 'a', v: 9 }, 100).log;
    expect(keys(one)).toEqual(['a']);
    expect(itemByKey(two, 'a')?.v).toBe(1);
    expect(itemByKey(three, 'a')?.v).toBe(9);
    // The older value does not see what was added after it.
    expect(indexOfKey(one, 'b')).toBe(-1);
  });

  it('branches from an older value stay correct (the shared index is rebuilt)', () => {
    const base = add(add(emptyKeyed<Item>(), 'a'), 'b');
    const left = add(base, 'x');
    const right = add(add(base, 'y'), 'x', 7);
    expect(keys(left)).toEqual(['a', 'b', 'x']);
    expect(keys(right)).toEqual(['a', 'b', 'y', 'x']);
    expect(indexOfKey(left, 'x')).toBe(2);
    expect(indexOfKey(right, 'x')).toBe(3);
    expect(indexOfKey(left, 'y')).toBe(-1);
    const again = upsert(left, { key: 'x', v: 5 }, 100);
    expect(again.added).toBe(false);
    expect(keys(again.log)).toEqual(['a', 'b', 'x']);
    expect(itemByKey(again.log, 'x')?.v).toBe(5);
  });

  it('past the cap the oldest chunk goes; keys and positions stay right', () => {
    const cap = CHUNK * 2;
    let log = emptyKeyed<Item>();
    for (let i = 0; i < cap + 1; i++) log = add(log, `k${i}`, i, cap);
    expect(log.length).toBe(cap + 1 - CHUNK);
    expect(log.base).toBe(CHUNK);
    expect(itemAt(log, 0)?.key).toBe(`k${CHUNK}`);
    expect(indexOfKey(log, 'k0')).toBe(-1);
    expect(indexOfKey(log, `k${cap}`)).toBe(log.length - 1);
    // A dropped key comes back as new.
    expect(upsert(log, { key: 'k0', v: 0 }, cap).added).toBe(true);
  });

  it('100,000 items: appends and upserts stay cheap', () => {
    let log = emptyKeyed<Item>();
    const start = performance.now();
    for (let i = 0; i < 100_000; i++) log = add(log, `m${i}`, i, 100_000);
    for (let i = 0; i < 1000; i++) log = upsert(log, { key: `m${i * 97}`, v: -1 }, 100_000).log;
    const ms = performance.now() - start;
    expect(log.length).toBe(100_000);
    expect(itemByKey(log, 'm97')?.v).toBe(-1);
    expect(indexOfKey(log, 'm99999')).toBe(99_999);
    expect(ms).toBeLessThan(5000);
  });
});
