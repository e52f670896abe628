// Which language the window speaks: the person's choice in Settings, else the operating
// system's (asked of the backend: the web view's navigator.language does not follow the
// OS under WebKitGTK), else the web view's. Changing it tells the listeners, which draw
// the window again in the new language.
import { getLocale, normalizeTag, setLocale, t } from '../i18n';
import { systemLocale } from '../ipc';
import { storeLanguage, storedLanguage, type LanguageChoice } from './preferences';

const language = (tag: string) => tag.toLowerCase().split('-')[0];

/**
 * The tag to show the window in. "system": the OS's tag, else (null, "C", malformed) the
 * web view's. A language chosen by name keeps the OS's region when it is that language
 * (English on an en-GB system still writes dates the British way).
 */
export function languageTag(choice: LanguageChoice, system: string | null, webview: string | undefined): string | undefined {
  const os = normalizeTag(system) ?? normalizeTag(webview);
  if (choice === 'system') return os;
  return os !== undefined && language(os) === choice ? os : choice;
}

/** The <html lang> of a catalog: Chinese is simplified, and fonts pick their glyphs by it. */
const HTML_LANG: Record<string, string> = { zh: 'zh-CN' };

// The OS locale does not change while the window is open: asked once.
let system: Promise<string | null> | null = null;
const listeners = new Set<() => void>();

/** Set the window's language from `choice` (the stored one by default). */
export async function applyLanguage(choice: LanguageChoice = storedLanguage()): Promise<void> {
  system ??= systemLocale();
  const webview = typeof navigator !== 'undefined' ? navigator.language : undefined;
  setLocale(languageTag(choice, await system, webview));
  document.documentElement.lang = HTML_LANG[getLocale()] ?? getLocale();
  document.title = t('app.title');
}

/** The person chose a language: keep it, use it, and have the window drawn again. */
export async function chooseLanguage(choice: LanguageChoice): Promise<void> {
  storeLanguage(choice);
  const before = getLocale();
  await applyLanguage(choice);
  if (getLocale() !== before) for (const l of [...listeners]) l();
}

/** Run `listener` after each change of the window's language; the result stops it. */
export function onLanguageChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Forget the OS locale asked for (tests ask again with another answer). */
export function forgetSystemLocale(): void {
  system = null;
}
