// A file's size and state in words, from the catalog.
import type { FileInfo } from '../../bindings/FileInfo';
import { t, tn } from '../../i18n';
import { progressOf, sizeParts } from '../../state/files';

/** "12 bytes", "1.5 KiB", "25 MiB". */
export function sizeText(bytes: number): string {
  const s = sizeParts(bytes);
  return s.unit === 'bytes' ? tn('files.bytes', s.n) : t(`files.${s.unit}`, { n: s.n });
}

/** Where the file stands, in a few words ("Reading… 40%", "Failed"). */
export function stateText(file: FileInfo, withPercent: boolean): string {
  switch (file.state) {
    case 'reading': {
      const p = progressOf(file);
      return withPercent && p !== null ? t('files.state.reading_percent', { percent: Math.floor(p * 100) }) : t('files.state.reading');
    }
    case 'sending': {
      const p = progressOf(file);
      return withPercent && p !== null ? t('files.state.sending_percent', { percent: Math.floor(p * 100) }) : t('files.state.sending');
    }
    case 'sent':
      return t('files.state.sent');
    case 'received':
      return t('files.state.received');
    case 'failed':
      return t('files.state.failed');
    case 'cancelled':
      return t('files.state.cancelled');
    default:
      return t('files.state.unknown');
  }
}
