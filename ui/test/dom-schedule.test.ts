// @vitest-environment jsdom
// Frames and timers the views put off go through src/dom.ts, so a test can cancel them
// all when it ends (test/setup.ts) and none runs after its DOM is gone.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cancelPending, frameScheduler, later, pendingCount } from '../src/dom';

const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

afterEach(() => vi.useRealTimers());

describe('frameScheduler', () => {
  it('runs once per frame however often asked, and is waiting only until then', async () => {
    const fn = vi.fn();
    const schedule = frameScheduler(fn);
    schedule();
    schedule();
    expect(pendingCount()).toBe(1);
    await frame();
    expect(fn).toHaveBeenCalledTimes(1);
    expect(pendingCount()).toBe(0);
  });

  it('cancelled, it does not run; asked again, it does', async () => {
    const fn = vi.fn();
    const schedule = frameScheduler(fn);
    schedule();
    cancelPending();
    expect(pendingCount()).toBe(0);
    await frame();
    expect(fn).not.toHaveBeenCalled();
    schedule();
    await frame();
    expect(fn).toHaveBeenCalledTimes(1);
  });
});

describe('later', () => {
  it('runs after its time unless cancelled, by itself or with the rest', async () => {
    const [a, b, c] = [vi.fn(), vi.fn(), vi.fn()];
    later(a, 1);
    const cancelB = later(b, 1);
    later(c, 1);
    expect(pendingCount()).toBe(3);
    cancelB();
    expect(pendingCount()).toBe(2);
    await wait(20);
    expect([a, b, c].map((f) => f.mock.calls.length)).toEqual([1, 0, 1]);
    expect(pendingCount()).toBe(0);
    cancelB(); // harmless once done
    const d = vi.fn();
    later(d, 1);
    cancelPending();
    await wait(20);
    expect(d).not.toHaveBeenCalled();
  });

  it('a timer set under fake timers is cleared by them, even after the real ones are back', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    later(fn, 1000);
    vi.useRealTimers();
    expect(() => cancelPending()).not.toThrow();
    expect(pendingCount()).toBe(0);
    expect(fn).not.toHaveBeenCalled();
  });

  it('a ticking view (a frame, then a timer, then a frame …) stops for good once cancelled', async () => {
    let runs = 0;
    const render: () => void = frameScheduler(() => (runs++, later(render, 1)));
    render();
    await wait(50);
    expect(runs).toBeGreaterThan(1);
    cancelPending();
    const seen = runs;
    await wait(50);
    expect(runs).toBe(seen);
    expect(pendingCount()).toBe(0);
  });
});
