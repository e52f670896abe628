// Light or dark: <html data-theme="light|dark"> says which, and theme.css colours by it.
// "system" follows the OS's prefers-color-scheme, also when it changes while the window
// is open; "light" and "dark" hold whatever the OS says.
import { storeTheme, storedTheme, type ThemeChoice } from './preferences';

export type Theme = 'light' | 'dark';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The OS's dark-mode query, or null where there is none (jsdom, very old web views). */
function darkQuery(): MediaQueryList | null {
  return typeof matchMedia === 'function' ? matchMedia(DARK_QUERY) : null;
}

export function resolveTheme(choice: ThemeChoice, osDark: boolean): Theme {
  if (choice === 'system') return osDark ? 'dark' : 'light';
  return choice;
}

let stopFollowing: (() => void) | null = null;

/** Colour the window by `choice` (the stored one by default). */
export function applyTheme(choice: ThemeChoice = storedTheme(), root: HTMLElement = document.documentElement): void {
  stopFollowing?.();
  stopFollowing = null;
  const query = darkQuery();
  const paint = () => {
    root.dataset.theme = resolveTheme(choice, query?.matches ?? false);
  };
  paint();
  if (choice === 'system' && query) {
    query.addEventListener('change', paint);
    stopFollowing = () => query.removeEventListener('change', paint);
  }
}

/** The person chose a theme: keep it and use it. */
export function chooseTheme(choice: ThemeChoice): void {
  storeTheme(choice);
  applyTheme(choice);
}
