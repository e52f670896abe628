// Why a session ended, in words: finished (with how many files were answered), closed
// on timeout (naming the file that waited too long), aborted, or the server's reason.
import type { SessionEnd } from '../../bindings/SessionEnd';
import { t, tn } from '../../i18n';

export function endWords(end: SessionEnd, answered: number): string {
  switch (end.reason) {
    case 'finish':
      return tn('fx.end.finish', answered);
    case 'timeout_close':
      return end.missing ? t('fx.end.timeout', { file: end.missing }) : t('fx.end.timeout_unknown');
    case 'aborted':
      return t('fx.end.aborted');
    case 'other':
      return t('fx.end.other', { text: end.text });
    default:
      return '';
  }
}
