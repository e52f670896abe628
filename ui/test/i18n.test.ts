import { afterEach, describe, expect, it, vi } from 'vitest';
import { catalog, type MessageKey } from '../src/i18n/catalog';
import { errorText } from '../src/errors';
import { getLocale, intlLocale, missingKeys, normalizeTag, pickLocale, setLocale, setMissingHandler, t, tn } from '../src/i18n';

afterEach(() => setLocale('en'));

describe('t', () => {
  it('looks texts up in the English catalog and fills placeholders', () => {
    expect(t('servers.add')).toBe('Add server');
    expect(t('state.reconnecting', { seconds: 3, attempt: 2 })).toBe('Reconnecting in 3s (attempt 2)');
  });

  it('formats numbers for the locale', () => {
    expect(t('emit.ack_timeout', { ms: 12000 })).toBe('No answer after 12,000 ms');
  });

  it('leaves unknown placeholders and JSON braces alone', () => {
    expect(t('form.auth_placeholder', { user: 'x' })).toBe('{"user": "alice"}');
    expect(t('state.connecting')).toBe('Connecting (attempt {attempt})');
  });

  it('falls back to the key for a missing text, and reports it once', () => {
    const reported = vi.fn();
    setMissingHandler(reported);
    const key = 'no.such.key' as MessageKey;
    expect(t(key)).toBe('no.such.key');
    expect(t(key)).toBe('no.such.key');
    expect(reported).toHaveBeenCalledTimes(1);
    expect(reported).toHaveBeenCalledWith('no.such.key');
    expect(missingKeys()).toContain('no.such.key');
  });

  it('falls back to English for a key another locale lacks', () => {
    catalog.xx = { 'servers.add': 'XX add' };
    try {
      setLocale('xx-YY');
      expect(t('servers.add')).toBe('XX add');
      expect(t('servers.heading')).toBe('Servers');
    } finally {
      delete catalog.xx;
    }
  });

  it('picks plural forms', () => {
    expect(tn('console.count_all', 1)).toBe('1 event');
    expect(tn('console.count_all', 50000)).toBe('50,000 events');
    expect(tn('console.count', 2, { shown: 1 })).toBe('1 of 2 events');
  });
});

describe('plural forms by the language\'s own rules', () => {
  it('Russian: one, few, many, and other for fractions', () => {
    setLocale('ru-RU');
    expect([1, 2, 5, 21, 22, 11, 0].map((n) => tn('console.count_all', n))).toEqual([
      '1 событие', '2 события', '5 событий', '21 событие', '22 события', '11 событий', '0 событий',
    ]);
    expect(tn('files.bytes', 1.5)).toBe('1,5\u00a0байта');
  });

  it('Chinese: one form for every count', () => {
    setLocale('zh-CN');
    expect([1, 2, 5].map((n) => tn('console.count_all', n))).toEqual(['1 个事件', '2 个事件', '5 个事件']);
  });

  it('a locale lacking a form uses its own "other", not English', () => {
    catalog.xx = { 'console.count_all.other': '{count} XX' };
    try {
      setLocale('xx');
      expect(tn('console.count_all', 1)).toBe('1 XX');
    } finally {
      delete catalog.xx;
    }
  });
});

describe('setLocale', () => {
  it('keeps the whole tag for Intl when the language matches the catalog', () => {
    setLocale('en-GB');
    expect([getLocale(), intlLocale()]).toEqual(['en', 'en-GB']);
    setLocale('ru_RU.UTF-8');
    expect([getLocale(), intlLocale()]).toEqual(['ru', 'ru-RU']);
    expect(t('emit.ack_timeout', { ms: 12000 })).toBe('Нет ответа за 12\u00a0000\u00a0мс');
  });

  it('a language without a catalog: English texts, English formats', () => {
    setLocale('de-DE');
    expect([getLocale(), intlLocale()]).toEqual(['en', 'en']);
  });
});

describe('normalizeTag', () => {
  it.each([
    ['ru_RU.UTF-8', 'ru-RU'],
    ['zh_CN@pinyin', 'zh-CN'],
    ['zh-hans-cn', 'zh-Hans-CN'],
    ['en-US', 'en-US'],
    ['C', undefined],
    ['POSIX', undefined],
    ['', undefined],
    [null, undefined],
    ['not a tag!', undefined],
  ])('%s → %s', (raw, want) => {
    expect(normalizeTag(raw)).toBe(want);
  });
});

describe('pickLocale', () => {
  const available = ['en', 'ru', 'zh', 'zh-TW'];
  it.each([
    ['ru-RU', 'ru'],
    ['zh-CN', 'zh'],
    ['zh-tw', 'zh-TW'],
    ['de-DE', 'en'],
    ['', 'en'],
    [undefined, 'en'],
  ])('%s → %s', (tag, want) => {
    expect(pickLocale(tag, available)).toBe(want);
  });
});

describe('every error kind has words', () => {
  it.each([
    ['invalid_url', 'The server address is not valid: x'],
    ['invalid_option', 'An option is not valid: x'],
    ['connect', 'Could not connect: x'],
    ['unknown_connection', 'There is no such connection: x'],
    ['not_connected', 'Not connected: x'],
    ['send', 'Could not send: x'],
    ['bad_request', 'The request is not valid: x'],
    ['keyring', 'The OS keyring failed: x'],
    ['file', 'The file could not be used: x'],
    ['profiles', 'The saved servers could not be read or written: x'],
    ['unexpected', 'Something unexpected went wrong: x'],
    ['warning', 'Warning: x'],
    ['a_kind_added_later', 'Something unexpected went wrong: x'],
  ])('%s', (kind, text) => {
    expect(errorText({ kind, message: 'x' })).toBe(text);
  });

  it('without a message, just the words', () => {
    expect(errorText({ kind: 'backend_unavailable', message: '' })).toMatch(/backend is not available/);
  });
});
