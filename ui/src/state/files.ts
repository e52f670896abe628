// Files sent and received on every connection, as pure functions: each file by its
// backend id (an upsert per `file` update), the text previews asked for, and the files
// the person dismissed from view. Also what a file card may offer in each state, its
// size in units, and a name safe to suggest in a save dialog.
import type { FileInfo } from '../bindings/FileInfo';

export interface FilePreview {
  /** The start of the file as text; null: it is not text. */
  text: string | null;
  /** Only the start is shown: the file is longer. */
  truncated: boolean;
}

export interface Files {
  byId: Readonly<Record<string, FileInfo>>;
  previews: Readonly<Record<string, FilePreview>>;
  /** Files taken off the list of files on their way (failed or cancelled ones). */
  dismissed: Readonly<Record<string, true>>;
}

export const emptyFiles = (): Files => ({ byId: {}, previews: {}, dismissed: {} });

/** A `file` update: the file as it stands now. */
export function applyFile(f: Files, file: FileInfo): Files {
  // A file read again (Retry) is news again, even if it was dismissed when it failed.
  const { [file.file_id]: _gone, ...dismissed } = f.dismissed;
  return {
    ...f,
    byId: { ...f.byId, [file.file_id]: file },
    dismissed: file.state === 'reading' && file.file_id in f.dismissed ? dismissed : f.dismissed,
  };
}

/** A `file_preview` update. */
export function applyPreview(f: Files, file_id: string, text: string | undefined, truncated: boolean): Files {
  return { ...f, previews: { ...f.previews, [file_id]: { text: text ?? null, truncated } } };
}

export const dismissFile = (f: Files, file_id: string): Files => ({ ...f, dismissed: { ...f.dismissed, [file_id]: true } });

/** How far reading, or streaming out, has come, 0…1; null when the file is doing neither
 * (or is sending on a connection that cannot tell how far it is: total 0). */
export function progressOf(file: FileInfo): number | null {
  if (file.state === 'sending' && file.total <= 0) return null;
  if (file.state !== 'reading' && file.state !== 'sending') return null;
  if (file.total <= 0) return 0;
  return Math.min(1, Math.max(0, file.done / file.total));
}

/** What a file card offers. `retryReceived`: the protocol can ask for a received file again. */
export interface FileOffers {
  cancel: boolean;
  retry: boolean;
  save: boolean;
  /** Shown for received files; usable only once saved. */
  open: boolean;
  openable: boolean;
  preview: boolean;
}

export function offersOf(file: FileInfo, retryReceived: boolean): FileOffers {
  const received = file.direction === 'received';
  const ok = received && file.state === 'received';
  return {
    cancel: file.state === 'reading',
    retry: received ? retryReceived && file.state === 'failed' : file.state === 'failed' || file.state === 'cancelled',
    save: ok,
    open: ok,
    openable: ok && !!file.saved_path,
    preview: ok && file.is_text,
  };
}

/** One of my files that has not reached the chat (read, cancelled, or failed before sending). */
export function isOnItsWay(file: FileInfo): boolean {
  return file.direction === 'sent' && (file.state === 'reading' || file.state === 'failed' || file.state === 'cancelled');
}

export type SizeUnit = 'kib' | 'mib' | 'gib';

/** A size to show: whole bytes, or KiB/MiB/GiB with one decimal under 10 and none above. */
export function sizeParts(bytes: number): { unit: 'bytes'; n: number } | { unit: SizeUnit; n: number } {
  const b = Math.max(0, Math.round(bytes));
  if (b < 1024) return { unit: 'bytes', n: b };
  const units: SizeUnit[] = ['kib', 'mib', 'gib'];
  let n = b / 1024;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  // Rounded as shown; 1023.96 KiB rounds to 1024 KiB, which says 1 MiB better.
  let shown = n < 10 ? Math.round(n * 10) / 10 : Math.round(n);
  if (shown >= 1024 && u < units.length - 1) {
    u++;
    shown = 1;
  }
  return { unit: units[u], n: shown };
}

/** MiB as the person types it into a server's "Largest file" field: bytes, or null for the default. */
export function parseMib(text: string): { ok: true; bytes: number | null } | { ok: false } {
  const s = text.trim().replace(',', '.');
  if (s === '') return { ok: true, bytes: null };
  if (!/^\d+(\.\d+)?$/.test(s)) return { ok: false };
  const mib = Number(s);
  const bytes = Math.round(mib * 1024 * 1024);
  return mib > 0 && bytes >= 1 && Number.isSafeInteger(bytes) ? { ok: true, bytes } : { ok: false };
}

/** Bytes as MiB for that field (up to three decimals, no trailing zeros). */
export function mibText(bytes: number | undefined): string {
  if (bytes === undefined) return '';
  return String(Math.round((bytes / (1024 * 1024)) * 1000) / 1000);
}

/**
 * The name to suggest in a save dialog. The sender chose it, so it may carry folders
 * ("../../.bashrc") or control characters that would steer the dialog elsewhere: only
 * its last part is kept, cleaned. The backend cleans the name again when it saves.
 */
export function safeDefaultName(name: string): string {
  const last = name.split(/[/\\]/).pop() ?? '';
  const clean = last.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^[\s.]+/, '').trim();
  return clean.slice(0, 200) || 'file';
}
