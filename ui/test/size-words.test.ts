// File sizes in words: the number written as the window's language writes it (decimal
// comma, digit groups), the unit word from its catalog, bytes in its plural forms.
import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../src/i18n';
import { sizeText } from '../src/views/files/file-words';

afterEach(() => setLocale('en'));

const MiB = 1024 * 1024;

describe('sizeText', () => {
  it('English', () => {
    setLocale('en-US');
    expect([1, 12, 1536, 12.5 * MiB, 1000 * MiB].map(sizeText)).toEqual(['1 byte', '12 bytes', '1.5 KiB', '13 MiB', '1,000 MiB']);
    expect(sizeText(2.5 * MiB)).toBe('2.5 MiB');
  });

  it('Russian: decimal comma, Russian units, byte forms', () => {
    setLocale('ru-RU');
    expect([1, 3, 12, 1536, 2.5 * MiB, 1000 * MiB].map(sizeText)).toEqual(
      ['1 байт', '3 байта', '12 байт', '1,5 КиБ', '2,5 МиБ', '1 000 МиБ'].map((s) => s.replace(/ /g, '\u00a0')),
    );
  });

  it('Chinese', () => {
    setLocale('zh-CN');
    expect([12, 1536, 2.5 * MiB].map(sizeText)).toEqual(['12 字节', '1.5 KiB', '2.5 MiB']);
  });
});
