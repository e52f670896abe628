// @vitest-environment jsdom
// Which language the window speaks: a language chosen in Settings beats the system's; the
// system's comes from the backend's system_locale, and when that is null or fails, from
// the web view. The choice is kept in localStorage; a change tells the listeners once.
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getLocale, intlLocale, setLocale } from '../src/i18n';
import { applyLanguage, chooseLanguage, forgetSystemLocale, languageTag, onLanguageChange } from '../src/settings/language';
import { LANGUAGE_CHOICES, LANGUAGE_KEY, storedLanguage } from '../src/settings/preferences';
import { catalog } from '../src/i18n/catalog';

/** The backend answers system_locale with `answer` (a function: it may throw). */
const osSays = (answer: () => string | null) => mockIPC((cmd) => (cmd === 'system_locale' ? answer() : null));

beforeEach(() => {
  localStorage.clear();
  forgetSystemLocale();
});

afterEach(() => {
  clearMocks();
  delete (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__;
  vi.unstubAllGlobals();
  setLocale('en');
});

describe('languageTag', () => {
  it.each([
    // choice, system_locale, navigator.language → tag
    ['ru', 'zh-CN', 'en-US', 'ru'],
    ['zh', 'ru_RU.UTF-8', 'en-US', 'zh'],
    ['en', 'en-GB', 'en-US', 'en-GB'],
    ['system', 'ru_RU.UTF-8', 'en-US', 'ru-RU'],
    ['system', null, 'zh-CN', 'zh-CN'],
    ['system', 'C', 'ru', 'ru'],
    ['system', null, undefined, undefined],
  ] as const)('%s, system %s, web view %s → %s', (choice, system, webview, want) => {
    expect(languageTag(choice, system, webview)).toBe(want);
  });
});

describe('applyLanguage', () => {
  it('system: the OS locale from the backend, not the web view', async () => {
    osSays(() => 'ru_RU.UTF-8');
    await applyLanguage('system');
    expect([getLocale(), intlLocale()]).toEqual(['ru', 'ru-RU']);
    expect(document.documentElement.lang).toBe('ru');
    expect(document.title).toBe('Switchboard');
  });

  it('a stored choice beats the system', async () => {
    osSays(() => 'ru-RU');
    localStorage.setItem(LANGUAGE_KEY, 'zh');
    await applyLanguage();
    expect(getLocale()).toBe('zh');
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('system_locale null: the web view language', async () => {
    osSays(() => null);
    vi.stubGlobal('navigator', { language: 'zh-TW' });
    await applyLanguage('system');
    expect([getLocale(), intlLocale()]).toEqual(['zh', 'zh-TW']);
  });

  it('system_locale failing, or no backend at all: the web view language', async () => {
    osSays(() => {
      throw 'unknown command system_locale';
    });
    vi.stubGlobal('navigator', { language: 'ru-RU' });
    await applyLanguage('system');
    expect(getLocale()).toBe('ru');

    clearMocks();
    delete (window as { __TAURI_INTERNALS__?: unknown }).__TAURI_INTERNALS__;
    forgetSystemLocale();
    vi.stubGlobal('navigator', { language: 'en-US' });
    await applyLanguage('system');
    expect(getLocale()).toBe('en');
  });

  it('asks the backend once', async () => {
    const ask = vi.fn(() => 'ru-RU');
    osSays(ask);
    await applyLanguage('system');
    await applyLanguage('en');
    await applyLanguage('system');
    expect(ask).toHaveBeenCalledTimes(1);
  });
});

describe('chooseLanguage', () => {
  it('stores the choice and tells the listeners when the language changed', async () => {
    osSays(() => 'en-US');
    const changed = vi.fn();
    const stop = onLanguageChange(changed);
    try {
      await chooseLanguage('ru');
      expect(localStorage.getItem(LANGUAGE_KEY)).toBe('ru');
      expect(storedLanguage()).toBe('ru');
      expect(changed).toHaveBeenCalledTimes(1);
      await chooseLanguage('ru'); // no change: nothing to draw again
      expect(changed).toHaveBeenCalledTimes(1);
      await chooseLanguage('system');
      expect(getLocale()).toBe('en');
      expect(localStorage.getItem(LANGUAGE_KEY)).toBe('system');
      expect(changed).toHaveBeenCalledTimes(2);
    } finally {
      stop();
    }
  });
});

describe('the stored language', () => {
  it('nothing stored, or a value this version does not know: system', () => {
    expect(storedLanguage()).toBe('system');
    localStorage.setItem(LANGUAGE_KEY, 'klingon');
    expect(storedLanguage()).toBe('system');
  });

  it('every language offered has a catalog', () => {
    for (const choice of LANGUAGE_CHOICES) if (choice !== 'system') expect(catalog[choice]).toBeDefined();
  });
});
