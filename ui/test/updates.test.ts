// @vitest-environment jsdom
// The update check at start: at most once a day, never when turned off, a failure says
// nothing and is tried next start; the banner offers the version in words and goes on Later.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LAST_UPDATE_CHECK_KEY, UPDATES_KEY } from '../src/settings/preferences';
import { CHECK_EVERY_MS, checkAtStart, checkDue, currentOffer, dismissOffer } from '../src/settings/updates';
import { updateBanner } from '../src/views/update-banner';

const NOW = Date.UTC(2026, 10, 28, 12);

beforeEach(() => {
  localStorage.clear();
  dismissOffer();
});
afterEach(() => vi.restoreAllMocks());

describe('update check', () => {
  it('is due once a day, and never when turned off', () => {
    expect(checkDue(NOW)).toBe(true);
    localStorage.setItem(LAST_UPDATE_CHECK_KEY, String(NOW - CHECK_EVERY_MS + 1000));
    expect(checkDue(NOW)).toBe(false);
    expect(checkDue(NOW + 1000)).toBe(true);
    localStorage.setItem(LAST_UPDATE_CHECK_KEY, String(NOW + CHECK_EVERY_MS));
    expect(checkDue(NOW), 'a clock set back does not stop checks for ever').toBe(true);
    localStorage.setItem(UPDATES_KEY, 'off');
    expect(checkDue(NOW)).toBe(false);
  });

  it('asks once, remembers when, and keeps the offer', async () => {
    const check = vi.fn().mockResolvedValue({ version: '0.2.0', notes: null });
    await checkAtStart(NOW, check);
    await checkAtStart(NOW + 1000, check);
    expect(check).toHaveBeenCalledTimes(1);
    expect(localStorage.getItem(LAST_UPDATE_CHECK_KEY)).toBe(String(NOW));
    expect(currentOffer()?.version).toBe('0.2.0');
  });

  it('a failed check shows nothing and is tried again next start', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await checkAtStart(NOW, () => Promise.reject(new Error('offline')));
    expect(currentOffer()).toBeNull();
    expect(checkDue(NOW + 1)).toBe(true);
  });

  it('the banner says which version, and goes on Later', async () => {
    const banner = updateBanner('0.1.0');
    document.body.replaceChildren(banner.element);
    expect(banner.element.hidden).toBe(true);
    await checkAtStart(NOW, async () => ({ version: '0.2.0', notes: '<b>notes</b>' }));
    expect(banner.element.hidden).toBe(false);
    expect(banner.element.textContent).toContain('Switchboard 0.2.0 is available (you have 0.1.0).');
    (banner.element.querySelector('[data-testid=update-later]') as HTMLButtonElement).click();
    expect(banner.element.hidden).toBe(true);
    banner.dispose();
  });
});
