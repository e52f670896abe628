// Short texts derived from data: times, one-line previews, JSON search text.

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Local time as hh:mm:ss.mmm. */
export function clockTime(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

const previews = new WeakMap<object, string>();
const PREVIEW_MAX = 400;

/** The args on one line, JSON, comma-separated, cut to a few hundred characters. Cached per args array. */
export function previewArgs(args: unknown[]): string {
  const cached = previews.get(args);
  if (cached !== undefined) return cached;
  let text = args.map((a) => safeStringify(a)).join(', ');
  if (text.length > PREVIEW_MAX) text = `${text.slice(0, PREVIEW_MAX)}…`;
  previews.set(args, text);
  return text;
}

const lowered = new WeakMap<object, string>();

/** The args as lower-case JSON, for free-text search. Cached per args array. */
export function searchText(args: unknown[]): string {
  let text = lowered.get(args);
  if (text === undefined) {
    text = safeStringify(args).toLowerCase();
    lowered.set(args, text);
  }
  return text;
}

export function safeStringify(v: unknown, indent?: number): string {
  try {
    return JSON.stringify(v, null, indent) ?? String(v);
  } catch {
    return String(v);
  }
}
