// Every language has every text, and nothing else: each English key exists in the Russian
// and Chinese catalogs (a plural text once per plural category that language's
// Intl.PluralRules lists), no catalog has a key English lacks, and every translation
// fills in the same {placeholders} as the English text.
// (The type `Translation` in src/i18n/keys.ts checks the keys too, but only at `tsc`;
// this checks the catalogs the window really runs with.)
import { describe, expect, it } from 'vitest';
import { catalog } from '../src/i18n/catalog';

const en: Record<string, string> = catalog.en;
const LANGS = ['ru', 'zh'];

/** The bases of the plural texts: English has `${base}.one` and `${base}.other` for each. */
const pluralBases = new Set(
  Object.keys(en)
    .filter((k) => k.endsWith('.one'))
    .map((k) => k.slice(0, -'.one'.length)),
);

/** The English key a key of any language translates: a plural form maps to English `.other`. */
function englishKeyOf(key: string): string {
  const dot = key.lastIndexOf('.');
  return pluralBases.has(key.slice(0, dot)) ? `${key.slice(0, dot)}.other` : key;
}

/** The keys a complete catalog of `lang` has. */
function expectedKeys(lang: string): string[] {
  const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
  const keys = new Set<string>();
  for (const key of Object.keys(en)) {
    const dot = key.lastIndexOf('.');
    const base = key.slice(0, dot);
    if (pluralBases.has(base)) for (const c of categories) keys.add(`${base}.${c}`);
    else keys.add(key);
  }
  return [...keys].sort();
}

const placeholders = (text: string): string[] => [...new Set(Array.from(text.matchAll(/\{(\w+)\}/g), (m) => m[1]))].sort();

describe('the catalogs', () => {
  it('are English, Russian and Chinese', () => {
    expect(Object.keys(catalog).sort()).toEqual(['en', 'ru', 'zh']);
  });

  it('English plural texts come as .one and .other, with the same placeholders', () => {
    expect(pluralBases.size).toBeGreaterThan(5);
    for (const base of pluralBases) {
      expect(en[`${base}.other`], base).toBeDefined();
      expect(placeholders(en[`${base}.one`]), base).toEqual(placeholders(en[`${base}.other`]));
    }
  });

  it('the plural categories are the ones Intl gives', () => {
    expect(expectedKeys('ru').filter((k) => k.startsWith('console.count_all.'))).toEqual([
      'console.count_all.few', 'console.count_all.many', 'console.count_all.one', 'console.count_all.other',
    ]);
    expect(expectedKeys('zh').filter((k) => k.startsWith('console.count_all.'))).toEqual(['console.count_all.other']);
  });

  describe.each(LANGS)('%s', (lang) => {
    const texts = catalog[lang] as Record<string, string>;

    it('has every English text, in each plural category of the language', () => {
      const missing = expectedKeys(lang).filter((k) => !(k in texts));
      expect(missing).toEqual([]);
    });

    it('has no key English lacks', () => {
      const expected = new Set(expectedKeys(lang));
      expect(Object.keys(texts).filter((k) => !expected.has(k))).toEqual([]);
    });

    it('has no empty text', () => {
      expect(Object.keys(texts).filter((k) => typeof texts[k] !== 'string' || texts[k].trim() === '')).toEqual([]);
    });

    it('fills in the same {placeholders} as English', () => {
      const differ = Object.keys(texts)
        .filter((k) => englishKeyOf(k) in en)
        .filter((k) => placeholders(texts[k]).join() !== placeholders(en[englishKeyOf(k)]).join())
        .map((k) => `${k}: ${placeholders(texts[k]).join()} ≠ ${placeholders(en[englishKeyOf(k)]).join()}`);
      expect(differ).toEqual([]);
    });
  });
});
