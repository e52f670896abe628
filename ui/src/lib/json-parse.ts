// A strict JSON parser that explains failures with a code and a line/column, so the
// window can say what is wrong in words from the catalog (engines' JSON.parse messages
// differ from one web view to another and are not translatable).

export type Expected = 'value' | 'comma_or_brace' | 'comma_or_bracket' | 'key' | 'colon';

export type JsonError =
  | { code: 'empty' }
  | { code: 'end' }
  | { code: 'unexpected' | 'trailing' | 'escape' | 'control' | 'number'; line: number; column: number; found: string }
  | { code: 'expected'; expected: Expected; line: number; column: number; found: string };

export type ParseResult = { ok: true; value: unknown } | { ok: false; error: JsonError };

class Fail {
  constructor(readonly error: JsonError) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WS = /[ \t\n\r]*/y;

export function parseJson(text: string): ParseResult {
  let i = 0;

  const where = (at: number) => {
    const before = text.slice(0, at);
    const line = before.split('\n').length;
    return { line, column: at - before.lastIndexOf('\n') };
  };
  const fail = (code: 'unexpected' | 'trailing' | 'escape' | 'control' | 'number', at = i): never => {
    if (at >= text.length) throw new Fail({ code: 'end' });
    throw new Fail({ code, ...where(at), found: text[at] });
  };
  const expect = (expected: Expected): never => {
    if (i >= text.length) throw new Fail({ code: 'end' });
    throw new Fail({ code: 'expected', expected, ...where(i), found: text[i] });
  };
  const skip = () => {
    WS.lastIndex = i;
    WS.exec(text);
    i = WS.lastIndex;
  };

  const literal = (word: string, value: unknown) => {
    for (let k = 0; k < word.length; k++) if (text[i + k] !== word[k]) fail('unexpected', i + k);
    i += word.length;
    return value;
  };

  const string = (): string => {
    let out = '';
    i++; // opening quote
    for (;;) {
      if (i >= text.length) throw new Fail({ code: 'end' });
      const c = text[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c < ' ') fail('control');
      if (c !== '\\') {
        out += c;
        i++;
        continue;
      }
      const e = text[i + 1];
      const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
      if (e !== undefined && e in simple) {
        out += simple[e];
        i += 2;
      } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else {
        fail('escape', i);
      }
    }
  };

  const number = (): number => {
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (!m || m[0] === '-') fail('number');
    const end = i + (m as RegExpExecArray)[0].length;
    // "01", "1.", "1e" and the like: a digit, dot or e right after a valid prefix.
    if (end < text.length && /[0-9.eE+-]/.test(text[end])) fail('number', end);
    const n = Number(text.slice(i, end));
    i = end;
    return n;
  };

  const value = (): unknown => {
    skip();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) return number();
    if (c === 't') return literal('true', true);
    if (c === 'f') return literal('false', false);
    if (c === 'n') return literal('null', null);
    return expect('value');
  };

  const array = (): unknown[] => {
    const out: unknown[] = [];
    i++;
    skip();
    if (text[i] === ']') {
      i++;
      return out;
    }
    for (;;) {
      out.push(value());
      skip();
      if (text[i] === ',') i++;
      else if (text[i] === ']') {
        i++;
        return out;
      } else expect('comma_or_bracket');
    }
  };

  const object = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    i++;
    skip();
    if (text[i] === '}') {
      i++;
      return out;
    }
    for (;;) {
      skip();
      if (text[i] !== '"') expect('key');
      const key = string();
      skip();
      if (text[i] !== ':') expect('colon');
      i++;
      // defineProperty: a "__proto__" key stays an ordinary key, as with JSON.parse.
      Object.defineProperty(out, key, { value: value(), enumerable: true, writable: true, configurable: true });
      skip();
      if (text[i] === ',') i++;
      else if (text[i] === '}') {
        i++;
        return out;
      } else expect('comma_or_brace');
    }
  };

  try {
    skip();
    if (i >= text.length) return { ok: false, error: { code: 'empty' } };
    const v = value();
    skip();
    if (i < text.length) fail('trailing');
    return { ok: true, value: v };
  } catch (e) {
    if (e instanceof Fail) return { ok: false, error: e.error };
    throw e;
  }
}
