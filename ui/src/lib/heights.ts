// Row heights of a list whose rows differ in height (chat bubbles: one line, ten lines,
// a file card). Every row starts at an estimate and is corrected once it has been drawn
// and measured. A Fenwick tree keeps the running sums, so the offset of a row, the row
// at a scroll position and a correction are each O(log n): 100,000 rows stay cheap.

export class RowHeights {
  private heights = new Float64Array(0);
  /** 1-based Fenwick tree over `heights`, `cap` long. */
  private tree = new Float64Array(1);
  private cap = 0;
  private n = 0;

  constructor(readonly estimate: number) {}

  get count(): number {
    return this.n;
  }

  /** Keep rows 0…n−1: new rows get the estimate, rows past n are forgotten. */
  resize(n: number): void {
    if (n === this.n) return;
    if (n < this.n) {
      this.heights.fill(0, n, this.n);
      this.n = n;
      this.rebuild();
      return;
    }
    if (n > this.cap) {
      const cap = Math.max(1024, 2 ** Math.ceil(Math.log2(n)));
      const heights = new Float64Array(cap);
      heights.set(this.heights.subarray(0, this.n));
      heights.fill(this.estimate, this.n, n);
      this.heights = heights;
      this.cap = cap;
      this.n = n;
      this.rebuild();
      return;
    }
    for (let i = this.n; i < n; i++) {
      this.heights[i] = this.estimate;
      this.add(i, this.estimate);
    }
    this.n = n;
  }

  /** Forget every measurement: n rows at the estimate. */
  reset(n: number): void {
    this.n = 0;
    this.heights.fill(0);
    this.rebuild();
    this.resize(n);
  }

  height(i: number): number {
    return i >= 0 && i < this.n ? this.heights[i] : 0;
  }

  /** Row i measured `h` tall; false when that is what it was already (or not a height). */
  set(i: number, h: number): boolean {
    if (i < 0 || i >= this.n || !(h > 0) || h === this.heights[i]) return false;
    this.add(i, h - this.heights[i]);
    this.heights[i] = h;
    return true;
  }

  /** Where row i starts: the sum of the rows above it. */
  offsetOf(i: number): number {
    let sum = 0;
    for (let k = Math.min(Math.max(i, 0), this.n); k > 0; k -= k & -k) sum += this.tree[k];
    return sum;
  }

  total(): number {
    return this.offsetOf(this.n);
  }

  /** The row at `y` pixels from the top (clamped to the rows there are; −1 for none). */
  indexAt(y: number): number {
    if (this.n === 0) return -1;
    let pos = 0;
    let rest = y;
    for (let step = 2 ** Math.floor(Math.log2(this.cap)); step > 0; step >>= 1) {
      const next = pos + step;
      if (next <= this.cap && this.tree[next] <= rest) {
        pos = next;
        rest -= this.tree[next];
      }
    }
    return Math.min(pos, this.n - 1);
  }

  private add(i: number, delta: number): void {
    for (let k = i + 1; k <= this.cap; k += k & -k) this.tree[k] += delta;
  }

  private rebuild(): void {
    const tree = new Float64Array(this.cap + 1);
    for (let k = 1; k <= this.cap; k++) {
      tree[k] += this.heights[k - 1];
      const up = k + (k & -k);
      if (up <= this.cap) tree[up] += tree[k];
    }
    this.tree = tree;
  }
}

/** The rows on screen between scrollTop and scrollTop + viewport, widened by `overscan`. */
export function rowsInView(h: RowHeights, scrollTop: number, viewport: number, overscan = 0): { first: number; last: number } {
  if (h.count === 0 || viewport <= 0) return { first: 0, last: -1 };
  const top = Math.max(0, scrollTop);
  const first = h.indexAt(top);
  const last = h.indexAt(top + viewport - 1);
  return { first: Math.max(0, first - overscan), last: Math.min(h.count - 1, last + overscan) };
}
