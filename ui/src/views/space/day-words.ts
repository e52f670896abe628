// A chat day separator in words: Today, Yesterday, or the date as the system writes it.
import { t } from '../../i18n';
import { localDate } from '../../lib/format';
import { daysAgo } from '../../state/space';

export function dayWords(ms: number, now: number): string {
  const ago = daysAgo(ms, now);
  if (ago === 0) return t('space.today');
  if (ago === 1) return t('space.yesterday');
  return localDate(ms);
}
