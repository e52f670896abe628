// Times from a server or the backend, formatted through one safe path (src/lib/format.ts):
// any number renders, and one no Date holds (NaN, ±Infinity, past ±8.64e15 ms) shows the
// catalog's invalid time instead of "Invalid Date" or a RangeError.
import { afterEach, describe, expect, it } from 'vitest';
import {
  visibleFileName,
  MAX_TIME_MS, clockTime, dayAndClockTime, invalidTime, isValidTime, isoTime, localDate, localDateTime, localStamp, localTime, validDate,
} from '../src/lib/format';
import { dayKey, daysAgo } from '../src/state/space';
import { intlLocale, setLocale, t } from '../src/i18n';

const BAD = [1e16, -1e16, MAX_TIME_MS + 1, -MAX_TIME_MS - 1, NaN, Infinity, -Infinity];
const NOW = Date.UTC(2024, 2, 5, 14, 7, 9, 42);

describe('validDate', () => {
  it('a Date for every time a Date holds, the edges included', () => {
    for (const ms of [0, NOW, -NOW, MAX_TIME_MS, -MAX_TIME_MS, 1.5]) {
      expect(validDate(ms)?.getTime()).toBe(new Date(ms).getTime());
      expect(isValidTime(ms)).toBe(true);
    }
  });

  it('null outside the Date range, for NaN and the infinities, and for what is no number', () => {
    for (const ms of [...BAD, '1', null, undefined, {}]) {
      expect(validDate(ms)).toBeNull();
      expect(isValidTime(ms)).toBe(false);
    }
  });
});

describe('the formatters', () => {
  it('the invalid time is a catalog text', () => {
    expect(invalidTime()).toBe(t('time.invalid'));
    expect(invalidTime()).toBe('invalid time');
  });

  it('a bad time shows as invalid, never throws, never "Invalid Date"', () => {
    for (const ms of BAD) {
      expect(clockTime(ms)).toBe('invalid time');
      expect(localTime(ms)).toBe('invalid time');
      expect(localDateTime(ms)).toBe('invalid time');
      expect(localDate(ms)).toBe('invalid time');
      expect(localStamp(ms, NOW)).toBe('invalid time');
      expect(isoTime(ms)).toBeNull();
    }
  });

  it('a good time is written as before', () => {
    const d = new Date(NOW);
    expect(isoTime(NOW)).toBe('2024-03-05T14:07:09.042Z');
    expect(clockTime(NOW)).toMatch(/^\d\d:07:09\.042$/);
    expect(localTime(NOW)).toBe(d.toLocaleTimeString(intlLocale(), { hour: 'numeric', minute: '2-digit' }));
    expect(localDateTime(NOW)).toBe(d.toLocaleString(intlLocale(), { dateStyle: 'medium', timeStyle: 'short' }));
    expect(localStamp(NOW, NOW)).toBe(localTime(NOW));
    expect(localStamp(NOW - 3 * 86_400_000, NOW)).toBe(localDateTime(NOW - 3 * 86_400_000));
    // The edges of the range are times too.
    expect(isoTime(MAX_TIME_MS)).toBe('+275760-09-13T00:00:00.000Z');
    expect(localDateTime(-MAX_TIME_MS)).not.toBe('invalid time');
  });

  it('chat days: a bad time has no day', () => {
    for (const ms of BAD) {
      expect(dayKey(ms)).toBe('invalid');
      expect(daysAgo(ms, NOW)).toBeNaN();
    }
    expect(daysAgo(NOW, NOW)).toBe(0);
  });
});

describe('in the window\'s language', () => {
  afterEach(() => setLocale('en'));
  // Noon UTC is the same day in every time zone the tests may run in.
  const NOON = Date.UTC(2024, 2, 5, 12, 0, 0);

  it('Russian dates and times', () => {
    setLocale('ru-RU');
    expect(localDate(NOON)).toBe('вторник, 5 марта 2024 г.');
    expect(localTime(NOON)).toMatch(/^\d\d:00$/);
  });

  it('Chinese dates', () => {
    setLocale('zh-CN');
    expect(localDate(NOON)).toBe('2024年3月5日星期二');
  });

  it('switching the language switches the format at once', () => {
    setLocale('en-US');
    expect(localDate(NOON)).toBe('Tuesday, March 5, 2024');
    setLocale('ru');
    expect(localDate(NOON)).toMatch(/марта/);
  });
});

describe('file names with direction controls', () => {
  it('show the controls as what they are, so a name cannot pass for another', () => {
    expect(visibleFileName('invoice\u202efdp.exe')).toBe('invoice⟨U+202E⟩fdp.exe');
    expect(visibleFileName('a\u2067b\u2069\u200f.txt')).toBe('a⟨U+2067⟩b⟨U+2069⟩⟨U+200F⟩.txt');
    expect(visibleFileName('отчёт 报告.pdf')).toBe('отчёт 报告.pdf');
  });
});

describe('dayAndClockTime', () => {
  it('the clock alone today, after the date on another day, and never a bad date', () => {
    expect(dayAndClockTime(NOW, NOW + 1000)).toBe(clockTime(NOW));
    const earlier = dayAndClockTime(NOW, NOW + 3 * 86_400_000);
    expect(earlier.endsWith(clockTime(NOW)) && earlier.length > clockTime(NOW).length).toBe(true);
    for (const ms of BAD) expect(dayAndClockTime(ms)).toBe(invalidTime());
  });
});
