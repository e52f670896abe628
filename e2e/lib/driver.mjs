// tauri-driver (the WebDriver server for Tauri apps; on Linux it fronts
// WebKitWebDriver) and WebdriverIO sessions against it.
import os from 'node:os';
import path from 'node:path';
import { remote } from 'webdriverio';
import { canConnect, startProcess, waitForPort, which } from './procs.mjs';
import { withTimeout } from './util.mjs';

export function findTauriDriver() {
  if (process.env.TAURI_DRIVER) return process.env.TAURI_DRIVER;
  const cargoHome = process.env.CARGO_HOME || path.join(os.homedir(), '.cargo');
  return which('tauri-driver', [path.join(cargoHome, 'bin')]);
}

/**
 * Starts tauri-driver on 127.0.0.1:`port` (its WebKitWebDriver on port+1) with
 * the environment `env`, which WebKitWebDriver hands on to the app it starts.
 */
export async function startTauriDriver({ port, env, outDir, timeoutMs = 30000 }) {
  const bin = findTauriDriver();
  if (!bin) {
    throw new Error(
      'tauri-driver not found on PATH nor in ~/.cargo/bin: run scripts/install-deps.sh test ' +
        "(it runs 'cargo install tauri-driver --locked'), or set TAURI_DRIVER=/path/to/tauri-driver",
    );
  }
  if (!which('WebKitWebDriver')) {
    throw new Error('WebKitWebDriver not found on PATH: apt-get install webkit2gtk-driver');
  }
  for (const p of [port, port + 1]) {
    if (await canConnect(p)) {
      throw new Error(
        `something already listens on 127.0.0.1:${p} (another tauri-driver or WebKitWebDriver?); ` +
          'stop it or choose other ports with E2E_DRIVER_PORT',
      );
    }
  }
  const proc = startProcess('tauri-driver', bin, ['--port', String(port), '--native-port', String(port + 1)], {
    env,
    logFile: path.join(outDir, 'tauri-driver.log'),
  });
  try {
    await waitForPort(port, { proc, timeoutMs });
    await waitForPort(port + 1, { proc, timeoutMs });
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { proc, bin, port };
}

/** GET /status through tauri-driver (answered by WebKitWebDriver). */
export async function driverStatus(port) {
  const res = await fetch(`http://127.0.0.1:${port}/status`);
  if (!res.ok) throw new Error(`GET /status: HTTP ${res.status}`);
  return res.json();
}

/**
 * A new WebDriver session, which starts the app: a WebdriverIO `browser`
 * whose document is the app's main window.
 */
export async function openApp({ port, application, args = [], timeoutMs = 60000 }) {
  return withTimeout(
    remote({
      hostname: '127.0.0.1',
      port,
      logLevel: process.env.E2E_WDIO_LOG_LEVEL || 'warn',
      connectionRetryCount: 0,
      connectionRetryTimeout: timeoutMs,
      waitforTimeout: 10000,
      capabilities: {
        // wry names itself "wry" to WebKit's automation; WebKitWebDriver checks this name.
        browserName: process.env.E2E_BROWSER_NAME || 'wry',
        // WebKitWebDriver speaks classic WebDriver only: don't ask for BiDi.
        'wdio:enforceWebDriverClassic': true,
        'tauri:options': { application, args },
      },
    }),
    timeoutMs,
    'starting the app (new WebDriver session)',
  );
}

/** Ends the session, which closes the app. Never throws. */
export async function closeApp(browser, timeoutMs = 15000) {
  if (!browser) return;
  try {
    await withTimeout(browser.deleteSession(), timeoutMs, 'closing the app (delete session)');
  } catch {
    // the runner kills what is left
  }
}
