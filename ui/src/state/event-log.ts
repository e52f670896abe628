// A connection's console events: an immutable, capped, append-only log.
//
// It holds up to 50,000 events and grows at network speed, so copying one big array
// per event is out of the question. Events live in fixed-size chunks and a log value
// is a window (start, length) over them: appending copies only the last chunk and the
// short list of chunks (a few hundred references), dropping the oldest event just
// moves the window. A flood's batch goes in with `appendMany`: those copies once per batch,
// not once per event. Nothing is ever changed in place, so any older value stays valid.
import type { Direction } from '../bindings/Direction';

/**
 * What a console row is: an event (in or out), the answer to an emit sent with an ack,
 * an ack that did not come in time, or a change of the connection's state.
 */
export type ConsoleKind = 'event' | 'ack' | 'ack_timeout' | 'state';

export interface ConsoleEvent {
  /** What the row is; absent: an event. */
  readonly kind?: ConsoleKind;
  /** Per-connection sequence number: 1, 2, 3… never reused, survives drops and Clear. */
  readonly seq: number;
  readonly direction: Direction;
  readonly namespace: string;
  readonly event: string;
  readonly args: unknown[];
  /** The server waits for an answer to this (incoming) event: `ack_reply` with this number. */
  readonly ack?: number;
  /** Milliseconds since the Unix epoch. */
  readonly time: number;
  /** An emit sent with an ack, and the rows answering it: the emit's id. */
  readonly emit_id?: number;
  /** A state row: the reason in words (a history row's detail). */
  readonly detail?: string;
  /** An ack timeout: how long the answer was waited for. */
  readonly timeout_ms?: number;
  /** An emit with an ack: its answer's seq; an answer: its emit's seq (when known). */
  readonly linked?: number;
  /** An emit with an ack and its answer: milliseconds between them. */
  readonly round_trip_ms?: number;
  /** A row of the saved history (from an earlier session, or a search). */
  readonly earlier?: boolean;
}

/** A row's kind, `event` when not said. */
export const kindOf = (ev: ConsoleEvent): ConsoleKind => ev.kind ?? 'event';

export interface EventLog {
  readonly chunks: readonly ConsoleEvent[][];
  /** Index of the oldest live event within chunks[0]. */
  readonly start: number;
  readonly length: number;
  /** The seq the next appended event gets. */
  readonly nextSeq: number;
}

export const CHUNK = 256;

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
  const last = log.chunks[log.chunks.length - 1];
  let chunks: ConsoleEvent[][];
  if (!last || end % CHUNK === 0) {
    chunks = [...log.chunks, [ev]];
  } else {
    chunks = log.chunks.slice();
    chunks[chunks.length - 1] = [...last, ev];
  }
  let start = log.start;
  let length = log.length + 1;
  if (length > Math.max(1, cap)) {
    start++;
    length--;
    if (start === CHUNK) {
      chunks.shift(); // our own fresh copy
      start = 0;
    }
  }
  return { chunks, start, length, nextSeq: log.nextSeq + 1 };
}

/**
 * `append` of each of `items` in turn, in one step: the chunk list and the last chunk are
 * copied once, then filled in place (they are this call's own until it returns).
 */
export function appendMany(log: EventLog, items: readonly Omit<ConsoleEvent, 'seq'>[], cap: number): EventLog {
  if (items.length === 0) return log;
  const chunks = log.chunks.slice();
  let tail: ConsoleEvent[] | null = null;
  if (chunks.length > 0 && (log.start + log.length) % CHUNK !== 0) {
    tail = chunks[chunks.length - 1].slice();
    chunks[chunks.length - 1] = tail;
  }
  let seq = log.nextSeq;
  for (const data of items) {
    if (tail === null || tail.length === CHUNK) {
      tail = [];
      chunks.push(tail);
    }
    tail.push({ ...data, seq: seq++ });
  }
  let start = log.start;
  let length = log.length + items.length;
  const keep = Math.max(1, cap);
  if (length > keep) {
    start += length - keep;
    length = keep;
    const gone = Math.floor(start / CHUNK);
    chunks.splice(0, gone);
    start -= gone * CHUNK;
  }
  return { chunks, start, length, nextSeq: seq };
}

/** Empty the log; seqs keep counting so views can tell old from new. */
export function clearLog(log: EventLog): EventLog {
  return emptyLog(log.nextSeq);
}
