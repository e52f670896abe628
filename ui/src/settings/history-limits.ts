// The history limits go to the backend at start and on every change (set_history_limits).
import type { HistoryLimits } from '../bindings/HistoryLimits';
import { dispatch } from '../ipc';
import { storedHistoryLimits } from './preferences';

/** The stored limits as the backend takes them. */
export function historyLimits(): HistoryLimits {
  const { events, mib } = storedHistoryLimits();
  return { max_events: events, max_bytes: mib * 1024 * 1024 };
}

/** Send the stored limits; a refusal (no backend, out of range) is returned, never thrown. */
export async function sendHistoryLimits(): Promise<unknown> {
  try {
    await dispatch({ type: 'set_history_limits', limits: historyLimits() });
    return null;
  } catch (err) {
    return err;
  }
}
