// `t(key, params)`: look a text up in the catalog for the person's language.
// A key missing everywhere shows as the key itself (visible, not blank) and is reported once.
import { catalog, type MessageKey, type PluralBase } from './catalog';

export type { MessageKey, PluralBase } from './catalog';
export type Params = Record<string, string | number>;

/**
 * A locale as the system wrote it, as a BCP 47 tag: POSIX names ("ru_RU.UTF-8",
 * "zh_CN@pinyin") lose their encoding and modifier; "C", "POSIX", empty or malformed: undefined.
 */
export function normalizeTag(raw: string | null | undefined): string | undefined {
  const tag = (raw ?? '').trim().split(/[.@]/)[0].replace(/_/g, '-');
  if (tag === '' || tag === 'C' || tag === 'POSIX') return undefined;
  try {
    return Intl.getCanonicalLocales(tag)[0];
  } catch {
    return undefined;
  }
}

const language = (tag: string) => tag.toLowerCase().split('-')[0];

/** The best catalog locale for a BCP 47 tag: exact ("zh-TW"), then language ("zh"), then en. */
export function pickLocale(tag: string | undefined, available: string[] = Object.keys(catalog)): string {
  if (!tag) return 'en';
  const lower = tag.toLowerCase();
  const exact = available.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  return available.find((l) => l.toLowerCase() === language(tag)) ?? 'en';
}

/** The catalog the texts come from ("ru"). */
let locale = 'en';
/** What Intl formats numbers, dates and plurals with ("ru-RU"): the whole tag when its language is the catalog's. */
let intlTag = 'en';
const missing = new Set<string>();
let onMissing: (key: string) => void = (key) => console.warn(`i18n: no text for "${key}"`);

/** Show the window's texts in the language of `tag` (English when there is no catalog for it). */
export function setLocale(tag: string | undefined): void {
  const clean = normalizeTag(tag);
  locale = pickLocale(clean);
  // en-GB and en-US share the texts but not the way they write dates.
  intlTag = clean !== undefined && language(clean) === language(locale) ? clean : locale;
}

setLocale(typeof navigator !== 'undefined' ? navigator.language : undefined);

/** The catalog locale in use: "en", "ru" or "zh". */
export function getLocale(): string {
  return locale;
}

/** The BCP 47 tag to hand to Intl (and toLocale…) for numbers, dates and plural rules. */
export function intlLocale(): string {
  return intlTag;
}

/** Replace how missing keys are reported (tests watch it). */
export function setMissingHandler(handler: (key: string) => void): void {
  onMissing = handler;
}

/** Keys looked up so far that exist in no locale. */
export function missingKeys(): string[] {
  return [...missing];
}

function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in params)) return whole;
    const v = params[name];
    return typeof v === 'number' ? v.toLocaleString(intlTag) : v;
  });
}

export function t(key: MessageKey, params?: Params): string {
  const text = catalog[locale]?.[key] ?? catalog.en[key];
  if (text === undefined) {
    if (!missing.has(key)) {
      missing.add(key);
      onMissing(key);
    }
    return fill(key, params);
  }
  return fill(text, params);
}

/**
 * The key of `base` for `count`: the category the locale's plural rules choose (Russian 1,
 * 21 → one; 2–4 → few; 5–20 → many; 1.5 → other), else the locale's `other`; English,
 * by English rules, only when the locale has neither.
 */
function pluralKey(base: PluralBase, count: number): MessageKey {
  const tries: [string, string][] = [[locale, intlTag], ['en', 'en']];
  for (const [lang, tag] of tries) {
    const texts = catalog[lang];
    if (!texts) continue;
    const form = new Intl.PluralRules(tag).select(count);
    for (const key of [`${base}.${form}`, `${base}.other`]) if (texts[key] !== undefined) return key as MessageKey;
  }
  return `${base}.other` as MessageKey;
}

/** A text that depends on `count`, in the plural form the language uses for it. */
export function tn(base: PluralBase, count: number, params: Params = {}): string {
  return t(pluralKey(base, count), { ...params, count });
}
