// The shape of a catalog, derived from the English one: which keys exist, which of them
// come in plural forms, and what a translation must hold for its language's plural rules.
import type { en } from './en';

export type MessageKey = keyof typeof en;

/**
 * Keys that come in plural forms: `${base}.one`, `${base}.other` in English. Found by
 * `.one`, not `.other`: `file_exchange.end.other` is an ordinary text ("Ended: …").
 */
export type PluralBase = { [K in MessageKey]: K extends `${infer B}.one` ? B : never }[MessageKey];

/** Every key that is not a plural form. */
export type SingleKey = Exclude<MessageKey, `${PluralBase}.one` | `${PluralBase}.other`>;

/**
 * A complete translation whose language has the plural categories `C` (what
 * `Intl.PluralRules(lang).resolvedOptions().pluralCategories` lists): every single key,
 * and each plural base once per category. A missing or extra key fails to type-check.
 */
export type Translation<C extends Intl.LDMLPluralRule> = Record<SingleKey | `${PluralBase}.${C}`, string>;

/** What the window looks texts up in: any locale's texts by key (plural keys included). */
export type Messages = { readonly [key: string]: string | undefined };
