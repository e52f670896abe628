// @vitest-environment jsdom
// The theme: <html data-theme> is light or dark. System follows the OS's
// prefers-color-scheme, also when it changes; Light and Dark hold whatever the OS says.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { THEME_KEY, storedTheme } from '../src/settings/preferences';
import { applyTheme, chooseTheme, resolveTheme } from '../src/settings/theme';

/** A stand-in for the OS's dark-mode query; `set` flips it and tells the listeners. */
function fakeOs(dark: boolean) {
  const listeners = new Set<() => void>();
  const query = {
    matches: dark,
    addEventListener: (_: string, l: () => void) => listeners.add(l),
    removeEventListener: (_: string, l: () => void) => listeners.delete(l),
  };
  vi.stubGlobal('matchMedia', (q: string) => (expect(q).toBe('(prefers-color-scheme: dark)'), query));
  return {
    listeners,
    set(d: boolean) {
      query.matches = d;
      for (const l of [...listeners]) l();
    },
  };
}

const theme = () => document.documentElement.dataset.theme;

beforeEach(() => localStorage.clear());
afterEach(() => {
  applyTheme('light'); // stops following the fake OS
  vi.unstubAllGlobals();
  delete document.documentElement.dataset.theme;
});

describe('theme', () => {
  it('resolveTheme', () => {
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    expect(resolveTheme('light', true)).toBe('light');
    expect(resolveTheme('dark', false)).toBe('dark');
  });

  it('system follows the OS, as it changes', () => {
    const os = fakeOs(true);
    applyTheme('system');
    expect(theme()).toBe('dark');
    os.set(false);
    expect(theme()).toBe('light');
    os.set(true);
    expect(theme()).toBe('dark');
  });

  it('light and dark hold against the OS, and stop following it', () => {
    const os = fakeOs(true);
    applyTheme('system');
    applyTheme('light');
    expect(theme()).toBe('light');
    expect(os.listeners.size).toBe(0);
    os.set(false);
    applyTheme('dark');
    expect(theme()).toBe('dark');
  });

  it('no media queries at all: system is light', () => {
    applyTheme('system');
    expect(theme()).toBe('light');
  });

  it('the stored theme is used by default, and a choice is stored', () => {
    fakeOs(false);
    localStorage.setItem(THEME_KEY, 'dark');
    applyTheme();
    expect(theme()).toBe('dark');
    chooseTheme('system');
    expect(localStorage.getItem(THEME_KEY)).toBe('system');
    expect(theme()).toBe('light');
    localStorage.setItem(THEME_KEY, 'sepia');
    expect(storedTheme()).toBe('system');
  });
});
