// A connection's console events: an immutable, capped, append-only log.
//
// It holds up to 50,000 events and grows at network speed, so copying an array per
// event is out of the question. Events live in fixed-size chunks; a log value is a
// window (start, length) over them. Appending pushes into the last chunk in place
// when no other log value has already pushed there: older values only read below
// their own length, so they never see the change and the log stays observably
// immutable. Dropping the oldest event just moves the window.
import type { Direction } from '../bindings/Direction';

export interface ConsoleEvent {
  /** Per-connection sequence number: 1, 2, 3… never reused, survives drops and Clear. */
  readonly seq: number;
  readonly direction: Direction;
  readonly namespace: string;
  readonly event: string;
  readonly args: unknown[];
  /** Milliseconds since the Unix epoch. */
  readonly time: number;
}

export interface EventLog {
  readonly chunks: readonly ConsoleEvent[][];
  /** Index of the oldest live event within chunks[0]. */
  readonly start: number;
  readonly length: number;
  /** The seq the next appended event gets. */
  readonly nextSeq: number;
}

export const CHUNK = 512;

export function emptyLog(nextSeq = 1): EventLog {
  return { chunks: [], start: 0, length: 0, nextSeq };
}

/** Seq of the oldest live event (equals nextSeq when empty). */
export function firstSeq(log: EventLog): number {
  return log.nextSeq - log.length;
}

/** The i-th live event, oldest first. */
export function eventAt(log: EventLog, i: number): ConsoleEvent | undefined {
  if (i < 0 || i >= log.length) return undefined;
  const j = log.start + i;
  return log.chunks[Math.floor(j / CHUNK)][j % CHUNK];
}

export function eventBySeq(log: EventLog, seq: number): ConsoleEvent | undefined {
  return eventAt(log, seq - firstSeq(log));
}

export function append(log: EventLog, data: Omit<ConsoleEvent, 'seq'>, cap: number): EventLog {
  const ev: ConsoleEvent = { ...data, seq: log.nextSeq };
  const end = log.start + log.length; // position after the newest event
  let chunks = log.chunks;
  const last = chunks[chunks.length - 1];
  const inLast = end - (chunks.length - 1) * CHUNK; // events of this log in the last chunk
  if (!last || inLast === CHUNK) {
    chunks = [...chunks, [ev]];
  } else if (last.length === inLast) {
    last.push(ev); // nobody has written past our end: safe to share
  } else {
    chunks = [...chunks.slice(0, -1), [...last.slice(0, inLast), ev]];
  }
  let start = log.start;
  let length = log.length + 1;
  if (length > Math.max(1, cap)) {
    start++;
    length--;
    if (start === CHUNK) {
      chunks = chunks.slice(1);
      start = 0;
    }
  }
  return { chunks, start, length, nextSeq: log.nextSeq + 1 };
}

/** Empty the log; seqs keep counting so views can tell old from new. */
export function clearLog(log: EventLog): EventLog {
  return emptyLog(log.nextSeq);
}
