// The window's global keyboard shortcuts as pure data: which key press is which command,
// and how a shortcut is written in tooltips and in the list of shortcuts. Ctrl on Linux
// and Windows, Cmd on macOS (where Ctrl+letter belongs to text fields).

export type Command =
  /** Show server `n` (1–9) of the sidebar. */
  | { kind: 'select'; n: number }
  /** The quick server picker. */
  | { kind: 'picker' }
  /** The console's event name filter. */
  | { kind: 'filter' }
  /** The form that adds a server. */
  | { kind: 'new_server' }
  /** Connect or disconnect the shown server. */
  | { kind: 'connection' }
  /** The list of shortcuts. */
  | { kind: 'help' };

export type CommandKind = Command['kind'];

/** What a shortcut reads of a key press (a KeyboardEvent has all of it). */
export interface KeyPress {
  key: string;
  code?: string;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}

/** Whether `platform` (navigator.platform) is a Mac, where Cmd takes Ctrl's place. */
export const isMacPlatform = (platform: string | undefined): boolean => /^(Mac|iPhone|iPad|iPod)/i.test(platform ?? '');

/** The platform of this window (false outside a browser). */
export const onMac = (): boolean => typeof navigator !== 'undefined' && isMacPlatform(navigator.platform);

/**
 * The Latin letter of a key: from `key`, or, on a layout that types another script there
 * (Cyrillic, say), from the key's place (`code`), so Ctrl+K works whatever the layout.
 */
function letterOf(p: KeyPress): string | null {
  if (/^[a-z]$/i.test(p.key)) return p.key.toLowerCase();
  const m = /^Key([A-Z])$/.exec(p.code ?? '');
  return m ? m[1].toLowerCase() : null;
}

/** The digit 1–9 of a key: from `key`, or from its place on the top row or the keypad (AZERTY types "&" there). */
function digitOf(p: KeyPress): number | null {
  if (/^[1-9]$/.test(p.key)) return Number(p.key);
  const m = /^(?:Digit|Numpad)([1-9])$/.exec(p.code ?? '');
  return m ? Number(m[1]) : null;
}

/** The command a key press stands for, or null. `?` alone (no Ctrl, Cmd or Alt) opens the list. */
export function commandOf(p: KeyPress, mac: boolean): Command | null {
  if (p.altKey) return null;
  const primary = mac ? p.metaKey && !p.ctrlKey : p.ctrlKey && !p.metaKey;
  if (!primary) return p.key === '?' && !p.ctrlKey && !p.metaKey ? { kind: 'help' } : null;
  const letter = letterOf(p);
  if (p.shiftKey) return letter === 'c' ? { kind: 'connection' } : null;
  const digit = digitOf(p);
  if (digit !== null) return { kind: 'select', n: digit };
  switch (letter) {
    case 'k':
      return { kind: 'picker' };
    case 'f':
      return { kind: 'filter' };
    case 'n':
      return { kind: 'new_server' };
    default:
      return null;
  }
}

/** How a command's keys are written: "Ctrl+K", "Ctrl+Shift+C" (on a Mac "⌘K", "⇧⌘C"). */
export function keysText(command: Command, mac: boolean): string {
  const mod = (key: string, shift = false) => (mac ? `${shift ? '⇧' : ''}⌘${key}` : `Ctrl+${shift ? 'Shift+' : ''}${key}`);
  switch (command.kind) {
    case 'select':
      return mod(String(command.n));
    case 'picker':
      return mod('K');
    case 'filter':
      return mod('F');
    case 'new_server':
      return mod('N');
    case 'connection':
      return mod('C', true);
    case 'help':
      return '?';
  }
}

/** The keys of "show server 1 to 9" as one text: "Ctrl+1…9" ("⌘1…9"). */
export const selectKeysText = (mac: boolean): string => `${keysText({ kind: 'select', n: 1 }, mac)}…9`;

/** A command's keys as aria-keyshortcuts writes them: "Control+K", "Control+Shift+C" ("Meta+K"). */
export function ariaKeys(command: Command, mac: boolean): string {
  return keysText(command, false).replace('Ctrl', mac ? 'Meta' : 'Control');
}
