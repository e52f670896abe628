// @vitest-environment jsdom
// The sidebar: the fold rule (folded below 900 px unless the person opened it; only a
// choice that differs from the width's is kept), the fold button and the window's width
// acting on it, the rail's initials, and the list as one tab stop (a roving tabindex: the
// arrows move between servers, only the current server's buttons are in the Tab order).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import type { Profile } from '../src/bindings/Profile';
import { SIDEBAR_KEY, storedSidebar } from '../src/settings/preferences';
import { FOLD_BELOW_PX, choiceAfterToggle, foldedByWidth, sidebarFolded } from '../src/settings/sidebar';
import { createStore, type Store } from '../src/state/store';
import { initialsOf } from '../src/views/server-item';
import { rovingIndex, serversView } from '../src/views/servers';

describe('the fold rule', () => {
  it('by the width alone: folded below 900 px', () => {
    expect(FOLD_BELOW_PX).toBe(900);
    expect(foldedByWidth(800)).toBe(true);
    expect(foldedByWidth(899)).toBe(true);
    expect(foldedByWidth(900)).toBe(false);
    expect(sidebarFolded('auto', 800)).toBe(true);
    expect(sidebarFolded('auto', 1180)).toBe(false);
  });

  it('the person’s choice holds at any width', () => {
    expect(sidebarFolded('open', 800)).toBe(false);
    expect(sidebarFolded('folded', 1440)).toBe(true);
  });

  it('only a choice that differs from the width’s is kept', () => {
    // Wide: folding is a choice; unfolding again gives the width back its say.
    expect(choiceAfterToggle(false, 1180)).toBe('folded');
    expect(choiceAfterToggle(true, 1180)).toBe('auto');
    // Narrow: opening is a choice; folding again is what the width says anyway.
    expect(choiceAfterToggle(true, 800)).toBe('open');
    expect(choiceAfterToggle(false, 800)).toBe('auto');
  });

  it('initials on the rail', () => {
    expect(initialsOf('Local demo server')).toBe('LD');
    expect(initialsOf('sessions')).toBe('S');
    expect(initialsOf('宿舍 Dorm room')).toBe('宿');
    expect(initialsOf('обмен файлами')).toBe('ОФ');
    expect(initialsOf('  ')).toBe('?');
  });

  it('rovingIndex', () => {
    expect(rovingIndex('ArrowDown', 0, 3)).toBe(1);
    expect(rovingIndex('ArrowDown', 2, 3)).toBe(2);
    expect(rovingIndex('ArrowUp', 0, 3)).toBe(0);
    expect(rovingIndex('End', 0, 3)).toBe(2);
    expect(rovingIndex('Home', 2, 3)).toBe(0);
    expect(rovingIndex('Enter', 1, 3)).toBe(-1);
  });
});

const profile = (id: string, name: string): Profile => ({
  id, name,
  options: {
    url: `http://${id}.example`, path: '/socket.io/', query: [], auth: null, headers: [], transport: 'any',
    ca_file: null, accept_invalid_certs: false, token_profile: null, reconnect: true, protocol: { kind: 'console' },
  },
});

describe('the sidebar', () => {
  let store: Store;
  let aside: HTMLElement;
  const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
  const fold = () => aside.querySelector('[data-testid=sidebar-fold]') as HTMLButtonElement;
  const resize = (width: number) => {
    Object.defineProperty(window, 'innerWidth', { configurable: true, value: width });
    window.dispatchEvent(new Event('resize'));
  };
  const item = (id: string) => aside.querySelector(`[data-testid=server-item][data-id=${id}]`) as HTMLElement;
  const tabbable = () => [...aside.querySelectorAll<HTMLElement>('.server-list button')].filter((b) => b.tabIndex === 0 && !b.hidden).map((b) => `${b.closest<HTMLElement>('.server-item')?.dataset.id}:${b.dataset.testid ?? 'select'}`);
  const arrow = (k: string) => document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));

  const mount = async (width: number) => {
    resize(width);
    document.body.replaceChildren();
    store = createStore();
    const app: App = { store, send: async () => null };
    aside = serversView(app);
    document.body.append(aside);
    store.apply({ type: 'profiles', profiles: [profile('a', 'Alpha'), profile('b', 'Beta'), profile('c', 'Gamma')] });
    await frame();
  };

  beforeEach(() => localStorage.clear());
  afterEach(() => resize(1024));

  it('wide: open; the fold button folds it, says so, and the choice is kept', async () => {
    await mount(1180);
    expect(aside.classList.contains('folded')).toBe(false);
    expect(fold().getAttribute('aria-expanded')).toBe('true');
    expect(fold().getAttribute('aria-label')).toBe('Collapse the sidebar');
    expect(fold().title).toBe('Collapse the sidebar');
    fold().click();
    expect(aside.classList.contains('folded')).toBe(true);
    expect(fold().getAttribute('aria-expanded')).toBe('false');
    expect(fold().getAttribute('aria-label')).toBe('Expand the sidebar');
    expect(localStorage.getItem(SIDEBAR_KEY)).toBe('folded');
    // Kept for the next window.
    await mount(1180);
    expect(aside.classList.contains('folded')).toBe(true);
    fold().click();
    expect(storedSidebar()).toBe('auto');
  });

  it('narrow: folded by itself, and open again when the window widens', async () => {
    await mount(800);
    expect(aside.classList.contains('folded')).toBe(true);
    resize(1000);
    expect(aside.classList.contains('folded')).toBe(false);
    resize(850);
    expect(aside.classList.contains('folded')).toBe(true);
  });

  it('narrow, opened by the person: stays open', async () => {
    await mount(800);
    fold().click();
    expect(aside.classList.contains('folded')).toBe(false);
    expect(storedSidebar()).toBe('open');
    resize(780);
    expect(aside.classList.contains('folded')).toBe(false);
  });

  it('folded, each server still has its name for screen readers and in its tooltip', async () => {
    await mount(800);
    const select = item('b').querySelector('.server-select') as HTMLElement;
    expect(select.querySelector('.server-initials')?.textContent).toBe('B');
    expect(select.querySelector('.server-initials')?.getAttribute('aria-hidden')).toBe('true');
    expect(select.querySelector('.server-name')?.textContent).toBe('Beta');
    expect(select.title).toBe('Beta (Ctrl+2)');
  });

  it('the list is one tab stop: the selected server’s buttons only', async () => {
    await mount(1180);
    expect(store.get().selected).toBe('a');
    expect(tabbable()).toEqual(['a:select', 'a:connect', 'a:edit-server', 'a:remove-server']);
  });

  it('arrow keys, Home and End move between servers and take the Tab stop along', async () => {
    await mount(1180);
    (item('a').querySelector('.server-select') as HTMLElement).focus();
    arrow('ArrowDown');
    expect(document.activeElement).toBe(item('b').querySelector('.server-select'));
    expect(tabbable()).toEqual(['b:select', 'b:connect', 'b:edit-server', 'b:remove-server']);
    arrow('End');
    expect(document.activeElement).toBe(item('c').querySelector('.server-select'));
    arrow('ArrowDown');
    expect(document.activeElement).toBe(item('c').querySelector('.server-select'));
    arrow('Home');
    expect(document.activeElement).toBe(item('a').querySelector('.server-select'));
    // From a server's own button too.
    (item('a').querySelector('[data-testid=edit-server]') as HTMLElement).focus();
    arrow('ArrowDown');
    expect(document.activeElement).toBe(item('b').querySelector('.server-select'));
    // Moving does not select: Enter (a click) does.
    expect(store.get().selected).toBe('a');
  });

  it('the Tab stop survives updates and follows a server that goes away', async () => {
    await mount(1180);
    (item('c').querySelector('.server-select') as HTMLElement).focus();
    store.apply({ type: 'connection', id: 'c', state: 'connected' });
    await frame();
    expect(tabbable()).toEqual(['c:select', 'c:disconnect', 'c:edit-server', 'c:remove-server']);
    store.apply({ type: 'profiles', profiles: [profile('a', 'Alpha'), profile('b', 'Beta')] });
    await frame();
    expect(tabbable()).toEqual(['a:select', 'a:connect', 'a:edit-server', 'a:remove-server']);
  });
});
