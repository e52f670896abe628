// The only door to the Rust backend: the Tauri commands `dispatch` (an Action in),
// `subscribe` (batches of Updates out) and `system_locale` (the OS language, which the
// web view does not tell: under WebKitGTK navigator.language stays en-US whatever LANG
// says). Everything else imports these functions.
import { Channel, invoke } from '@tauri-apps/api/core';
import type { Action } from './bindings/Action';
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
 * subscribes again and replaces the old channel). Rejects with an `AppError`.
 */
export async function subscribe(onBatch: (updates: Update[]) => void): Promise<void> {
  if (!backendAvailable()) throw unavailable;
  try {
    const channel = new Channel<Update[]>();
    channel.onmessage = onBatch;
    await invoke<null>('subscribe', { channel });
  } catch (err) {
    throw toAppError(err);
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
