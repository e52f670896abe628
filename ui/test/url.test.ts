import { describe, expect, it } from 'vitest';
import { checkServerUrl, withScheme } from '../src/lib/url';

describe('checkServerUrl', () => {
  it.each([
    ['http://localhost:3000', '/'],
    ['http://localhost:3000/', '/'],
    ['https://example.com/admin', '/admin'],
    ['wss://example.com/chat/room/', '/chat/room'],
    ['http://h/caf%C3%A9', '/café'],
  ])('%s → namespace %s', (url, namespace) => {
    expect(checkServerUrl(url)).toEqual({ ok: true, namespace, url, assumed: false });
  });

  it.each([
    ['localhost:3000', 'http://localhost:3000', '/'],
    ['  example.com/chat ', 'http://example.com/chat', '/chat'],
    ['127.0.0.1:8765/admin/', 'http://127.0.0.1:8765/admin/', '/admin'],
    ['//host:3000', 'http://host:3000', '/'],
  ])('%j without a scheme is read as %s', (text, url, namespace) => {
    expect(checkServerUrl(text)).toEqual({ ok: true, namespace, url, assumed: true });
  });

  it.each([
    ['', 'required'],
    ['   ', 'required'],
    ['ftp://example.com', 'scheme'],
    ['http://', 'invalid'],
    ['not a url', 'invalid'],
  ])('%j is refused: %s', (url, problem) => {
    expect(checkServerUrl(url)).toEqual({ ok: false, problem });
  });
});

describe('withScheme', () => {
  it('adds http:// only where no scheme is written', () => {
    expect(withScheme('localhost:3000')).toBe('http://localhost:3000');
    expect(withScheme('https://x.org')).toBe('https://x.org');
    expect(withScheme('wss://x.org/a')).toBe('wss://x.org/a');
    expect(withScheme(' ')).toBe('');
  });
});
