// Which rows of a fixed-row-height list are on screen. Only those get DOM nodes,
// so 50,000 events cost as much to show as 30.

export interface Window {
  /** First row to render (inclusive). */
  first: number;
  /** Last row to render (inclusive); -1 when there is nothing to render. */
  last: number;
}

export function visibleWindow(
  scrollTop: number,
  viewportHeight: number,
  rowHeight: number,
  count: number,
  overscan = 0,
): Window {
  if (count <= 0 || rowHeight <= 0 || viewportHeight <= 0) return { first: 0, last: -1 };
  const top = Math.max(0, scrollTop);
  const first = Math.min(count - 1, Math.floor(top / rowHeight));
  const last = Math.min(count - 1, Math.ceil((top + viewportHeight) / rowHeight) - 1);
  return { first: Math.max(0, first - overscan), last: Math.min(count - 1, Math.max(first, last) + overscan) };
}

/** Whether a list scrolled to `scrollTop` shows its end (within half a row). */
export function atBottom(scrollTop: number, viewportHeight: number, scrollHeight: number, rowHeight: number): boolean {
  return scrollTop + viewportHeight >= scrollHeight - rowHeight / 2;
}

/** The scrollTop that brings row `index` fully into view, or null when it already is. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number | null {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return null;
}

/**
 * Whether a list scrolled to `scrollTop` is at its end, give or take `tolerance` px: the
 * follow rule. A row and a half: a list a few pixels short of its end (a fractional
 * scroll, a row arriving between the scroll and the check, a 25 px offset) still follows.
 */
export function nearBottom(scrollTop: number, viewportHeight: number, scrollHeight: number, tolerance: number): boolean {
  return scrollTop + viewportHeight >= scrollHeight - tolerance;
}
