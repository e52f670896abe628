import { describe, expect, it } from 'vitest';
import { checkServerUrl } from '../src/lib/url';

describe('checkServerUrl', () => {
  it.each([
    ['http://localhost:3000', '/'],
    ['http://localhost:3000/', '/'],
    ['https://example.com/admin', '/admin'],
    ['wss://example.com/chat/room/', '/chat/room'],
    ['http://h/caf%C3%A9', '/café'],
  ])('%s → namespace %s', (url, namespace) => {
    expect(checkServerUrl(url)).toEqual({ ok: true, namespace });
  });

  it.each([
    ['', 'required'],
    ['   ', 'required'],
    ['localhost:3000', 'scheme'],
    ['ftp://example.com', 'scheme'],
    ['http://', 'invalid'],
    ['not a url', 'invalid'],
  ])('%j is refused: %s', (url, problem) => {
    expect(checkServerUrl(url)).toEqual({ ok: false, problem });
  });
});
