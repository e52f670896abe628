// A connection's saved history as the console shows it: the rows from before this run of
// the app ("earlier sessions", shown above the live events) and the rows of a search over
// the whole history. Each is a list of pages asked from the backend, newest first: the
// first answer holds the newest rows that match, "Load older" asks for the rows before
// the oldest one shown and puts them on top. History rows become console rows with
// negative seqs (-row), so they never meet the live log's seqs (1, 2, 3…).
import type { HistoryQuery } from '../bindings/HistoryQuery';
import type { HistoryRow } from '../bindings/HistoryRow';
import type { ConsoleEvent } from './event-log';

export type HistoryListName = 'earlier' | 'search';

export interface HistoryList {
  /** What was asked (without `before_row`). */
  readonly query: HistoryQuery;
  /** Oldest first. */
  readonly rows: readonly ConsoleEvent[];
  /** Older rows match too. */
  readonly more: boolean;
  /** The request id of the page on its way, if any. */
  readonly asking: number | null;
  /** Whether any page has come. */
  readonly answered: boolean;
  /** Why the last page did not come, in words ('' when it did). */
  readonly error: string;
}

export interface ConnHistory {
  readonly earlier: HistoryList | null;
  readonly search: HistoryList | null;
}

export const emptyHistory = (): ConnHistory => ({ earlier: null, search: null });

/** The console row of a history row (the backend writes an absent field as null). */
export function historyEvent(r: HistoryRow): ConsoleEvent {
  return {
    seq: -r.row,
    kind: r.kind,
    direction: r.direction ?? 'in',
    namespace: r.namespace,
    event: r.event,
    args: Array.isArray(r.args) ? r.args : [],
    ack: r.ack ?? undefined,
    emit_id: r.emit_id ?? undefined,
    detail: r.detail ?? undefined,
    linked: r.linked_row != null ? -r.linked_row : undefined,
    round_trip_ms: r.round_trip_ms ?? undefined,
    time: r.time,
    earlier: true,
  };
}

/** The history row number of a console row from the history. */
export const rowOf = (ev: ConsoleEvent): number => -ev.seq;

/** The query for the page before the oldest row of `list`. */
export function olderQuery(list: HistoryList): HistoryQuery {
  const oldest = list.rows[0];
  return oldest ? { ...list.query, before_row: rowOf(oldest) } : list.query;
}

/** A page of `list` was asked: a new list for a new query, else the same list waiting for older rows. */
export function asked(h: ConnHistory, name: HistoryListName, query: HistoryQuery, requestId: number, older: boolean): ConnHistory {
  const list = h[name];
  const next: HistoryList =
    older && list
      ? { ...list, asking: requestId, error: '' }
      : { query, rows: [], more: false, asking: requestId, answered: false, error: '' };
  return { ...h, [name]: next };
}

/** Leave search: back to the live log. */
export const searchClosed = (h: ConnHistory): ConnHistory => (h.search ? { ...h, search: null } : h);

/** A page came: it goes on top of the list that asked for it. */
export function answered(h: ConnHistory, requestId: number | undefined, rows: readonly HistoryRow[], more: boolean): ConnHistory {
  let next = h;
  for (const name of ['earlier', 'search'] as const) {
    const list = next[name];
    if (!list || requestId === undefined || list.asking !== requestId) continue;
    const page = rows.map(historyEvent);
    // Only rows older than the oldest shown (a page asked twice adds nothing twice).
    const oldest = list.rows[0]?.seq;
    const fresh = oldest === undefined ? page : page.filter((ev) => ev.seq > oldest);
    next = { ...next, [name]: { ...list, rows: fresh.length ? [...fresh, ...list.rows] : list.rows, more, asking: null, answered: true, error: '' } };
  }
  return next;
}

/** A page did not come (the backend refused the request): in words. */
export function failed(h: ConnHistory, requestId: number, error: string): ConnHistory {
  let next = h;
  for (const name of ['earlier', 'search'] as const) {
    const list = next[name];
    if (list && list.asking === requestId) next = { ...next, [name]: { ...list, asking: null, error } };
  }
  return next;
}

/** The history was cleared: nothing is left to show. */
export function cleared(h: ConnHistory): ConnHistory {
  const empty = (list: HistoryList | null): HistoryList | null => list && { ...list, rows: [], more: false, asking: null };
  return { earlier: empty(h.earlier), search: empty(h.search) };
}
