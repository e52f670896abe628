// `t(key, params)`: look a text up in the catalog for the person's language.
// A key missing everywhere shows as the key itself (visible, not blank) and is reported once.
import { catalog, type MessageKey } from './catalog';

export type { MessageKey } from './catalog';
export type Params = Record<string, string | number>;

/** The best catalog locale for a BCP 47 tag: exact ("zh-TW"), then language ("zh"), then en. */
export function pickLocale(tag: string | undefined, available: string[] = Object.keys(catalog)): string {
  if (!tag) return 'en';
  const lower = tag.toLowerCase();
  const exact = available.find((l) => l.toLowerCase() === lower);
  if (exact) return exact;
  const lang = lower.split('-')[0];
  return available.find((l) => l.toLowerCase() === lang) ?? 'en';
}

let locale = pickLocale(typeof navigator !== 'undefined' ? navigator.language : undefined);
const missing = new Set<string>();
let onMissing: (key: string) => void = (key) => console.warn(`i18n: no text for "${key}"`);

export function setLocale(tag: string): void {
  locale = pickLocale(tag);
}

export function getLocale(): string {
  return locale;
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
    return typeof v === 'number' ? v.toLocaleString(locale) : v;
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

/** Keys that come in plural forms: `${base}.one`, `${base}.other`, … */
export type PluralBase = { [K in MessageKey]: K extends `${infer B}.other` ? B : never }[MessageKey];

/** A text that depends on `count`, in the plural form the language uses for it. */
export function tn(base: PluralBase, count: number, params: Params = {}): string {
  const form = new Intl.PluralRules(locale).select(count);
  const key = `${base}.${form}` as MessageKey;
  const all = { ...params, count };
  return (catalog[locale]?.[key] ?? catalog.en[key]) !== undefined ? t(key, all) : t(`${base}.other` as MessageKey, all);
}
