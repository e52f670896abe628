// The window's requests of one connection, the same for every protocol, as pure functions:
// those sent and not answered yet (by the request id the window chose), the last answered
// ones (so a late second answer still finds what it was about), and, for each kind of
// request and what it is about (its key, such as a Space room), the latest one sent and how
// it ended. A request ends with the backend's `answer` update (done, or refused in words),
// or with the window's own refusal (the backend rejected it at once, or the window would
// not send it). Views ask `isAsking` (busy) and `failureOf` (the error beside a control).

/** Answered requests remembered for a late second answer (a refusal after done). */
export const RECENT_CAP = 100;

export interface Request {
  /** Chosen by the window, unique per window run. */
  id: number;
  /** The protocol action's `type` (`join`, `start`, …), or the file action's (`send_file`, `retry_file`). */
  kind: string;
  /** What it is about (a Space room, a server file), null when nothing in particular. */
  key: string | null;
}

/** The latest request of one kind and key. */
export interface Latest extends Request {
  pending: boolean;
  /** Why it was refused, in words; null: open, or done. */
  failure: string | null;
}

/** A refused request, as a view shows it. */
export interface Failure {
  id: number;
  kind: string;
  key: string | null;
  message: string;
}

export interface Requests {
  /** Sent and not answered yet, oldest first. */
  pending: readonly Request[];
  /** Answered, oldest first, at most RECENT_CAP. */
  recent: readonly Request[];
  /** By kind and key: the latest request sent. */
  latest: Readonly<Record<string, Latest>>;
}

export const emptyRequests = (): Requests => ({ pending: [], recent: [], latest: {} });

const slotOf = (kind: string, key: string | null): string => JSON.stringify([kind, key]);

/** Request `r` was sent: it is open until answered, and the last failure of its kind and key goes. */
export function asked(s: Requests, r: Request): Requests {
  const req: Request = { id: r.id, kind: r.kind, key: r.key };
  return {
    ...s,
    pending: [...s.pending, req],
    latest: { ...s.latest, [slotOf(r.kind, r.key)]: { ...req, pending: true, failure: null } },
  };
}

/**
 * Request `id` was answered: done (no `error`), or refused in words. A second answer of
 * the same request (a refusal after done) wins; an answer of a request older than the
 * latest of its kind and key no longer speaks for them. Unknown ids change nothing.
 */
export function answered(s: Requests, id: number, error?: string | null): Requests {
  const i = s.pending.findIndex((p) => p.id === id);
  const req = i >= 0 ? s.pending[i] : s.recent.find((p) => p.id === id);
  if (!req) return s;
  const pending = i >= 0 ? [...s.pending.slice(0, i), ...s.pending.slice(i + 1)] : s.pending;
  const recent = i >= 0 ? [...s.recent, req].slice(-RECENT_CAP) : s.recent;
  const slot = slotOf(req.kind, req.key);
  const now = s.latest[slot];
  const latest = now && now.id > id
    ? s.latest
    : { ...s.latest, [slot]: { ...req, pending: false, failure: error ?? null } };
  return { pending, recent, latest };
}

/** The window refused request `r` itself (an empty field): it ends at once, refused. */
export const refusedAtOnce = (s: Requests, r: Request, message: string): Requests =>
  answered(asked(s, r), r.id, message);

/** Failures of these kinds (about `key`; any, when not given) are moot now (say, what was refused in a room I left). */
export function forget(s: Requests, kinds: readonly string[], key?: string | null): Requests {
  const moot = (l: Latest) => l.failure !== null && kinds.includes(l.kind) && (key === undefined || l.key === key);
  const gone = Object.keys(s.latest).filter((k) => moot(s.latest[k]));
  if (gone.length === 0) return s;
  const latest = { ...s.latest };
  for (const k of gone) delete latest[k];
  return { ...s, latest };
}

/** No answer will come to the open requests any more (their connection closed). */
export const dropPending = (s: Requests): Requests => (s.pending.length === 0 ? s : { ...s, pending: [] });

const kindsOf = (kind: string | readonly string[]): readonly string[] => (typeof kind === 'string' ? [kind] : kind);

/** A request of `kind` (about `key`; any, when not given) is open. */
export function isAsking(s: Requests, kind: string | readonly string[], key?: string | null): boolean {
  const kinds = kindsOf(kind);
  return s.pending.some((p) => kinds.includes(p.kind) && (key === undefined || p.key === key));
}

/** The latest request of these kinds (about `key`; any, when not given), however it stands. */
export function latestOf(s: Requests, kind: string | readonly string[], key?: string | null): Latest | null {
  const kinds = kindsOf(kind);
  let found: Latest | null = null;
  for (const l of Object.values(s.latest)) {
    if (!kinds.includes(l.kind) || (key !== undefined && l.key !== key)) continue;
    if (found === null || l.id > found.id) found = l;
  }
  return found;
}

/**
 * Why the latest request of these kinds (about `key`; any, when not given) was refused;
 * null when it is open or done (a later request clears an earlier failure), or none was sent.
 */
export function failureOf(s: Requests, kind: string | readonly string[], key?: string | null): Failure | null {
  const l = latestOf(s, kind, key);
  return l && l.failure !== null ? { id: l.id, kind: l.kind, key: l.key, message: l.failure } : null;
}

/** The request an `id` names, open or answered lately. */
export const requestOf = (s: Requests, id: number): Request | null =>
  s.pending.find((p) => p.id === id) ?? s.recent.find((p) => p.id === id) ?? null;
