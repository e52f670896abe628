// A server's ack requests in the console: which incoming events still wait for the
// person's answer, which were answered, and which never can be (their connection was
// lost: the server's ack numbers count again on a new connection, and the backend drops
// the open requests of a lost one). Not the sending itself: that is `views/ack-reply.ts`.
import type { ConsoleEvent } from './event-log';

export type ReplyState = 'none' | 'open' | 'answered' | 'lost';

export interface Replies {
  /** Events before this seq came on a connection that is gone. */
  readonly sinceSeq: number;
  /** The answers sent, by the seq of the event that asked. */
  readonly sent: Readonly<Record<number, unknown[]>>;
}

/** How many answers are remembered (the oldest are forgotten first). */
export const REPLY_CAP = 1000;

export function emptyReplies(): Replies {
  return { sinceSeq: 1, sent: {} };
}

/** The ack number an event asks to be answered with, if the server waits for one. */
export function ackOf(ev: ConsoleEvent): number | undefined {
  return ev.direction === 'in' && typeof ev.ack === 'number' ? ev.ack : undefined;
}

export function replyState(r: Replies, ev: ConsoleEvent): ReplyState {
  if (ackOf(ev) === undefined) return 'none';
  if (r.sent[ev.seq]) return 'answered';
  return ev.seq < r.sinceSeq ? 'lost' : 'open';
}

/** The answer sent to the event `seq`, if any. */
export function answerOf(r: Replies, seq: number): unknown[] | undefined {
  return r.sent[seq];
}

/**
 * The connection left the connected state: every request that came before the event
 * `nextSeq` can no longer be answered.
 */
export function connectionLost(r: Replies, nextSeq: number): Replies {
  return nextSeq <= r.sinceSeq ? r : { ...r, sinceSeq: nextSeq };
}

/** The person answered the event `seq` with `args`. */
export function replied(r: Replies, seq: number, args: unknown[]): Replies {
  const sent = { ...r.sent, [seq]: args };
  const seqs = Object.keys(sent).map(Number);
  if (seqs.length > REPLY_CAP) delete sent[Math.min(...seqs)];
  return { ...r, sent };
}
