// A capped, append-mostly list of items with a key each, where an item sent again with
// the same key replaces the old one in place (a chat entry going pending → confirmed).
//
// A room may hold 100,000 entries, so neither the list nor its key index may be copied
// per change. Items live in fixed-size chunks (as in state/event-log.ts): adding or replacing
// one copies a single chunk and the short list of chunks. The key → position index is
// one Map shared by every value of the same log and only written when a key is added;
// a stamp tells whether a value is the newest one. Lookups in an older value (a test that
// branches from an old state) fall back to a scan, and adding to one rebuilds the index,
// so every value stays correct; the newest value, the only one the window uses, is O(1).

export interface Keyed {
  readonly key: string;
}

interface SharedIndex {
  /** key → absolute position (counting items dropped by the cap). */
  readonly map: Map<string, number>;
  /** Bumped on every write; a value whose stamp differs is not the newest. */
  stamp: number;
}

export interface KeyedLog<T extends Keyed> {
  readonly chunks: readonly (readonly T[])[];
  readonly length: number;
  /** How many items the cap dropped so far: the absolute position of item 0. */
  readonly base: number;
  readonly index: SharedIndex;
  readonly stamp: number;
}

export const CHUNK = 256;

export function emptyKeyed<T extends Keyed>(): KeyedLog<T> {
  return { chunks: [], length: 0, base: 0, index: { map: new Map(), stamp: 0 }, stamp: 0 };
}

/** The i-th item, oldest first. */
export function itemAt<T extends Keyed>(log: KeyedLog<T>, i: number): T | undefined {
  if (i < 0 || i >= log.length) return undefined;
  return log.chunks[Math.floor(i / CHUNK)][i % CHUNK];
}

const isNewest = (log: KeyedLog<Keyed>) => log.stamp === log.index.stamp;

/** Where the item with `key` is (0 = oldest), or -1. */
export function indexOfKey<T extends Keyed>(log: KeyedLog<T>, key: string): number {
  if (isNewest(log)) {
    const abs = log.index.map.get(key);
    return abs === undefined ? -1 : abs - log.base;
  }
  for (let i = log.length - 1; i >= 0; i--) if (itemAt(log, i)?.key === key) return i;
  return -1;
}

export function itemByKey<T extends Keyed>(log: KeyedLog<T>, key: string): T | undefined {
  return itemAt(log, indexOfKey(log, key));
}

/** A fresh index for an older value that is being added to. */
function reindex<T extends Keyed>(log: KeyedLog<T>): KeyedLog<T> {
  const map = new Map<string, number>();
  for (let i = 0; i < log.length; i++) map.set((itemAt(log, i) as T).key, log.base + i);
  return { ...log, index: { map, stamp: 0 }, stamp: 0 };
}

/**
 * Replace the item with `item.key`, or append it. Past `cap` items the oldest chunk goes
 * (so between cap − CHUNK and cap are kept). `added` says whether it was new.
 */
export function upsert<T extends Keyed>(log: KeyedLog<T>, item: T, cap: number): { log: KeyedLog<T>; added: boolean } {
  const at = indexOfKey(log, item.key);
  if (at >= 0) {
    const c = Math.floor(at / CHUNK);
    const chunk = log.chunks[c].slice();
    chunk[at % CHUNK] = item;
    const chunks = log.chunks.slice();
    chunks[c] = chunk;
    // The index is untouched, so this value is as new as the one it came from.
    return { log: { ...log, chunks }, added: false };
  }
  const from = isNewest(log) ? log : reindex(log);
  const last = from.chunks[from.chunks.length - 1];
  const chunks = from.chunks.slice();
  if (!last || from.length % CHUNK === 0) chunks.push([item]);
  else chunks[chunks.length - 1] = [...last, item];
  const index = from.index;
  index.map.set(item.key, from.base + from.length);
  let length = from.length + 1;
  let base = from.base;
  while (length > Math.max(CHUNK, cap)) {
    const dropped = chunks.shift() as readonly T[];
    for (const gone of dropped) index.map.delete(gone.key);
    length -= dropped.length;
    base += dropped.length;
  }
  index.stamp++;
  return { log: { chunks, length, base, index, stamp: index.stamp }, added: true };
}
