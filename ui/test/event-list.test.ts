// @vitest-environment jsdom
// The console's list while it follows a flood: drawn at most every FLOOD_DRAW_MS.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleEvent } from '../src/state/event-log';
import { ROW_HEIGHT } from '../src/views/console-row';
import { EventList, FLOOD_DRAW_MS, type Rows } from '../src/views/event-list';

/** Rows seq 1..n. */
const rows = (n: number): Rows => ({
  count: n,
  at: (i) => (i >= 0 && i < n ? ({ seq: i + 1, direction: 'in', namespace: '/', event: 'tick', args: [], time: 0 } as ConsoleEvent) : undefined),
  indexOfSeq: (seq) => (seq >= 1 && seq <= n ? seq - 1 : -1),
});

describe('event list: following a flood', () => {
  let list: EventList;
  const drawnRows = () => Number.parseInt(list.element.querySelector<HTMLElement>('.event-spacer')!.style.height, 10) / ROW_HEIGHT;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance', 'Date'] });
    list = new EventList(() => {});
    document.body.append(list.box);
  });
  afterEach(() => {
    list.box.remove();
    vi.useRealTimers();
  });

  it('is drawn at most every FLOOD_DRAW_MS while more than a screenful arrives, and then shows the newest', () => {
    list.setRows(rows(1000), null, '');
    expect(drawnRows()).toBe(1000);
    // A screenful and more, right after a draw: drawn later, once.
    list.setRows(rows(2000), null, '');
    list.setRows(rows(3000), null, '');
    expect(drawnRows()).toBe(1000);
    vi.advanceTimersByTime(FLOOD_DRAW_MS);
    expect(drawnRows()).toBe(3000);
    // A few new rows are drawn at once.
    list.setRows(rows(3005), null, '');
    expect(drawnRows()).toBe(3005);
    // And a flood after a pause is drawn at once too.
    vi.advanceTimersByTime(FLOOD_DRAW_MS);
    list.setRows(rows(5000), null, '');
    expect(drawnRows()).toBe(5000);
    expect(list.following).toBe(true);
  });
});
