// Saved messages: each server's collection of named emits (as the backend keeps them, in
// saved order), what the emit form is asked to load (a saved message, or an event of the
// log), and the result of the last setup export or import. Pure functions only.
import type { SavedMessage } from '../bindings/SavedMessage';

/** Each server's saved messages by its profile id; absent: not asked for yet. */
export type SavedBy = Readonly<Record<string, readonly SavedMessage[]>>;

export const emptySaved = (): SavedBy => ({});

/** The backend's whole collection of server `id`. */
export function applySaved(s: SavedBy, id: string, messages: readonly SavedMessage[]): SavedBy {
  return { ...s, [id]: messages };
}

/** Forget the collections of servers no longer saved (asked again should one come back). */
export function keepServers(s: SavedBy, ids: ReadonlySet<string>): SavedBy {
  const gone = Object.keys(s).filter((id) => !ids.has(id));
  if (gone.length === 0) return s;
  const next = { ...s };
  for (const id of gone) delete next[id];
  return next;
}

/** What the emit form sends: an event, its arguments, and whether an ack is awaited, for how long. */
export interface EmitSpec {
  event: string;
  args: unknown[];
  ack: boolean;
  /** Only with `ack`. */
  ack_timeout_ms?: number;
}

/** A saved message to save (an empty `id`: a new one, the backend picks its id). */
export function toSaved(name: string, spec: EmitSpec, id = ''): SavedMessage {
  const message: SavedMessage = { id, name: name.trim() || spec.event, event: spec.event, args: spec.args, ack: spec.ack };
  if (spec.ack && spec.ack_timeout_ms !== undefined) message.ack_timeout_ms = spec.ack_timeout_ms;
  return message;
}

/** What a saved message sends; `defaultTimeout` when it awaits an ack but names no timeout. */
export function specOf(m: SavedMessage, defaultTimeout: number): EmitSpec {
  return m.ack
    ? { event: m.event, args: m.args, ack: true, ack_timeout_ms: m.ack_timeout_ms ?? defaultTimeout }
    : { event: m.event, args: m.args, ack: false };
}

/** A name not yet used in `list`: `base`, else "base 2", "base 3"… (`except`: the message being renamed). */
export function freeName(list: readonly SavedMessage[], base: string, except = ''): string {
  const used = new Set(list.filter((m) => m.id !== except).map((m) => m.name));
  const name = base.trim();
  if (!used.has(name)) return name;
  for (let n = 2; ; n++) if (!used.has(`${name} ${n}`)) return `${name} ${n}`;
}

/** What the emit form is asked to show, numbered so the same event loaded twice is loaded twice. */
export interface EmitDraft extends Partial<Omit<EmitSpec, 'event' | 'args'>> {
  n: number;
  /** The server whose console shows the form. */
  id: string;
  event: string;
  args: unknown[];
}

/** The last setup export or import, as the backend reported it. */
export type SetupNote =
  | { kind: 'exported'; path: string; servers: number; messages: number }
  | { kind: 'imported'; servers: string[]; need_token: string[]; messages: number };
