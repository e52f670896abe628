// @vitest-environment jsdom
// Settings: the gear in the sidebar (a named, focusable button with a tooltip) opens a
// dialog with Language and Theme. A language applies at once: the dialog speaks it, the
// window is drawn again in it over the same store, and the choice is kept.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/app';
import { setLocale } from '../src/i18n';
import { forgetSystemLocale, onLanguageChange } from '../src/settings/language';
import { LANGUAGE_KEY, THEME_KEY } from '../src/settings/preferences';
import { applyTheme } from '../src/settings/theme';
import { createStore, type Store } from '../src/state/store';
import { drawWindow } from '../src/window';
import { demo } from './demo-profile';

const frame = () => new Promise((r) => requestAnimationFrame(() => r(undefined)));
const tid = <T extends HTMLElement = HTMLElement>(id: string) => document.querySelector(`[data-testid=${id}]`) as T;
const choose = (id: string, value: string) => {
  const select = tid<HTMLSelectElement>(id);
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
};
/** Let the language change (it awaits the OS locale) finish. */
const settle = () => new Promise((r) => setTimeout(r, 0));

let store: Store;
/** How many store subscriptions are live. */
let live = 0;
let takeDown: () => void;
let stop: () => void;

beforeEach(async () => {
  localStorage.clear();
  forgetSystemLocale();
  setLocale('en');
  document.body.replaceChildren();
  store = createStore();
  const subscribe = store.subscribe;
  store.subscribe = (l) => {
    live++;
    const end = subscribe(l);
    return () => (live--, end());
  };
  const app: App = { store, send: async () => null };
  takeDown = drawWindow(app);
  // What main.ts does: draw again on a language change.
  stop = onLanguageChange(() => {
    takeDown();
    takeDown = drawWindow(app);
  });
  store.apply({ type: 'profiles', profiles: [demo] });
  await frame();
});

afterEach(() => {
  stop();
  takeDown();
  setLocale('en');
  applyTheme('light');
});

describe('settings', () => {
  it('the gear: a button with a tooltip and an accessible name, in the keyboard order', () => {
    const gear = tid<HTMLButtonElement>('settings-open');
    expect(gear.tagName).toBe('BUTTON');
    expect(gear.title).toBe('Settings');
    expect(gear.getAttribute('aria-label')).toBe('Settings');
    expect(gear.tabIndex).toBe(0);
    expect(gear.closest('.sidebar')).not.toBeNull();
  });

  it('opens a dialog with Language and Theme; Close closes it and gives the focus back', () => {
    tid('settings-open').click();
    const dialog = tid('settings-dialog');
    expect(dialog.tagName).toBe('DIALOG');
    expect(document.getElementById(dialog.getAttribute('aria-labelledby') ?? '')?.textContent).toBe('Settings');
    const language = tid<HTMLSelectElement>('settings-language');
    expect([...language.options].map((o) => [o.value, o.text])).toEqual([
      ['system', 'System'], ['en', 'English'], ['ru', 'Русский'], ['zh', '中文'],
    ]);
    expect(language.value).toBe('system');
    expect(document.activeElement).toBe(language);
    expect((document.querySelector(`label[for="${language.id}"]`) as HTMLElement).textContent).toBe('Language');
    const theme = tid<HTMLSelectElement>('settings-theme');
    expect([...theme.options].map((o) => [o.value, o.text])).toEqual([['system', 'System'], ['light', 'Light'], ['dark', 'Dark']]);
    expect((document.querySelector(`label[for="${theme.id}"]`) as HTMLElement).textContent).toBe('Theme');
    tid('settings-close').click();
    expect(tid('settings-dialog')).toBeNull();
    expect(document.activeElement).toBe(tid('settings-open'));
  });

  it('shows the stored choices', () => {
    localStorage.setItem(LANGUAGE_KEY, 'zh');
    localStorage.setItem(THEME_KEY, 'dark');
    tid('settings-open').click();
    expect(tid<HTMLSelectElement>('settings-language').value).toBe('zh');
    expect(tid<HTMLSelectElement>('settings-theme').value).toBe('dark');
  });

  it('Theme: applied at once and kept', () => {
    tid('settings-open').click();
    choose('settings-theme', 'dark');
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(localStorage.getItem(THEME_KEY)).toBe('dark');
    choose('settings-theme', 'light');
    expect(document.documentElement.dataset.theme).toBe('light');
  });

  it('Language: the dialog and the window speak it at once, the store is kept, the old views stop', async () => {
    const before = live;
    expect(tid('add-server').textContent).toBe('Add server');
    tid('settings-open').click();
    choose('settings-language', 'ru');
    await settle();
    expect(localStorage.getItem(LANGUAGE_KEY)).toBe('ru');
    expect(document.documentElement.lang).toBe('ru');
    // The dialog stays open, in Russian, with the focus where it was.
    expect(tid('settings-dialog').querySelector('h2')?.textContent).toBe('Настройки');
    expect(tid('settings-close').textContent).toBe('Закрыть');
    expect([...tid<HTMLSelectElement>('settings-theme').options].map((o) => o.text)).toEqual(['Системная', 'Светлая', 'Тёмная']);
    expect(document.activeElement).toBe(tid('settings-language'));
    // The window behind it: one drawing, in Russian, with the servers it had.
    await frame();
    expect(document.querySelectorAll('.app')).toHaveLength(1);
    expect(tid('add-server').textContent).toBe('Добавить сервер');
    expect(tid('settings-open').getAttribute('aria-label')).toBe('Настройки');
    expect(tid('server-item').querySelector('[data-testid=conn-state]')?.textContent).toBe('Не подключено');
    // The old views' subscriptions ended: as many live as one drawing makes.
    expect(live).toBe(before);
    tid('settings-close').click();
    expect(document.activeElement).toBe(tid('settings-open'));
  });

  it('Language in Chinese, and back to System', async () => {
    tid('settings-open').click();
    choose('settings-language', 'zh');
    await settle();
    await frame();
    expect(tid('add-server').textContent).toBe('添加服务器');
    expect(document.documentElement.lang).toBe('zh-CN');
    choose('settings-language', 'system');
    await settle();
    await frame();
    expect(tid('add-server').textContent).toBe('Add server');
    expect(tid('settings-dialog').querySelector('h2')?.textContent).toBe('Settings');
  });
});
