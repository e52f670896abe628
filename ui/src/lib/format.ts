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

/** Local time of day, hours and minutes, as the system writes it (14:05, 2:05 PM). */
export function localTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
}

/** Local date and time, as the system writes it (5 Mar 2024, 14:07). */
export function localDateTime(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The time of day alone when `ms` is today, else the date and time. */
export function localStamp(ms: number, now: number): string {
  return new Date(ms).toDateString() === new Date(now).toDateString() ? localTime(ms) : localDateTime(ms);
}
