// Checking what the person types as a JSON value (emit arguments, the auth payload):
// parse errors and malformed `{"$binary": BASE64}` values, explained in words.
import { t } from '../i18n';
import { parseJson, type JsonError } from './json-parse';

export type ArgCheck = { kind: 'empty' } | { kind: 'ok'; value: unknown } | { kind: 'error'; message: string };

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;

/** True for `{"$binary": "..."}` — the backend's way of writing a binary argument. */
export function isBinary(v: unknown): v is { $binary: string } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === '$binary' && typeof (v as { $binary: unknown }).$binary === 'string';
}

export function isBase64(s: string): boolean {
  return BASE64.test(s.replace(/\s+/g, ''));
}

/** Every `$binary` value anywhere in `v` is valid base64. */
function binariesValid(v: unknown): boolean {
  if (isBinary(v)) return isBase64(v.$binary);
  if (Array.isArray(v)) return v.every(binariesValid);
  if (v && typeof v === 'object') return Object.values(v).every(binariesValid);
  return true;
}

export function jsonErrorText(e: JsonError): string {
  switch (e.code) {
    case 'empty':
      return t('json.error.empty');
    case 'end':
      return t('json.error.end');
    case 'expected':
      return t('json.error.expected', {
        expected: t(`json.expected.${e.expected}`),
        found: t('json.found.char', { char: e.found }),
        line: e.line,
        column: e.column,
      });
    default:
      return t(`json.error.${e.code}`, {
        found: t('json.found.char', { char: e.found }),
        line: e.line,
        column: e.column,
      });
  }
}

/** Check one JSON text. Blank text is `empty` (callers decide whether that is allowed). */
export function checkJson(text: string): ArgCheck {
  if (text.trim() === '') return { kind: 'empty' };
  const r = parseJson(text);
  if (!r.ok) return { kind: 'error', message: jsonErrorText(r.error) };
  if (!binariesValid(r.value)) return { kind: 'error', message: t('json.error.binary') };
  return { kind: 'ok', value: r.value };
}

export type ListCheck = { kind: 'ok'; value: unknown[] } | { kind: 'error'; message: string };

/** Check a whole argument list written as one JSON array, such as `["yes", 7]` (an ack's answer). */
export function checkJsonList(text: string): ListCheck {
  const c = checkJson(text);
  if (c.kind === 'empty') return { kind: 'error', message: t('json.error.list_empty') };
  // `"yes", 7` is a list without its brackets: say that, not "extra text after the value".
  if (c.kind === 'error') {
    const bare = !parseJson(text).ok && parseJson(`[${text}]`).ok;
    return bare ? { kind: 'error', message: t('json.error.not_list') } : c;
  }
  if (!Array.isArray(c.value)) return { kind: 'error', message: t('json.error.not_list') };
  return { kind: 'ok', value: c.value };
}
