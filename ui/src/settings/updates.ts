// The update check at start: at most once a day, unless turned off in Settings. The offer
// is kept here, so a window drawn again (another language) still shows it.
import { checkUpdate, type UpdateOffer } from '../ipc';
import { lastUpdateCheck, storeLastUpdateCheck, storedUpdates } from './preferences';

export const CHECK_EVERY_MS = 24 * 60 * 60 * 1000;

let offer: UpdateOffer | null = null;
const listeners = new Set<() => void>();

/** The update found at start, until the person says Later. */
export const currentOffer = (): UpdateOffer | null => offer;

/** Call `listener` when the offer appears or goes; returns the unsubscribe. */
export function onOfferChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function setOffer(next: UpdateOffer | null): void {
  offer = next;
  listeners.forEach((l) => l());
}

/** Whether a check is due now: turned on, and none in the last day (or the clock went back). */
export function checkDue(now: number): boolean {
  if (storedUpdates() === 'off') return false;
  const last = lastUpdateCheck();
  return last > now || now - last >= CHECK_EVERY_MS;
}

/** Check when due; a failed check says nothing now and is tried again next start. */
export async function checkAtStart(now = Date.now(), check: () => Promise<UpdateOffer | null> = checkUpdate): Promise<void> {
  if (!checkDue(now)) return;
  try {
    const found = await check();
    storeLastUpdateCheck(now);
    if (found) setOffer(found);
  } catch (err) {
    console.warn('update check failed', err);
  }
}

/** The person said Later: the offer goes until the next check. */
export const dismissOffer = (): void => setOffer(null);
