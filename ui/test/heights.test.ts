import { describe, expect, it } from 'vitest';
import { RowHeights, rowsInView } from '../src/lib/heights';

describe('row heights', () => {
  it('rows start at the estimate', () => {
    const h = new RowHeights(20);
    h.resize(5);
    expect(h.count).toBe(5);
    expect(h.total()).toBe(100);
    expect(h.offsetOf(0)).toBe(0);
    expect(h.offsetOf(3)).toBe(60);
    expect(h.indexAt(0)).toBe(0);
    expect(h.indexAt(19)).toBe(0);
    expect(h.indexAt(20)).toBe(1);
    expect(h.indexAt(99)).toBe(4);
    expect(h.indexAt(5000)).toBe(4);
  });

  it('a measured row moves every row below it', () => {
    const h = new RowHeights(20);
    h.resize(4);
    expect(h.set(1, 50)).toBe(true);
    expect(h.set(1, 50)).toBe(false);
    expect(h.set(2, 0)).toBe(false); // not drawn: no height to learn
    expect(h.height(1)).toBe(50);
    expect(h.offsetOf(2)).toBe(70);
    expect(h.total()).toBe(110);
    expect(h.indexAt(69)).toBe(1);
    expect(h.indexAt(70)).toBe(2);
  });

  it('grows past its capacity and shrinks, keeping what was measured', () => {
    const h = new RowHeights(10);
    h.resize(3);
    h.set(0, 30);
    h.resize(5000);
    expect(h.total()).toBe(30 + 4999 * 10);
    expect(h.offsetOf(1)).toBe(30);
    h.resize(2);
    expect(h.total()).toBe(40);
    expect(h.indexAt(1000)).toBe(1);
    h.reset(3);
    expect(h.total()).toBe(30);
  });

  it('nothing to show', () => {
    const h = new RowHeights(10);
    expect(h.indexAt(0)).toBe(-1);
    expect(rowsInView(h, 0, 100)).toEqual({ first: 0, last: -1 });
  });

  it('the window: rows between the top and the bottom of the viewport, with overscan', () => {
    const h = new RowHeights(20);
    h.resize(100);
    expect(rowsInView(h, 0, 100)).toEqual({ first: 0, last: 4 });
    expect(rowsInView(h, 30, 100)).toEqual({ first: 1, last: 6 });
    expect(rowsInView(h, 30, 100, 3)).toEqual({ first: 0, last: 9 });
    expect(rowsInView(h, 1990, 100, 3)).toEqual({ first: 96, last: 99 });
  });

  it('100,000 rows of mixed heights: a screenful, found in a few steps', () => {
    const h = new RowHeights(60);
    h.resize(100_000);
    for (let i = 0; i < 100_000; i += 7) h.set(i, 140);
    const y = h.offsetOf(80_000) + 5;
    const w = rowsInView(h, y, 600);
    expect(w.first).toBe(80_000);
    expect(w.last - w.first).toBeLessThan(12);
  });
});
