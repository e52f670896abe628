// The person's choices for the window itself (language, theme, update checks, the sidebar
// folded or not, which notifications to show), kept in localStorage:
// they belong to this window on this machine, not to any server, and must be known
// before the backend answers. A value this version does not know reads as "system".

export const LANGUAGE_CHOICES = ['system', 'en', 'ru', 'zh'] as const;
export type LanguageChoice = (typeof LANGUAGE_CHOICES)[number];

export const THEME_CHOICES = ['system', 'light', 'dark'] as const;
export type ThemeChoice = (typeof THEME_CHOICES)[number];

export const LANGUAGE_KEY = 'switchboard.language';
export const THEME_KEY = 'switchboard.theme';

export const UPDATES_CHOICES = ['on', 'off'] as const;
export type UpdatesChoice = (typeof UPDATES_CHOICES)[number];
export const UPDATES_KEY = 'switchboard.updates';
/** When the last update check ran (ms since the epoch). */
export const LAST_UPDATE_CHECK_KEY = 'switchboard.updates.last_check';

/** localStorage, or null where there is none or it may not be used (it throws then). */
function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function read<T extends string>(key: string, allowed: readonly T[]): T {
  let value: string | null = null;
  try {
    value = storage()?.getItem(key) ?? null;
  } catch {
    // unreadable storage: as if nothing was chosen
  }
  return allowed.find((a) => a === value) ?? allowed[0];
}

function write(key: string, value: string): void {
  try {
    storage()?.setItem(key, value);
  } catch {
    // full or forbidden storage: the choice still applies until the window closes
  }
}

export const storedLanguage = (): LanguageChoice => read(LANGUAGE_KEY, LANGUAGE_CHOICES);
export const storedTheme = (): ThemeChoice => read(THEME_KEY, THEME_CHOICES);
export const storeLanguage = (choice: LanguageChoice): void => write(LANGUAGE_KEY, choice);
export const storeTheme = (choice: ThemeChoice): void => write(THEME_KEY, choice);
export const storedUpdates = (): UpdatesChoice => read(UPDATES_KEY, UPDATES_CHOICES);
export const storeUpdates = (choice: UpdatesChoice): void => write(UPDATES_KEY, choice);

/** When the last update check ran; 0 when never (or unreadable). */
export function lastUpdateCheck(): number {
  try {
    const n = Number(storage()?.getItem(LAST_UPDATE_CHECK_KEY) ?? 0);
    return Number.isFinite(n) ? n : 0;
  } catch {
    return 0;
  }
}

export const storeLastUpdateCheck = (ms: number): void => write(LAST_UPDATE_CHECK_KEY, String(ms));

/** The sidebar: folded by the window's width ("auto"), or as the person left it. */
export const SIDEBAR_CHOICES = ['auto', 'open', 'folded'] as const;
export type SidebarChoice = (typeof SIDEBAR_CHOICES)[number];
export const SIDEBAR_KEY = 'switchboard.sidebar';
export const storedSidebar = (): SidebarChoice => read(SIDEBAR_KEY, SIDEBAR_CHOICES);
export const storeSidebar = (choice: SidebarChoice): void => write(SIDEBAR_KEY, choice);

/** The kinds of notification, each of which can be turned off. */
export const NOTIFY_KINDS = ['chat', 'session', 'exchange_file', 'exchange_deadline'] as const;
export type NotifyKind = (typeof NOTIFY_KINDS)[number];
const ON_OFF = ['on', 'off'] as const;
export const notifyKey = (kind: NotifyKind): string => `switchboard.notify.${kind}`;
/** Whether notifications of `kind` are shown (on until turned off). */
export const notifyOn = (kind: NotifyKind): boolean => read(notifyKey(kind), ON_OFF) === 'on';
export const storeNotify = (kind: NotifyKind, on: boolean): void => write(notifyKey(kind), on ? 'on' : 'off');
/** Every kind's setting. */
export const notifyPrefs = (): Record<NotifyKind, boolean> =>
  Object.fromEntries(NOTIFY_KINDS.map((k) => [k, notifyOn(k)])) as Record<NotifyKind, boolean>;

/** How much history each server keeps (the backend's defaults: 1,000,000 events, 1 GiB). */
export const HISTORY_EVENTS_KEY = 'switchboard.history.max_events';
export const HISTORY_MIB_KEY = 'switchboard.history.max_mib';
export const DEFAULT_HISTORY_EVENTS = 1_000_000;
export const DEFAULT_HISTORY_MIB = 1024;

function readCount(key: string, fallback: number): number {
  try {
    const n = Number(storage()?.getItem(key) ?? '');
    return Number.isInteger(n) && n >= 1 ? n : fallback;
  } catch {
    return fallback;
  }
}

/** The history limits chosen: most events and most MiB per server. */
export const storedHistoryLimits = (): { events: number; mib: number } => ({
  events: readCount(HISTORY_EVENTS_KEY, DEFAULT_HISTORY_EVENTS),
  mib: readCount(HISTORY_MIB_KEY, DEFAULT_HISTORY_MIB),
});

export function storeHistoryLimits(limits: { events: number; mib: number }): void {
  write(HISTORY_EVENTS_KEY, String(limits.events));
  write(HISTORY_MIB_KEY, String(limits.mib));
}

/** A whole number of at least 1 from what the person wrote, or null. */
export function parseCount(text: string): number | null {
  const n = Number(text.trim().replace(/[\s_,]/g, ''));
  return text.trim() !== '' && Number.isSafeInteger(n) && n >= 1 ? n : null;
}
