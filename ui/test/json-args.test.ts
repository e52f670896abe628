import { describe, expect, it } from 'vitest';
import { checkJson, checkJsonList, isBase64, isBinary } from '../src/lib/json-args';
import { parseJson } from '../src/lib/json-parse';

describe('parseJson', () => {
  const valid = [
    '0', '-1.5e3', '"a\\n\\u00e9\\""', 'true', 'false', 'null', '[]', '{}', ' [1, "two", {"three": [3]}] ',
    '{"a":{"b":{"c":[null,true,1e-2]}}}', '"\\/\\b\\f\\r\\t"', '{"__proto__": 1}',
  ];
  it.each(valid)('accepts %s exactly like JSON.parse', (text) => {
    const r = parseJson(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toEqual(JSON.parse(text));
  });

  it('keeps a "__proto__" key as an ordinary key', () => {
    const r = parseJson('{"__proto__": {"polluted": true}}');
    expect(r.ok && Object.keys(r.value as object)).toEqual(['__proto__']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });

  const invalid: [string, object][] = [
    ['', { code: 'empty' }],
    ['   ', { code: 'empty' }],
    ['{"a": 1', { code: 'end' }],
    ['[1, 2', { code: 'end' }],
    ['"abc', { code: 'end' }],
    ['{"a" 1}', { code: 'expected', expected: 'colon', line: 1, column: 6, found: '1' }],
    ['{a: 1}', { code: 'expected', expected: 'key', line: 1, column: 2, found: 'a' }],
    ["{'a': 1}", { code: 'expected', expected: 'key', found: "'" }],
    ['[1 2]', { code: 'expected', expected: 'comma_or_bracket', column: 4, found: '2' }],
    ['{"a": 1 "b": 2}', { code: 'expected', expected: 'comma_or_brace', found: '"' }],
    ['[1,]', { code: 'expected', expected: 'value', found: ']' }],
    ['{\n  "a": tru\n}', { code: 'unexpected', line: 2, column: 11, found: '\n' }],
    ['undefined', { code: 'expected', expected: 'value', found: 'u' }],
    ['1 2', { code: 'trailing', line: 1, column: 3, found: '2' }],
    ['01', { code: 'number', column: 2 }],
    ['1.', { code: 'number' }],
    ['-', { code: 'number' }],
    ['"a\\x"', { code: 'escape', column: 3 }],
    ['"a\nb"', { code: 'control', column: 3 }],
  ];
  it.each(invalid)('rejects %j with a precise reason', (text, error) => {
    const r = parseJson(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject(error);
  });
});

describe('checkJson (what the person sees)', () => {
  it('blank text is empty, not an error', () => {
    expect(checkJson('  \n')).toEqual({ kind: 'empty' });
  });

  it('a valid value comes back parsed', () => {
    expect(checkJson('{"x": [1, 2]}')).toEqual({ kind: 'ok', value: { x: [1, 2] } });
  });

  it('explains errors in words with line and column', () => {
    expect(checkJson('{"a" 1}')).toEqual({
      kind: 'error',
      message: 'Expected a colon at line 1, column 6, found “1”.',
    });
    expect(checkJson('[1, 2')).toEqual({ kind: 'error', message: 'The text ends before the value is complete.' });
    expect(checkJson('[1,\n 2 x]')).toEqual({
      kind: 'error',
      message: 'Expected a comma or ] at line 2, column 4, found “x”.',
    });
  });

  it('accepts binary arguments written {"$binary": BASE64} and checks the base64', () => {
    expect(checkJson('{"$binary": "aGVsbG8="}')).toEqual({ kind: 'ok', value: { $binary: 'aGVsbG8=' } });
    expect(checkJson('[{"file": {"$binary": ""}}]').kind).toBe('ok');
    expect(checkJson('{"$binary": "not base64!"}')).toEqual({
      kind: 'error',
      message: 'The $binary value is not valid base64.',
    });
    expect(checkJson('[1, {"$binary": "abc=="}]').kind).toBe('error');
  });

  it('only a lone $binary key with a string value is binary', () => {
    expect(isBinary({ $binary: 'AA==' })).toBe(true);
    expect(isBinary({ $binary: 'AA==', other: 1 })).toBe(false);
    expect(isBinary({ $binary: 5 })).toBe(false);
    expect(isBinary(['$binary'])).toBe(false);
    expect(isBase64('aGVs bG8=')).toBe(true);
    expect(isBase64('a')).toBe(false);
  });
});

describe('checkJsonList (an ack answer’s arguments)', () => {
  it('takes a JSON list as the arguments, [] as none', () => {
    expect(checkJsonList('["yes", 7]')).toEqual({ kind: 'ok', value: ['yes', 7] });
    expect(checkJsonList(' [] ')).toEqual({ kind: 'ok', value: [] });
    expect(checkJsonList('[{"$binary": "aGVsbG8="}]')).toEqual({ kind: 'ok', value: [{ $binary: 'aGVsbG8=' }] });
  });

  it('refuses blank text, a single value and bad JSON in words', () => {
    expect(checkJsonList('  ')).toEqual({ kind: 'error', message: 'Write the arguments as a JSON list, such as ["yes", 7]; [] sends none.' });
    for (const text of ['"yes"', '{"a": 1}', '7', 'null', '"yes", 7']) {
      expect(checkJsonList(text)).toEqual({
        kind: 'error',
        message: 'The arguments must be a JSON list in [ ], such as ["yes", 7]; for a single object write [{…}].',
      });
    }
    expect(checkJsonList('["yes", 7')).toEqual({ kind: 'error', message: 'The text ends before the value is complete.' });
    expect(checkJsonList('[{"$binary": "no!"}]')).toEqual({ kind: 'error', message: 'The $binary value is not valid base64.' });
  });
});
