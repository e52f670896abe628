// Why a session ended, in words: finished (with how many files were answered), closed
// on timeout (naming the file that waited too long), aborted, or the server's reason.
import type { SessionEnd } from '../../bindings/SessionEnd';
import { t, tn } from '../../i18n';

export function endWords(end: SessionEnd, answered: number): string {
  switch (end.reason) {
    case 'finish':
      return tn('file_exchange.end.finish', answered);
    case 'timeout_close':
      return end.missing ? t('file_exchange.end.timeout', { file: end.missing }) : t('file_exchange.end.timeout_unknown');
    case 'aborted':
      return t('file_exchange.end.aborted');
    case 'other':
      return t('file_exchange.end.other', { text: end.text });
    default:
      return '';
  }
}
