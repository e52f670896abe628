// Errors as the window knows them: the backend's `{kind, message}`, its warnings, and two
// of the window's own (no backend at all, anything unforeseen), all in words from the catalog.
import type { Error as BackendError } from './bindings/Error';
import { t, type MessageKey } from './i18n';

export type AppError = BackendError | { kind: 'warning' | 'backend_unavailable' | 'unexpected'; message: string };

/** The catalog key that starts the sentence for an error kind. */
export function errorKey(kind: string): MessageKey {
  switch (kind) {
    case 'invalid_url':
    case 'invalid_option':
    case 'connect':
    case 'unknown_connection':
    case 'not_connected':
    case 'send':
    case 'bad_request':
    case 'keyring':
    case 'file':
    case 'profiles':
    case 'history':
    case 'backend_unavailable':
    case 'warning':
      return `error.kind.${kind}`;
    default:
      return 'error.kind.unexpected';
  }
}

/** "Could not connect: connection refused" — the kind in words, then the backend's detail. */
export function errorText(error: { kind: string; message: string }): string {
  const prefix = t(errorKey(error.kind));
  return error.message ? t('error.with_detail', { prefix, detail: error.message }) : prefix;
}
