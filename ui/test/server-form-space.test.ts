// @vitest-environment jsdom
// The server form's Space parts: "The Space" in the Protocol select, and the largest file
// in MiB (empty: the backend's 25 MiB default, so the option is left out).
import { beforeEach, describe, expect, it } from 'vitest';
import type { Action } from '../src/bindings/Action';
import type { App } from '../src/app';
import type { Profile } from '../src/bindings/Profile';
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

async function save(): Promise<Profile | undefined> {
  (document.querySelector('dialog form') as HTMLFormElement).requestSubmit();
  await frame();
  const a = sent.find((x) => x.type === 'save_profile');
  return a && a.type === 'save_profile' ? a.profile : undefined;
}

describe('server form: The Space', () => {
  it('offers The Space and saves it with the largest file in bytes', async () => {
    openServerForm(app, null);
    type('server-name', 'Space');
    type('server-url', 'http://127.0.0.1:8000');
    const protocol = tid<HTMLSelectElement>('server-protocol');
    expect([...protocol.options].find((o) => o.value === 'space')?.textContent).toBe('The Space: rooms, chat and files');
    protocol.value = 'space';
    expect(document.body.textContent).toContain('Largest file (MiB)');
    type('server-max-file', '10');
    const p = await save();
    expect(p?.options.protocol).toEqual({ kind: 'space' });
    expect(p?.options.max_file_bytes).toBe(10 * 1024 * 1024);
  });

  it('empty means the default: the option is left out', async () => {
    openServerForm(app, null);
    type('server-name', 'Space');
    type('server-url', 'http://127.0.0.1:8000');
    const p = await save();
    expect(p).toBeDefined();
    expect(p && 'max_file_bytes' in p.options).toBe(false);
  });

  it('a size that is not one is refused beside the field', async () => {
    openServerForm(app, null);
    type('server-name', 'Space');
    type('server-url', 'http://127.0.0.1:8000');
    type('server-max-file', '-3');
    expect(await save()).toBeUndefined();
    const field = tid<HTMLInputElement>('server-max-file');
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.closest('.field')?.querySelector('.field-error')?.textContent).toBe(
      'Write a size in MiB greater than 0, like 25 or 0.5, or leave it empty.',
    );
  });

  it('a saved server shows its protocol and its size in MiB', () => {
    const existing: Profile = {
      id: 's',
      name: 'S',
      options: {
        url: 'http://h:8000', path: '/socket.io/', query: [], auth: null, headers: [], transport: 'any', ca_file: null,
        accept_invalid_certs: false, token_profile: null, reconnect: true, protocol: { kind: 'space' }, max_file_bytes: 512 * 1024,
      },
    };
    openServerForm(app, existing);
    expect(tid<HTMLSelectElement>('server-protocol').value).toBe('space');
    expect(tid<HTMLInputElement>('server-max-file').value).toBe('0.5');
  });
});
