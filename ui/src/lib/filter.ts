// The console's filter (event name) and search (anywhere in the args' JSON), as pure
// functions over the event log. Both ignore case.
import { eventBySeq, firstSeq, type ConsoleEvent, type EventLog } from '../state/event-log';
import { searchText } from './format';

export interface Filter {
  name: string;
  text: string;
}

export const NO_FILTER: Filter = { name: '', text: '' };

export function isActive(f: Filter): boolean {
  return f.name.trim() !== '' || f.text.trim() !== '';
}

export function matches(ev: ConsoleEvent, f: Filter): boolean {
  const name = f.name.trim().toLowerCase();
  if (name && !ev.event.toLowerCase().includes(name)) return false;
  const text = f.text.trim().toLowerCase();
  if (text && !searchText(ev.args).includes(text)) return false;
  return true;
}

/** Seqs of the events in [fromSeq, toSeq] (clamped to the log) that match. */
export function filterSeqs(log: EventLog, f: Filter, fromSeq: number, toSeq: number): number[] {
  const out: number[] = [];
  const lo = Math.max(fromSeq, firstSeq(log));
  const hi = Math.min(toSeq, log.nextSeq - 1);
  for (let seq = lo; seq <= hi; seq++) {
    const ev = eventBySeq(log, seq);
    if (ev && matches(ev, f)) out.push(seq);
  }
  return out;
}

/**
 * The matching seqs of one log, kept up to date incrementally: each update scans only
 * events that arrived since the last one and forgets those the log dropped. Changing
 * the filter starts over.
 */
export class FilterIndex {
  private seqs: number[] = [];
  private head = 0; // seqs before this index were dropped from the log
  private scanned = 0; // highest seq examined
  private filter: Filter = NO_FILTER;

  reset(): void {
    this.seqs = [];
    this.head = 0;
    this.scanned = 0;
  }

  /** Match events of `log` up to `limitSeq` (inclusive) against `f`. */
  update(log: EventLog, f: Filter, limitSeq: number): void {
    if (f.name !== this.filter.name || f.text !== this.filter.text || limitSeq < this.scanned) {
      this.filter = f;
      this.reset();
    }
    const first = firstSeq(log);
    while (this.head < this.seqs.length && this.seqs[this.head] < first) this.head++;
    if (this.head > 4096 && this.head * 2 > this.seqs.length) {
      this.seqs = this.seqs.slice(this.head);
      this.head = 0;
    }
    const to = Math.min(limitSeq, log.nextSeq - 1);
    if (to > this.scanned) {
      for (const seq of filterSeqs(log, f, this.scanned + 1, to)) this.seqs.push(seq);
      this.scanned = to;
    }
  }

  get count(): number {
    return this.seqs.length - this.head;
  }

  seqAt(i: number): number | undefined {
    return i >= 0 && i < this.count ? this.seqs[this.head + i] : undefined;
  }

  /** Index of `seq` among the matches, or -1. */
  indexOf(seq: number): number {
    let lo = this.head;
    let hi = this.seqs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.seqs[mid] === seq) return mid - this.head;
      if (this.seqs[mid] < seq) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }
}
