#!/usr/bin/env node
// End-to-end tests of the real Switchboard window.
//
//   xvfb-run -a scripts/with-keyring.sh node e2e/run.mjs [--dry] [NAME...]
//
// Starts the Python echo server (servers/echo_py/server.py) on a free port and
// tauri-driver on 127.0.0.1:4444, then runs every e2e/tests/*.mjs in name
// order (only those whose file name contains one of the NAMEs, if given).
// Each test file exports `async function run(browser, ctx)`; it gets a fresh
// app (a new WebDriver session starts target/debug/switchboard with
// SWITCHBOARD_DEMO_URL set to the echo server) and
//   ctx = { serverUrl, screenshot(name), screenshotOf(browser, name), waitFor, assert, log, outDir, root, name };
//   `export const appEnv = {...}` starts the app with more environment (a language, say);
//   each screenshot also runs axe-core on the window (serious or critical findings fail the test).
// A test fails by throwing. Prints PASS/FAIL per test and a closing
// "e2e: N passed, N failed" line; exits 1 if any failed. Logs and pictures go
// to e2e/out/ (emptied at the start of each run).
//
// --dry   checks the harness itself without starting the app: the echo server
//         answers a Socket.IO handshake, tauri-driver (and WebKitWebDriver
//         behind it) answers, waitFor works, a screen shot can be taken, the
//         test files load.
//
// Environment: E2E_APP (the app binary; default target/debug/switchboard),
// E2E_DRIVER_PORT (default 4444; WebKitWebDriver gets the next one),
// E2E_TEST_TIMEOUT_MS (per test file, default 300000), TAURI_DRIVER (its path),
// E2E_WDIO_LOG_LEVEL (default warn), SWITCHBOARD_PYTHON (the server's python),
// E2E_ALLOW_DEV_URL=1 (accept an app that loads the Vite dev server),
// E2E_APP_ARGS (extra arguments for the app, split on spaces),
// E2E_BROWSER_NAME (default wry). To try the harness with no app built, use WebKit's MiniBrowser:
// E2E_APP=/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser
// E2E_APP_ARGS=--automation E2E_BROWSER_NAME=MiniBrowser.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closeApp, driverStatus, openApp, startTauriDriver } from './lib/driver.mjs';
import { killPids, markedPids, stopGroup, tail } from './lib/procs.mjs';
import { axeRecorder } from './lib/axe.mjs';
import { takeScreenshot } from './lib/screenshot.mjs';
import { startEchoServer } from './lib/server.mjs';
import { assert, log, safeName, waitFor, withTimeout } from './lib/util.mjs';

const E2E_DIR = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(E2E_DIR, '..');
const OUT = path.join(E2E_DIR, 'out');
const TESTS_DIR = path.join(E2E_DIR, 'tests');

const argv = process.argv.slice(2);
if (argv.includes('-h') || argv.includes('--help')) {
  const text = fs.readFileSync(fileURLToPath(import.meta.url), 'utf8');
  console.log(
    text
      .split('\n')
      .slice(1)
      .filter((l) => l.startsWith('//'))
      .map((l) => l.replace(/^\/\/ ?/, ''))
      .join('\n'),
  );
  process.exit(0);
}
const DRY = argv.includes('--dry');
const unknown = argv.filter((a) => a.startsWith('-') && a !== '--dry');
if (unknown.length) {
  console.error(`unknown option(s): ${unknown.join(' ')} (see --help)`);
  process.exit(2);
}
const FILTERS = argv.filter((a) => !a.startsWith('-'));
const APP = path.resolve(ROOT, process.env.E2E_APP || 'target/debug/switchboard');
const APP_ARGS = (process.env.E2E_APP_ARGS || '').split(' ').filter(Boolean);
const DRIVER_PORT = Number(process.env.E2E_DRIVER_PORT || 4444);
const TEST_TIMEOUT_MS = Number(process.env.E2E_TEST_TIMEOUT_MS || 300000);

// Everything started through tauri-driver (WebKitWebDriver, the app) carries
// this marker in its environment, so that teardown ends exactly those.
const MARK_KEY = 'SWITCHBOARD_E2E_RUN';
const MARK = randomUUID();

const results = []; // { name, status: 'pass'|'fail'|'skip', ms, error }
let server = null;
let driver = null;
let browser = null;
let profileDir = null;
let tornDown = false;

function record(name, status, ms, error) {
  results.push({ name, status, ms, error });
  const secs = `(${(ms / 1000).toFixed(1)}s)`;
  if (status === 'pass') console.log(`PASS ${name} ${secs}`);
  else if (status === 'skip') console.log(`SKIP ${name}${error ? `: ${error}` : ''}`);
  else {
    console.log(`FAIL ${name} ${secs}`);
    const text = (error && (error.stack || error.message)) || String(error);
    console.log(text.replace(/^/gm, '    '));
  }
}

async function check(name, fn) {
  const t = Date.now();
  try {
    const r = await fn();
    if (r && r.skip) record(name, 'skip', Date.now() - t, r.skip);
    else record(name, 'pass', Date.now() - t);
  } catch (err) {
    record(name, 'fail', Date.now() - t, err);
  }
}

async function killApps() {
  await killPids(markedPids(MARK_KEY, MARK, { exe: APP }));
}

async function teardown() {
  if (tornDown) return;
  tornDown = true;
  if (browser) await closeApp(browser, 5000);
  browser = null;
  await killApps();
  if (driver) await stopGroup(driver.proc);
  // anything else started through the driver (WebKitWebDriver, app helpers)
  await killPids(markedPids(MARK_KEY, MARK));
  if (server) await stopGroup(server.proc);
  if (profileDir) fs.rmSync(profileDir, { recursive: true, force: true });
}

for (const [sig, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
  ['SIGHUP', 129],
]) {
  process.once(sig, () => {
    console.log(`\n[e2e] ${sig}: tearing down`);
    teardown().finally(() => process.exit(code));
  });
}

function discoverTests() {
  if (!fs.existsSync(TESTS_DIR)) return [];
  return fs
    .readdirSync(TESTS_DIR)
    .filter((f) => f.endsWith('.mjs'))
    .filter((f) => !FILTERS.length || FILTERS.some((s) => f.includes(s)))
    .sort()
    .map((f) => ({ name: f.replace(/\.mjs$/, ''), file: path.join(TESTS_DIR, f) }));
}

async function loadTest(test) {
  const mod = await import(pathToFileURL(test.file).href);
  if (typeof mod.run !== 'function') {
    throw new Error(`${path.relative(ROOT, test.file)} does not export async function run(browser, ctx)`);
  }
  return mod;
}

// The app's environment for the tests: set in main(); a test may add to it (`export const
// appEnv`), for which tauri-driver, whose environment the app inherits, is started again.
let baseEnv = null;
let driverEnv = null;

async function useDriverEnv(extra) {
  const env = { ...baseEnv, ...extra };
  if (driver && JSON.stringify(env) === JSON.stringify(driverEnv)) return;
  if (driver) await stopGroup(driver.proc);
  driver = await startTauriDriver({ port: DRIVER_PORT, env, outDir: OUT });
  driverEnv = env;
}

function makeCtx(name, b, axe = null) {
  return {
    name,
    root: ROOT,
    outDir: OUT,
    serverUrl: server ? server.url : null,
    // Every view a test shows in a picture is also checked for accessibility (axe-core).
    screenshot: async (shotName) => {
      const files = await takeScreenshot(b, shotName, OUT);
      if (axe && b) await axe.check(b, shotName);
      return files;
    },
    // The same for a window the test opened itself (after closing the app and starting it again).
    screenshotOf: async (other, shotName) => {
      const files = await takeScreenshot(other, shotName, OUT);
      if (axe && other) await axe.check(other, shotName);
      return files;
    },
    waitFor,
    assert,
    log,
  };
}

function printLogTails() {
  for (const file of ['tauri-driver.log', 'echo-server.log']) {
    const text = tail(path.join(OUT, file), 30).trim();
    if (text) console.log(`---- last lines of e2e/out/${file}\n${text.replace(/^/gm, '    ')}`);
  }
}

function devUrl() {
  try {
    const conf = JSON.parse(fs.readFileSync(path.join(ROOT, 'tauri.conf.json'), 'utf8'));
    return (conf.build && conf.build.devUrl) || null;
  } catch {
    return null;
  }
}

// A cargo build without tauri's custom-protocol feature loads the UI from the
// Vite dev server instead of the ui/dist it should embed: say so plainly.
async function assertNotDevBuild(b) {
  const dev = devUrl();
  if (!dev || process.env.E2E_ALLOW_DEV_URL) return;
  const url = await b.getUrl();
  if (url.startsWith(dev.replace(/\/$/, ''))) {
    throw new Error(
      `the app loads ${url}, its development server (build.devUrl): it was built without ` +
        "tauri's custom-protocol feature. Build it with 'cargo build --features tauri/custom-protocol' " +
        '(as make test does) so that it embeds ui/dist, or set E2E_ALLOW_DEV_URL=1 with the dev server running.',
    );
  }
}

async function runTest(test) {
  const t = Date.now();
  let run;
  try {
    const mod = await loadTest(test);
    run = mod.run;
    await useDriverEnv(mod.appEnv ?? {});
    log(`${test.name}: starting the app`);
    browser = await openApp({ port: DRIVER_PORT, application: APP, args: APP_ARGS });
    await assertNotDevBuild(browser);
    const axe = axeRecorder(OUT, safeName(test.name));
    const ctx = makeCtx(test.name, browser, axe);
    await withTimeout(Promise.resolve().then(() => run(browser, ctx)), TEST_TIMEOUT_MS, `test ${test.name}`);
    axe.finish();
    record(test.name, 'pass', Date.now() - t);
  } catch (err) {
    if (browser) await takeScreenshot(browser, `FAIL-${safeName(test.name)}`, OUT);
    else if (process.env.DISPLAY) await takeScreenshot(null, `FAIL-${safeName(test.name)}`, OUT);
    record(test.name, 'fail', Date.now() - t, err);
    printLogTails();
  } finally {
    await closeApp(browser);
    browser = null;
    await killApps();
  }
}

async function dryChecks(tests) {
  await check('harness: echo server answers a Socket.IO handshake', async () => {
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`);
    const body = await res.text();
    assert.equal(res.status, 200, `HTTP ${res.status}: ${body.slice(0, 200)}`);
    assert.match(body, /^0\{.*"sid"/, `not an engine.io open packet: ${body.slice(0, 200)}`);
  });
  await check('harness: tauri-driver (and WebKitWebDriver behind it) answers /status', async () => {
    const status = await driverStatus(DRIVER_PORT);
    assert.ok(status && status.value && 'ready' in status.value, JSON.stringify(status));
  });
  await check('harness: waitFor resolves and times out', async () => {
    let n = 0;
    assert.equal(await waitFor(() => ++n >= 3 && 'done', 2000, { interval: 10 }), 'done');
    await assert.rejects(waitFor(() => false, 150, { message: 'never' }), /timed out after 150 ms: never/);
  });
  await check('harness: screen shot of the X display', async () => {
    if (!process.env.DISPLAY) return { skip: 'DISPLAY not set (run under xvfb-run -a)' };
    const files = await makeCtx('dry', null).screenshot('dry-run');
    assert.equal(files.length, 1, 'import -window root wrote nothing');
    assert.ok(fs.statSync(files[0]).size > 0, `${files[0]} is empty`);
  });
  await check(`harness: test files load (${tests.length} in e2e/tests)`, async () => {
    for (const test of tests) await loadTest(test);
  });
}

async function main() {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  log(
    `${DRY ? 'dry run (no app)' : `app ${path.relative(ROOT, APP)}`}; DISPLAY=${process.env.DISPLAY || '(unset)'}; ` +
      `D-Bus ${process.env.DBUS_SESSION_BUS_ADDRESS ? 'session bus set' : 'NO SESSION BUS'}`,
  );
  const tests = discoverTests();
  if (!DRY) {
    if (!fs.existsSync(APP)) throw new Error(`${APP} not found: build it first (cargo build)`);
    if (!tests.length) {
      throw new Error(
        `no test files in e2e/tests${FILTERS.length ? ` matching ${FILTERS.join(', ')}` : ''}: nothing to run`,
      );
    }
    if (!process.env.DISPLAY) log('warning: DISPLAY is not set; the app needs a display (xvfb-run -a ...)');
  }

  server = await startEchoServer({ root: ROOT, outDir: OUT });
  log(`echo server on ${server.url}`);

  profileDir = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-e2e-'));
  const appEnv = {
    ...process.env,
    SWITCHBOARD_DEMO_URL: server.url,
    [MARK_KEY]: MARK,
    // a debug build then lets the tests say which files "the person chose" (e2e/lib/drag.mjs)
    SWITCHBOARD_E2E: '1',
    // no update check leaves the machine
    SWITCHBOARD_NO_UPDATE_CHECK: '1',
    // a fresh app profile (settings, saved connections, web view storage) for each run
    XDG_CONFIG_HOME: path.join(profileDir, 'config'),
    XDG_DATA_HOME: path.join(profileDir, 'data'),
    XDG_CACHE_HOME: path.join(profileDir, 'cache'),
  };
  baseEnv = appEnv;
  await useDriverEnv({});
  log(`tauri-driver (${driver.bin}) on 127.0.0.1:${DRIVER_PORT}`);

  if (DRY) await dryChecks(tests);
  else for (const test of tests) await runTest(test);
}

let setupError = null;
try {
  await main();
} catch (err) {
  setupError = err;
  console.log(`FAIL e2e setup: ${err.message}`);
  printLogTails();
} finally {
  await teardown();
}

const passed = results.filter((r) => r.status === 'pass').length;
const failed = results.filter((r) => r.status === 'fail').length + (setupError ? 1 : 0);
const skipped = results.filter((r) => r.status === 'skip').length;
console.log(`e2e: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed ? 1 : 0);
