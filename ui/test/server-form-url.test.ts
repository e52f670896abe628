// @vitest-environment jsdom
// The server form reads an address without a scheme as http://…: it says so while typing,
// writes it so when the field is left, and saves it so; a wrong scheme is still refused.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Action } from '../src/bindings/Action';
import type { App } from '../src/app';
import { createStore } from '../src/state/store';
import { openServerForm } from '../src/views/server-form';

const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
const tid = <T extends HTMLElement = HTMLElement>(id: string) => document.querySelector(`[data-testid=${id}]`) as T;
const type = (id: string, value: string) => {
  const input = tid<HTMLInputElement>(id);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
};

let sent: Action[];
let app: App;
beforeEach(() => {
  document.body.replaceChildren();
  sent = [];
  app = { store: createStore(), send: async (a) => (sent.push(a), null) };
});

const saved = async () => {
  (document.querySelector('dialog form') as HTMLFormElement).requestSubmit();
  await frame();
  const a = sent.find((x) => x.type === 'save_profile');
  return a && a.type === 'save_profile' ? a.profile.options.url : undefined;
};

describe('server form: a URL without a scheme', () => {
  it('is read as http://, said while typing, and saved so', async () => {
    openServerForm(app, null);
    type('server-name', 'Local');
    type('server-url', 'localhost:3000');
    expect(tid('server-url-read').textContent).toBe(' · read as http://localhost:3000');
    expect(document.querySelector('.field-error')?.textContent ?? '').toBe('');
    expect(await saved()).toBe('http://localhost:3000');
  });

  it('leaving the field writes it with its scheme; one with a scheme is left alone', () => {
    openServerForm(app, null);
    type('server-url', 'example.com/chat');
    tid('server-url').dispatchEvent(new Event('change'));
    expect(tid<HTMLInputElement>('server-url').value).toBe('http://example.com/chat');
    expect(tid('server-url-read').textContent).toBe('');
    expect(document.body.textContent).toContain('Namespace: /chat');
    type('server-url', 'wss://example.com/');
    tid('server-url').dispatchEvent(new Event('change'));
    expect(tid<HTMLInputElement>('server-url').value).toBe('wss://example.com/');
  });

  it('a scheme that is not http(s) or ws(s) is still refused', async () => {
    openServerForm(app, null);
    type('server-name', 'F');
    type('server-url', 'ftp://example.com');
    expect(await saved()).toBeUndefined();
    expect(document.body.textContent).toContain('The URL must start with http://');
  });
});
