// Short texts derived from data: times, one-line previews, JSON search text.
//
// Every time shown comes from a server or the backend (ms since the epoch) and may be
// anything: NaN, ±Infinity, or beyond what a Date holds (±8.64e15 ms), where Date methods
// answer "Invalid Date" or throw (toISOString). So times are only ever formatted here,
// through `validDate`, and one that no calendar holds shows as the catalog's invalid time.
import { intlLocale, t } from '../i18n';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** The furthest a Date reaches from the epoch, either way (ms): 100,000,000 days. */
export const MAX_TIME_MS = 8.64e15;

/** `ms` as a Date, or null when it is no time a Date holds (not a number, NaN, ±Infinity, past ±8.64e15). */
export function validDate(ms: unknown): Date | null {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || Math.abs(ms) > MAX_TIME_MS) return null;
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Whether `ms` is a time a Date holds. */
export const isValidTime = (ms: unknown): ms is number => validDate(ms) !== null;

/** What an invalid time shows instead. */
export const invalidTime = (): string => t('time.invalid');

/** The time as ISO 8601 for a `datetime` attribute, or null when there is no such time. */
export function isoTime(ms: unknown): string | null {
  return validDate(ms)?.toISOString() ?? null;
}

/** Local time as hh:mm:ss.mmm: the console's timestamps, digits alike in every language (not through Intl). */
export function clockTime(ms: number): string {
  const d = validDate(ms);
  if (!d) return invalidTime();
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** The clock time, after the date when it is not today (an event from an earlier session). */
export function dayAndClockTime(ms: number, now = Date.now()): string {
  const d = validDate(ms);
  if (!d) return invalidTime();
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) return clockTime(ms);
  const day = new Intl.DateTimeFormat(intlLocale(), { year: 'numeric', month: 'short', day: 'numeric' }).format(d);
  return `${day} ${clockTime(ms)}`;
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

// Dates and times are written the way the window's language writes them (intlLocale:
// "14:05" in ru-RU, "2:05 PM" in en-US, "下午2:05" in zh-CN). A formatter is costly to
// make and chat rows ask for many, so each is made once per locale.
const FORMATS = {
  time: { hour: 'numeric', minute: '2-digit' },
  dateTime: { dateStyle: 'medium', timeStyle: 'short' },
  date: { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

let formatters: { locale: string; byKind: Partial<Record<keyof typeof FORMATS, Intl.DateTimeFormat>> } = { locale: '', byKind: {} };

function format(kind: keyof typeof FORMATS, d: Date): string {
  const locale = intlLocale();
  if (formatters.locale !== locale) formatters = { locale, byKind: {} };
  const f = (formatters.byKind[kind] ??= new Intl.DateTimeFormat(locale, FORMATS[kind]));
  return f.format(d);
}

/** Local time of day, hours and minutes, as the window's language writes it (14:05, 2:05 PM). */
export function localTime(ms: number): string {
  const d = validDate(ms);
  return d ? format('time', d) : invalidTime();
}

/** Local date and time, as the window's language writes it (5 Mar 2024, 14:07). */
export function localDateTime(ms: number): string {
  const d = validDate(ms);
  return d ? format('dateTime', d) : invalidTime();
}

/** A date in words, as the window's language writes it (Tuesday, 5 March 2024). */
export function localDate(ms: number): string {
  const d = validDate(ms);
  return d ? format('date', d) : invalidTime();
}

/** The time of day alone when `ms` is today, else the date and time. */
export function localStamp(ms: number, now: number): string {
  const d = validDate(ms);
  if (!d) return invalidTime();
  return d.toDateString() === validDate(now)?.toDateString() ? localTime(ms) : localDateTime(ms);
}

/** The controls that change the direction of text (U+202A–202E, U+2066–2069, U+200E/F, U+061C). */
const DIRECTION_CONTROLS = /[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/**
 * A file name with its direction controls shown as what they are ("⟨U+202E⟩"): otherwise
 * "invoice\u202efdp.exe" reads as "invoiceexe.pdf" and passes for another kind of file.
 */
export function visibleFileName(name: string): string {
  return name.replace(DIRECTION_CONTROLS, (c) => `⟨U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}⟩`);
}
