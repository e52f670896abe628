import { describe, expect, it } from 'vitest';
import { atBottom, scrollToReveal, visibleWindow } from '../src/lib/virtual';

describe('visibleWindow', () => {
  it('at the top: the rows that fit, the partly shown last one included', () => {
    expect(visibleWindow(0, 100, 20, 1000)).toEqual({ first: 0, last: 4 });
    expect(visibleWindow(0, 110, 20, 1000)).toEqual({ first: 0, last: 5 });
  });

  it('scrolled: starts at the row under the top edge', () => {
    expect(visibleWindow(30, 100, 20, 1000)).toEqual({ first: 1, last: 6 });
    expect(visibleWindow(40, 100, 20, 1000)).toEqual({ first: 2, last: 6 });
  });

  it('never past the end, even when scrolled beyond it', () => {
    expect(visibleWindow(0, 100, 20, 3)).toEqual({ first: 0, last: 2 });
    expect(visibleWindow(5000, 100, 20, 10)).toEqual({ first: 9, last: 9 });
  });

  it('overscan widens the window on both sides within bounds', () => {
    expect(visibleWindow(200, 100, 20, 1000, 3)).toEqual({ first: 7, last: 17 });
    expect(visibleWindow(0, 100, 20, 1000, 3)).toEqual({ first: 0, last: 7 });
    expect(visibleWindow(0, 100, 20, 6, 3)).toEqual({ first: 0, last: 5 });
  });

  it('nothing to show: last is -1', () => {
    expect(visibleWindow(0, 100, 20, 0)).toEqual({ first: 0, last: -1 });
    expect(visibleWindow(0, 0, 20, 10)).toEqual({ first: 0, last: -1 });
  });

  it('negative scrollTop (elastic scrolling) counts as the top', () => {
    expect(visibleWindow(-40, 100, 20, 1000)).toEqual({ first: 0, last: 4 });
  });

  it('50,000 rows cost no more than a screenful', () => {
    const w = visibleWindow(26 * 40000, 520, 26, 50000);
    expect(w).toEqual({ first: 40000, last: 40019 });
  });
});

describe('atBottom and scrollToReveal', () => {
  it('at the bottom within half a row', () => {
    expect(atBottom(900, 100, 1000, 20)).toBe(true);
    expect(atBottom(891, 100, 1000, 20)).toBe(true);
    expect(atBottom(880, 100, 1000, 20)).toBe(false);
  });

  it('scrolls just enough to show a row', () => {
    expect(scrollToReveal(2, 100, 100, 20)).toBe(40);
    expect(scrollToReveal(10, 100, 100, 20)).toBe(120);
    expect(scrollToReveal(6, 100, 100, 20)).toBeNull();
  });
});
