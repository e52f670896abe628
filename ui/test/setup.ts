// Run before every test file (vite.config.ts `test.setupFiles`).
// A test's views stay subscribed and keep their timers after it ends (in the window they
// live as long as the page): a countdown ticks each second, a reconnect every 250 ms. Left
// running, such a timer fires in the next test, or after the file's jsdom is torn down,
// where requestAnimationFrame no longer exists. So each test ends by cancelling them all.
import { afterEach } from 'vitest';
import { cancelPending } from '../src/dom';

afterEach(() => cancelPending());
