// @vitest-environment jsdom
// The quick server picker: its filter (every word in the name or URL, accents and case
// aside, names that start with the text first) and the dialog: typing narrows the list,
// arrows move the choice, Enter shows the server, Escape closes, a click picks.
import { beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import type { Profile } from '../src/bindings/Profile';
import { foldText, pickServers } from '../src/lib/picker-filter';
import { createStore, type Store } from '../src/state/store';
import { openServerPicker } from '../src/views/server-picker';

const profile = (id: string, name: string, url: string): Profile => ({
  id, name,
  options: {
    url, path: '/socket.io/', query: [], auth: null, headers: [], transport: 'any',
    ca_file: null, accept_invalid_certs: false, token_profile: null, reconnect: true, protocol: { kind: 'console' },
  },
});
const profiles = [
  profile('demo', 'Local demo', 'http://127.0.0.1:8765'),
  profile('space', 'The Space', 'https://space.example.org'),
  profile('dorm', '宿舍 Dorm', 'http://dorm.example.cn'),
  profile('cafe', 'Café staging', 'https://staging.example.org'),
  profile('files', 'Обмен файлами', 'wss://files.example.ru'),
];
const ids = (list: Profile[]) => list.map((p) => p.id);

describe('pickServers', () => {
  it('everything for no text, in the sidebar’s order', () => {
    expect(ids(pickServers(profiles, ''))).toEqual(['demo', 'space', 'dorm', 'cafe', 'files']);
    expect(ids(pickServers(profiles, '   '))).toEqual(ids(profiles));
  });

  it('by name or URL, case and accents aside', () => {
    expect(ids(pickServers(profiles, 'SPACE'))).toEqual(['space']);
    expect(ids(pickServers(profiles, 'cafe'))).toEqual(['cafe']);
    expect(ids(pickServers(profiles, 'example.org'))).toEqual(['space', 'cafe']);
    expect(ids(pickServers(profiles, '8765'))).toEqual(['demo']);
    expect(ids(pickServers(profiles, 'обмен'))).toEqual(['files']);
    expect(ids(pickServers(profiles, '宿舍'))).toEqual(['dorm']);
    expect(pickServers(profiles, 'nothing like it')).toEqual([]);
  });

  it('every word must match, anywhere', () => {
    expect(ids(pickServers(profiles, 'staging org'))).toEqual(['cafe']);
    expect(ids(pickServers(profiles, 'staging ru'))).toEqual([]);
  });

  it('names that start with the text come first', () => {
    expect(ids(pickServers(profiles, 'st'))).toEqual(['cafe']);
    expect(ids(pickServers(profiles, 'e'))[0]).toBe('demo');
    const both = [profile('x', 'Prod EU', 'http://x'), profile('y', 'EU staging', 'http://y')];
    expect(ids(pickServers(both, 'eu'))).toEqual(['y', 'x']);
  });

  it('foldText', () => {
    expect(foldText('Éva Ÿ')).toBe('eva y');
    expect(foldText('ЁЖ')).toBe('еж');
  });
});

describe('the picker dialog', () => {
  let store: Store;
  const q = <T extends Element = HTMLElement>(sel: string) => document.querySelector(sel) as T;
  const options = () => [...document.querySelectorAll<HTMLElement>('[data-testid=picker-option]')];
  const chosen = () => options().find((o) => o.getAttribute('aria-selected') === 'true')?.dataset.id;
  const input = () => q<HTMLInputElement>('[data-testid=picker-filter]');
  const key = (k: string) => input().dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
  const type = (text: string) => {
    input().value = text;
    input().dispatchEvent(new Event('input'));
  };

  beforeEach(() => {
    document.body.replaceChildren();
    store = createStore();
    const app: App = { store, send: async () => null };
    store.apply({ type: 'profiles', profiles });
    openServerPicker(app);
  });

  it('lists every server with its shortcut; the filter has the focus and points at the choice', () => {
    expect(options().map((o) => o.dataset.id)).toEqual(ids(profiles));
    expect(options()[0].querySelector('.picker-keys')?.textContent).toBe('Ctrl+1');
    expect(document.activeElement).toBe(input());
    expect(chosen()).toBe('demo');
    expect(input().getAttribute('aria-activedescendant')).toBe(options()[0].id);
    expect(input().getAttribute('role')).toBe('combobox');
    expect(q('[data-testid=picker-list]').getAttribute('role')).toBe('listbox');
  });

  it('typing narrows the list; arrows move the choice, round the ends; Enter shows it and closes', () => {
    type('example');
    expect(options().map((o) => o.dataset.id)).toEqual(['space', 'dorm', 'cafe', 'files']);
    expect(chosen()).toBe('space');
    key('ArrowDown');
    key('ArrowDown');
    expect(chosen()).toBe('cafe');
    key('ArrowUp');
    key('ArrowUp');
    key('ArrowUp');
    expect(chosen()).toBe('files');
    key('Enter');
    expect(store.get().selected).toBe('files');
    expect(q('[data-testid=server-picker]')).toBeNull();
  });

  it('says when nothing matches; Enter then does nothing', () => {
    type('zzz');
    expect(options()).toHaveLength(0);
    expect(q('[data-testid=picker-empty]').hidden).toBe(false);
    key('Enter');
    expect(store.get().selected).toBe('demo');
    expect(q('[data-testid=server-picker]')).not.toBeNull();
  });

  it('Escape closes without choosing; a click picks', () => {
    key('Escape');
    expect(q('[data-testid=server-picker]')).toBeNull();
    expect(store.get().selected).toBe('demo');
    openServerPicker({ store, send: async () => null });
    options()[2].click();
    expect(store.get().selected).toBe('dorm');
    expect(q('[data-testid=server-picker]')).toBeNull();
  });
});
