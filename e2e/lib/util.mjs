// Small helpers shared by the runner and the tests.
import { strict as assert } from 'node:assert';

export { assert };

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Polls `fn` until it returns a truthy value (which is returned) or the time is up.
 * Exceptions thrown by `fn` count as "not yet"; the last one is reported on timeout.
 *
 *   const rows = await waitFor(async () => (await browser.$$('.row')).length >= 3 && rows, 5000);
 *   await waitFor(() => fs.existsSync(path), 2000, { message: 'file to appear' });
 */
export async function waitFor(fn, timeoutMs = 5000, { interval = 100, message } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
      lastError = undefined;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) break;
    await sleep(Math.min(interval, Math.max(0, deadline - Date.now())));
  }
  const what = message || fn.toString().replace(/\s+/g, ' ').slice(0, 120);
  const err = new Error(
    `waitFor timed out after ${timeoutMs} ms: ${what}` +
      (lastError ? `\n  last error: ${lastError.message || lastError}` : ''),
  );
  if (lastError) err.cause = lastError;
  throw err;
}

/** Rejects with a clear message when `promise` takes longer than `ms`. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const t0 = Date.now();
export function log(...args) {
  const s = ((Date.now() - t0) / 1000).toFixed(1).padStart(6);
  console.log(`[e2e ${s}s]`, ...args);
}

/** A file-name-safe version of a test or screenshot name. */
export function safeName(name) {
  return String(name).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 100) || 'unnamed';
}
