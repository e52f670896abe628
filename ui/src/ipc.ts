// The only door to the Rust backend: `dispatch` (an Action in), `subscribe` (batches of
// Updates out), the native file dialogs (the backend records what the person picked, so
// only those paths can be sent or saved), `system_locale` (the OS language, which the web
// view does not tell: under WebKitGTK navigator.language stays en-US whatever LANG says),
// the update check and the desktop notifications. Everything else imports these functions.
import { Channel, invoke } from '@tauri-apps/api/core';
import type { Action } from './bindings/Action';
import type { Profile } from './bindings/Profile';
import type { Update } from './bindings/Update';
import type { AppError } from './errors';

/** True inside the Tauri window; false in a plain browser (e.g. `vite` preview). */
export function backendAvailable(): boolean {
  return typeof window !== 'undefined' && '__TAURI_INTERNALS__' in window;
}

const unavailable: AppError = { kind: 'backend_unavailable', message: '' };

/** Turn whatever `invoke` rejected with into `{kind, message}` (the backend sends that shape). */
export function toAppError(err: unknown): AppError {
  if (err && typeof err === 'object' && 'kind' in err && typeof err.kind === 'string') {
    const message = 'message' in err && typeof err.message === 'string' ? err.message : '';
    return { kind: err.kind, message } as AppError;
  }
  return { kind: 'unexpected', message: err instanceof Error ? err.message : String(err) };
}

/** Send one action. Resolves when the backend accepted it; rejects with an `AppError`. */
export async function dispatch(action: Action): Promise<void> {
  if (!backendAvailable()) throw unavailable;
  try {
    await invoke<null>('dispatch', { action });
  } catch (err) {
    throw toAppError(err);
  }
}

/**
 * Receive every update batch from now on. Call once at start-up (a reloaded window
 * subscribes again and replaces the old channel). Resolves with the saved servers as
 * they were once the channel was set (later changes come on it); rejects with an
 * `AppError` (`backend_unavailable`, or the saved servers could not be read, when the
 * channel is set all the same).
 */
export async function subscribe(onBatch: (updates: Update[]) => void): Promise<Profile[]> {
  if (!backendAvailable()) throw unavailable;
  try {
    const channel = new Channel<Update[]>();
    channel.onmessage = onBatch;
    return await invoke<Profile[]>('subscribe', { channel });
  } catch (err) {
    throw toAppError(err);
  }
}

/** A filter of an open dialog: its name and the extensions it shows. */
export type FileFilter = { name: string; extensions: string[] };

/** The files the person picks in the open dialog; none when cancelled or outside the app. */
export async function chooseFiles(title: string, multiple: boolean, filter?: FileFilter): Promise<string[]> {
  if (!backendAvailable()) return [];
  try {
    const paths = await invoke<unknown>('choose_files', { title, multiple, filter: filter ? [filter.name, filter.extensions] : null });
    return Array.isArray(paths) ? paths.filter((p): p is string => typeof p === 'string' && p !== '') : [];
  } catch {
    return [];
  }
}

/** The path the person picks in the save dialog for `name`; null when cancelled. */
export async function chooseSavePath(title: string, name: string): Promise<string | null> {
  if (!backendAvailable()) return null;
  try {
    const path = await invoke<unknown>('choose_save_path', { title, name });
    return typeof path === 'string' && path !== '' ? path : null;
  } catch {
    return null;
  }
}

/**
 * The operating system's locale as a BCP 47 tag ("ru-RU"), or null when the backend
 * does not know it, is not there, or fails: the caller then falls back to the web view's.
 */
export async function systemLocale(): Promise<string | null> {
  if (!backendAvailable()) return null;
  try {
    const tag = await invoke<string | null>('system_locale');
    return typeof tag === 'string' && tag.trim() !== '' ? tag : null;
  } catch {
    return null;
  }
}

/** A newer release the backend found. */
export type UpdateOffer = { version: string; notes: string | null };

/** Ask whether a newer release exists (null: none, or no check here); rejects with the reason in words. */
export async function checkUpdate(): Promise<UpdateOffer | null> {
  if (!backendAvailable()) return null;
  const offer = await invoke<UpdateOffer | null>('check_update');
  return offer && typeof offer.version === 'string' ? offer : null;
}

/** Download and install the update found by the last check; the app restarts. */
export async function installUpdate(): Promise<void> {
  await invoke<null>('install_update');
}

/**
 * Show a desktop notification (plain text: title and body are never markup). Fails
 * quietly: outside the app, where notifications are not allowed, or before the backend
 * has the command, nothing is shown and nothing is said.
 */
export async function notify(title: string, body: string, conn: string): Promise<void> {
  if (!backendAvailable()) return;
  try {
    await invoke<null>('notify', { title, body, conn });
  } catch {
    // the window itself shows the same news
  }
}

/**
 * `onClick(conn)` when a notification about server `conn` is clicked (the backend has
 * brought the window forward). Returns how to stop listening; nothing outside the app.
 */
export async function onNotificationClicked(onClick: (conn: string) => void): Promise<() => void> {
  if (!backendAvailable()) return () => {};
  try {
    const { listen } = await import('@tauri-apps/api/event');
    return await listen<string>('notification-clicked', (e) => onClick(e.payload));
  } catch {
    return () => {};
  }
}
