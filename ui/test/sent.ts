// What view tests compare of a sent action: the action without the request id the window
// chose for it (ids come from one counter per window run), and that id, to answer it.
import type { Action } from '../src/bindings/Action';

let last: number | null = null;

/** `a` without its `request_id` (remembered for `lastRequestId`). */
export function withoutId(a: Action): Action {
  if (!('request_id' in a) || a.request_id === undefined) return a;
  last = a.request_id;
  const { request_id: _id, ...rest } = a;
  return rest as Action;
}

/** The request id of the last protocol action sent. */
export function lastRequestId(): number {
  if (last === null) throw new Error('no request was sent');
  return last;
}
