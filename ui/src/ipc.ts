// The only door to the Rust backend: two Tauri commands, `dispatch` (an Action in)
// and `subscribe` (batches of Updates out). Everything else imports these two functions.
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
