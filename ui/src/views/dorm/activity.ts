// An activity in words: each code's label from the catalog, "No activity" for none, and a
// code this window does not know as "Unknown activity (<code>)".
import { t, type MessageKey } from '../../i18n';
import { isActivityCode } from '../../state/dorm';

export function activityLabel(code: string | null): string {
  if (code === null) return t('dorm.activity.none');
  if (isActivityCode(code)) return t(`dorm.activity.${code}` as MessageKey);
  return t('dorm.activity.unknown', { code });
}

/** The key that chooses a code on the keyboard: its last digit ("05" → "5"). */
export const keyOf = (code: string): string => code.slice(-1);
