// The console's filter (event name, names to leave out, direction, optionally as regular
// expressions) and search (anywhere in the args' JSON), as pure functions over the event
// log. All ignore case. An invalid regular expression never throws: `compileFilter` says
// what is wrong in words and that part of the filter is left out until it is fixed.
import type { Direction } from '../bindings/Direction';
import { eventBySeq, firstSeq, type ConsoleEvent, type EventLog } from '../state/event-log';
import { t } from '../i18n';
import { searchText } from './format';

export interface Filter {
  /** Part of the event name (a regular expression with `regex`). */
  name: string;
  /** Text anywhere in the arguments' JSON. */
  text: string;
  /** Only events this way ('' or absent: both). State rows have no way and go. */
  direction?: Direction | '';
  /** Leave out events whose name has this (comma-separated parts; a regular expression with `regex`). */
  exclude?: string;
  /** `name` and `exclude` are regular expressions. */
  regex?: boolean;
}

export const NO_FILTER: Filter = { name: '', text: '' };

export function isActive(f: Filter): boolean {
  return f.name.trim() !== '' || f.text.trim() !== '' || !!f.direction || (f.exclude ?? '').trim() !== '';
}

/** A filter ready to test rows, and what is wrong with it in words ('' when nothing). */
export interface CompiledFilter {
  test(ev: ConsoleEvent): boolean;
  error: string;
}

type NameTest = (name: string) => boolean;

function regexTest(source: string, what: 'name' | 'exclude'): { test: NameTest | null; error: string } {
  try {
    const re = new RegExp(source, 'i');
    return { test: (name) => re.test(name), error: '' };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    return { test: null, error: t(what === 'name' ? 'history.filter.regex_name_error' : 'history.filter.regex_exclude_error', { detail }) };
  }
}

const cache = new WeakMap<Filter, CompiledFilter>();

export function compileFilter(f: Filter): CompiledFilter {
  const hit = cache.get(f);
  if (hit) return hit;
  const errors: string[] = [];
  let name: NameTest | null = null;
  let exclude: NameTest | null = null;
  const nameText = f.name.trim();
  const excludeText = (f.exclude ?? '').trim();
  if (f.regex) {
    if (nameText) {
      const r = regexTest(nameText, 'name');
      name = r.test;
      if (r.error) errors.push(r.error);
    }
    if (excludeText) {
      const r = regexTest(excludeText, 'exclude');
      exclude = r.test;
      if (r.error) errors.push(r.error);
    }
  } else {
    const lower = nameText.toLowerCase();
    if (lower) name = (n) => n.toLowerCase().includes(lower);
    const parts = excludeText.toLowerCase().split(',').map((p) => p.trim()).filter(Boolean);
    if (parts.length) exclude = (n) => parts.some((p) => n.toLowerCase().includes(p));
  }
  const text = f.text.trim().toLowerCase();
  const direction = f.direction || null;
  const compiled: CompiledFilter = {
    error: errors.join(' '),
    test(ev) {
      if (direction && (ev.kind === 'state' || ev.direction !== direction)) return false;
      if (name && !name(ev.event)) return false;
      if (exclude && exclude(ev.event)) return false;
      if (text && !searchText(ev.args).includes(text)) return false;
      return true;
    },
  };
  cache.set(f, compiled);
  return compiled;
}

export function matches(ev: ConsoleEvent, f: Filter): boolean {
  return compileFilter(f).test(ev);
}

/** Whether two filters are the same. */
export function sameFilter(a: Filter, b: Filter): boolean {
  return (
    a.name === b.name && a.text === b.text && (a.direction || '') === (b.direction || '') &&
    (a.exclude ?? '') === (b.exclude ?? '') && !!a.regex === !!b.regex
  );
}

/** Seqs of the events in [fromSeq, toSeq] (clamped to the log) that match. */
export function filterSeqs(log: EventLog, f: Filter, fromSeq: number, toSeq: number): number[] {
  const out: number[] = [];
  const test = compileFilter(f).test;
  const lo = Math.max(fromSeq, firstSeq(log));
  const hi = Math.min(toSeq, log.nextSeq - 1);
  for (let seq = lo; seq <= hi; seq++) {
    const ev = eventBySeq(log, seq);
    if (ev && test(ev)) out.push(seq);
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
    if (!sameFilter(f, this.filter) || limitSeq < this.scanned) {
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
