#!/usr/bin/env node
// The window under a flood (make bench-ui): the release app under Xvfb, driven through
// tauri-driver (WebDriver), receives a paced flood of 16-character `tick` strings into a
// Console connection, at each RATE events/s for SECONDS s, and this prints how it copes.
//
//   xvfb-run -a -s "-screen 0 1440x900x24" scripts/with-keyring.sh node bench/ui.mjs
//
// Per rate, a fresh app (its own profile) is started and measured:
//   start     spawn of the WebDriver session -> the server list's first item seen
//             (polled every 20 ms); the page's first contentful paint from its timing
//   frames    a requestAnimationFrame loop injected before the flood: fps, frame gap
//             p50/p99/max over the flood (emit -> flood_done seen in the window)
//   blocked   sum of (gap - 16.7 ms) over gaps > 50 ms, / the flood's duration
//   shown     the ticks the window's list holds (seq of flood_done - seq before - 2),
//             the console's own count, vs the server's flood_done count
//   following the share of samples during the flood with the list at its end, and
//             whether flood_done is the last row, in view, at the end
//   RSS       app + all its descendants (WebKitWebProcess, WebKitNetworkProcess...):
//             idle before, peak during, SETTLE_AFTER s after the flood
// plus WebKitGTK's own floor: MiniBrowser on about:blank, the same RSS sum after 5 s,
// and the start alone, STARTS times with a fresh app and profile each (WebKit's own start
// varies by a few hundred ms from one launch to the next): median [min..max].
//
// Environment: BENCH_APP (default target/release/switchboard), BENCH_RATES (1000,10000),
// BENCH_SECONDS (10), BENCH_STARTS (5), BENCH_DRIVER_PORT (4454), BENCH_SHOT (/tmp/benchui-flood.png,
// taken mid-flood at the highest rate), SWITCHBOARD_PYTHON is not needed (Node server).
// Prints a table and writes bench/out/ui.json.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { closeApp, openApp, startTauriDriver } from '../e2e/lib/driver.mjs';
import { freshProfile } from '../e2e/lib/profile.mjs';
import { killPids, markedPids, startProcess, stopGroup } from '../e2e/lib/procs.mjs';
import { startEchoServer } from '../e2e/lib/server.mjs';
import { log, sleep, waitFor } from '../e2e/lib/util.mjs';
import { $t, addServer, emit } from '../e2e/lib/window.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(ROOT, 'bench', 'out');
const APP = fs.realpathSync(path.resolve(ROOT, process.env.BENCH_APP || 'target/release/switchboard'));
const RATES = (process.env.BENCH_RATES || '1000,10000').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS || 10);
const STARTS = Number(process.env.BENCH_STARTS || 5);
const PORT = Number(process.env.BENCH_DRIVER_PORT || 4454);
const SHOT = process.env.BENCH_SHOT || '/tmp/benchui-flood.png';
const SETTLE_AFTER = 10; // s after the flood before the last RSS reading
const MARK_KEY = 'SWITCHBOARD_E2E_RUN'; // the marker e2e/run.mjs uses: ends only what we started
const MARK = randomUUID();
const MINIBROWSER = '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';

// ---- processes and memory (from /proc)

/**
 * VmRSS of `pid` and all its descendants, in KiB, and their names; with `detail`, also
 * each one's RSS and their summed PSS (RSS counts the libraries they share once per process).
 */
function rssTree(pid, detail = false) {
  const kids = new Map();
  const status = new Map();
  for (const e of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const s = fs.readFileSync(`/proc/${e}/status`, 'utf8');
      const ppid = Number(/^PPid:\s+(\d+)/m.exec(s)[1]);
      status.set(Number(e), s);
      if (!kids.has(ppid)) kids.set(ppid, []);
      kids.get(ppid).push(Number(e));
    } catch {
      // gone
    }
  }
  let kib = 0;
  let pssKib = 0;
  const names = [];
  const each = {};
  for (const queue = [pid]; queue.length; ) {
    const p = queue.shift();
    const s = status.get(p);
    if (!s) continue;
    const rss = Number((/^VmRSS:\s+(\d+)/m.exec(s) || [0, 0])[1]);
    const name = /^Name:\s+(.*)$/m.exec(s)[1];
    kib += rss;
    names.push(name);
    if (detail) {
      each[name in each ? `${name} (${p})` : name] = mib(rss);
      try {
        pssKib += Number(/^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${p}/smaps_rollup`, 'utf8'))[1]);
      } catch {
        // gone
      }
    }
    queue.push(...(kids.get(p) || []));
  }
  return detail ? { kib, names, each, pss_mib: mib(pssKib) } : { kib, names };
}

/** When process `pid` started, in ms since the epoch (10 ms steps: the kernel counts clock ticks). */
function startedAt(pid) {
  // The boot time from the uptime (10 ms steps; /proc/stat's btime is in whole seconds).
  const boot = Date.now() - Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]) * 1000;
  // Field 22 of stat, counted after the parenthesised name (which may hold spaces).
  const ticks = Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19]);
  return Math.round(boot + ticks * 10); // CLK_TCK is 100 on Linux
}

const mib = (kib) => Math.round((kib / 1024) * 10) / 10;

/** Samples the tree's RSS every 200 ms until stopped: { stop() -> peak KiB }. */
function rssSampler(pid) {
  let peak = 0;
  const timer = setInterval(() => (peak = Math.max(peak, rssTree(pid).kib)), 200);
  return { stop: () => (clearInterval(timer), peak) };
}

async function miniBrowserFloor() {
  if (!fs.existsSync(MINIBROWSER)) return { skipped: `${MINIBROWSER} not installed` };
  const proc = startProcess('MiniBrowser', MINIBROWSER, ['about:blank'], { env: process.env, logFile: path.join(OUT, 'minibrowser.log') });
  await sleep(5000);
  const { kib, each, pss_mib } = rssTree(proc.pid, true);
  await stopGroup(proc);
  return { rss_mib: mib(kib), pss_mib, each };
}

// ---- in the page (WebDriver execute)

// Frame timestamps from now on, kept in the page until read back; and where the main
// thread's time goes: the app's IPC callbacks (the update batches: store and subscribers)
// and its animation-frame callbacks (rendering), each timed by a wrapper.
function startFrames() {
  const raf = window.requestAnimationFrame.bind(window);
  const probe = (window.__benchProbe = { ipcMs: 0, ipcCalls: 0, rafMs: 0, rafCalls: 0 });
  const timed = (fn, ms, calls) => (arg) => {
    const t = performance.now();
    try {
      return fn(arg);
    } finally {
      probe[ms] += performance.now() - t;
      probe[calls]++;
    }
  };
  // Tauri keeps its callbacks in this map (its core.js exposes it "for debugging").
  const callbacks = window.__TAURI_INTERNALS__.callbacks;
  for (const [id, fn] of callbacks) callbacks.set(id, timed(fn, 'ipcMs', 'ipcCalls'));
  window.requestAnimationFrame = (cb) => raf(timed(cb, 'rafMs', 'rafCalls'));
  window.__benchFrames = [];
  const loop = (t) => {
    window.__benchFrames.push(t);
    raf(loop);
  };
  raf(loop);
  return performance.now();
}

// What the console's list shows: its newest row, flood_done if it is there, whether it is at its end.
function listState() {
  const box = document.querySelector('.console .event-list');
  const rows = Array.from(box.querySelectorAll('[data-testid="console-row"]'));
  const last = rows.reduce((a, r) => (!a || Number(r.dataset.seq) > Number(a.dataset.seq) ? r : a), null);
  const done = rows.find((r) => r.dataset.event === 'flood_done');
  const b = box.getBoundingClientRect();
  const l = last && last.getBoundingClientRect();
  const pill = document.querySelector('[data-testid="console-new-events"]');
  return {
    now: performance.now(),
    lastSeq: last ? Number(last.dataset.seq) : 0,
    lastEvent: last ? last.dataset.event : null,
    lastInView: !!l && l.top >= b.top - 1 && l.bottom <= b.bottom + 1,
    doneSeq: done ? Number(done.dataset.seq) : null,
    doneText: done ? done.querySelector('.preview-text').textContent : null,
    atEnd: box.scrollTop + box.clientHeight >= box.scrollHeight - 39, // the list's own tolerance: 1.5 rows
    heldRows: Math.round(parseFloat(box.querySelector('.event-spacer').style.height || '0') / 26),
    countText: document.querySelector('.console .toolbar .count').textContent,
    pill: pill && !pill.hidden ? pill.textContent : null,
    probe: window.__benchProbe ? { ...window.__benchProbe } : null,
  };
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const r1 = (x) => Math.round(x * 10) / 10;

/** Frame rate and gaps of the rAF timestamps within [from, to] (page ms). */
function frameStats(frames, from, to) {
  const ts = frames.filter((t) => t >= from && t <= to);
  const gaps = ts.slice(1).map((t, i) => t - ts[i]).sort((a, b) => a - b);
  const duration = to - from;
  return {
    fps: r1((ts.length - 1) / (duration / 1000)),
    p50: r1(pct(gaps, 50)),
    p99: r1(pct(gaps, 99)),
    max: r1(gaps[gaps.length - 1]),
    // Time blocked: each gap over 50 ms less the one frame (16.7 ms) it would take anyway.
    blocked: r1((100 * gaps.filter((g) => g > 50).reduce((a, g) => a + g - 16.7, 0)) / duration),
  };
}

// ---- the start, and one run: a fresh app, a flood at `rate`

/** End the app, whatever of it this run started, and its driver. */
async function endApp(driver, browser) {
  await closeApp(browser);
  await killPids(markedPids(MARK_KEY, MARK));
  await stopGroup(driver.proc);
}

/** A fresh app's start: from asking for the session (which spawns the app) to the server list's first item. */
async function openAndTimeStart(serverUrl) {
  const driver = await startTauriDriver({
    port: PORT,
    outDir: OUT,
    env: { ...process.env, ...freshProfile('bench-ui'), [MARK_KEY]: MARK, SWITCHBOARD_DEMO_URL: serverUrl, SWITCHBOARD_NO_UPDATE_CHECK: '1' },
  });
  const res = {};
  let browser = null;
  try {
    const t0 = Date.now();
    browser = await openApp({ port: PORT, application: APP });
    res.session_ms = Date.now() - t0;
    await waitFor(async () => (await browser.$$('[data-testid="server-item"]')).length > 0, 20000, { interval: 20, message: 'server list' });
    res.server_list_ms = Date.now() - t0;
    const timing = await browser.execute(() => ({
      origin: performance.timeOrigin,
      fcp: (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime ?? null,
      fp: (performance.getEntriesByName('first-paint')[0] || {}).startTime ?? null,
      // The app's own marks of its start (ui/src/main.ts, views/servers.ts).
      marks: performance.getEntriesByType('mark').filter((m) => m.name.startsWith('switchboard:')).map((m) => [m.name, m.startTime]),
    }));
    res.page_start_ms = Math.round(timing.origin - t0); // navigation start, after the spawn
    res.first_paint_ms = timing.fp === null ? null : Math.round(timing.origin + timing.fp - t0);
    res.first_contentful_paint_ms = timing.fcp === null ? null : Math.round(timing.origin + timing.fcp - t0);
    res.start_marks_ms = Object.fromEntries(timing.marks.map(([name, at]) => [name.slice('switchboard:'.length), Math.round(timing.origin + at - t0)]));
    const [pid] = markedPids(MARK_KEY, MARK, { exe: APP });
    if (!pid) throw new Error(`no ${APP} process with our marker`);
    res.app_spawned_ms = startedAt(pid) - t0; // tauri-driver and WebKitWebDriver's share of the start
    return { driver, browser, pid, res };
  } catch (err) {
    await endApp(driver, browser);
    throw err;
  }
}

/** The start alone, `n` times: each figure's median [min..max]. */
async function startRuns(n, serverUrl) {
  const runs = [];
  for (let i = 0; i < n; i++) {
    const { driver, browser, res } = await openAndTimeStart(serverUrl);
    await endApp(driver, browser);
    res.app_part_ms = res.start_marks_ms.servers - res.start_marks_ms.start; // the page's script start -> servers drawn
    runs.push(res);
    log(`start ${i + 1}/${n}`, JSON.stringify(res));
  }
  const spread = (key) => {
    const v = runs.map((r) => r[key]).filter((x) => typeof x === 'number').sort((a, b) => a - b);
    return v.length === 0 ? null : { median: v[Math.floor((v.length - 1) / 2)], min: v[0], max: v[v.length - 1] };
  };
  return {
    n,
    runs,
    server_list_ms: spread('server_list_ms'),
    first_contentful_paint_ms: spread('first_contentful_paint_ms'),
    page_start_ms: spread('page_start_ms'),
    app_part_ms: spread('app_part_ms'),
    session_ms: spread('session_ms'),
  };
}

async function runRate(rate, serverUrl) {
  const count = rate * SECONDS;
  const { driver, browser, pid, res: start } = await openAndTimeStart(serverUrl);
  const res = { rate, count, ...start };
  try {
    await addServer(browser, { waitFor }, 'bench', serverUrl);
    await sleep(3000); // idle: start-up work done
    const idle = rssTree(pid, true);
    res.rss_idle_mib = mib(idle.kib);
    res.pss_idle_mib = idle.pss_mib;
    res.rss_idle_each = idle.each;

    // The flood: frames recorded from before it; RSS and the list sampled during it.
    // The frames of the idle window first (2 s), as the floor the flood's are compared with.
    const tIdle = await browser.execute(startFrames);
    await sleep(2000);
    const before = await browser.execute(listState); // its probe: the counters at the flood's start
    const sampler = rssSampler(pid);
    const tEmit = await browser.execute(() => performance.now());
    await emit(browser, 'flood', JSON.stringify({ count, size: 16, kind: 'text', rate }));
    const wall = Date.now();
    const samples = [];
    let shot = null;
    let end = null;
    while (Date.now() - wall < SECONDS * 1000 * 10 + 60000) {
      const s = await browser.execute(listState);
      samples.push(s);
      if (s.doneSeq !== null) {
        end = s;
        break;
      }
      // The list may have stopped following: flood_done then never shows. Give up once
      // its count stays put for 5 s after the flood's nominal end.
      const stale = samples.length > 20 && samples[samples.length - 21].countText === s.countText;
      if (Date.now() - wall > SECONDS * 1000 + 5000 && stale) break;
      if (!shot && rate === Math.max(...RATES) && Date.now() - wall > (SECONDS * 1000) / 2) {
        shot = SHOT;
        await promisify(execFile)('import', ['-window', 'root', SHOT]).catch((e) => (shot = `failed: ${e.message}`));
      }
      await sleep(250);
    }
    const last = samples[samples.length - 1];
    const tEnd = last.now;
    await sleep(2000);
    res.rss_peak_mib = mib(sampler.stop());
    const frames = await browser.execute(() => window.__benchFrames.slice());
    const after = await browser.execute(listState);

    // Frames when idle and within the flood.
    const idleFrames = frameStats(frames, tIdle, tEmit);
    res.idle_fps = idleFrames.fps;
    res.idle_gap_p50_ms = idleFrames.p50;
    res.idle_gap_max_ms = idleFrames.max;
    const f = frameStats(frames, tEmit, tEnd);
    res.flood_ms = Math.round(tEnd - tEmit);
    res.flood_done_seen = end !== null;
    res.fps = f.fps;
    res.gap_p50_ms = f.p50;
    res.gap_p99_ms = f.p99;
    res.gap_max_ms = f.max;
    res.blocked_pct = f.blocked;
    // Main-thread ms per second of flood in the app's IPC and frame callbacks.
    const [p0, p1] = [before.probe, last.probe];
    const perS = (k) => Math.round((p1[k] - p0[k]) / ((tEnd - tEmit) / 1000));
    res.ipc_ms_per_s = perS('ipcMs');
    res.ipc_batches_per_s = perS('ipcCalls');
    res.render_ms_per_s = perS('rafMs');

    // Shown vs sent: rows between the one before the flood and flood_done are the ticks
    // (the emitted `flood` row is the other one).
    res.sent = end ? Number(/\d+/.exec(end.doneText.replace(/[,\s]/g, ''))[0]) : null;
    res.ticks_in_window = end ? end.doneSeq - before.lastSeq - 2 : after.lastSeq - before.lastSeq - 1;
    res.console_count = after.countText;
    res.held_rows = after.heldRows;
    res.following_share_pct = r1((100 * samples.filter((s) => s.atEnd).length) / samples.length);
    res.end_last_row = `${after.lastEvent} (seq ${after.lastSeq})`;
    res.end_last_in_view = after.lastInView && after.lastEvent === 'flood_done';
    res.end_pill = after.pill;
    res.samples = samples.length;
    res.screenshot = shot;

    await sleep(SETTLE_AFTER * 1000 - 2000);
    const after10 = rssTree(pid, true);
    res.rss_after_mib = mib(after10.kib);
    res.pss_after_mib = after10.pss_mib;
    res.rss_after_each = after10.each;
    res.rss_growth_mib = r1(res.rss_after_mib - res.rss_idle_mib);
    return res;
  } finally {
    await endApp(driver, browser);
  }
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  if (!fs.existsSync(APP)) throw new Error(`${APP} not found: build the release app (cargo build --release) or set BENCH_APP`);
  log(`app ${APP}; rates ${RATES.join(', ')} events/s for ${SECONDS} s; DISPLAY=${process.env.DISPLAY || '(unset)'}`);
  const server = await startEchoServer({ root: ROOT, outDir: OUT, scriptPath: 'servers/echo_node/server.js', node: true, label: 'bench-ui server' });
  const report = { machine: `${os.cpus().length} cores, ${os.cpus()[0].model}, Xvfb`, app: APP, seconds: SECONDS };
  try {
    // WebKitGTK's own floor first, with nothing else running.
    report.webkit_floor = await miniBrowserFloor();
    log('MiniBrowser on about:blank', JSON.stringify(report.webkit_floor));
    log(`the start, ${STARTS} times`);
    report.starts = await startRuns(STARTS, server.url);
    report.runs = [];
    for (const rate of RATES) {
      log(`flood at ${rate} events/s`);
      const r = await runRate(rate, server.url);
      log(JSON.stringify(r));
      report.runs.push(r);
    }
  } finally {
    await stopGroup(server.proc);
  }
  fs.writeFileSync(path.join(OUT, 'ui.json'), JSON.stringify(report, null, 2));
  printTable(report);
}

function printTable(report) {
  const rows = [
    ['events sent (flood_done)', 'sent'],
    ['flood duration, ms', 'flood_ms'],
    ['idle: fps, frame gap p50 / max, ms', (r) => `${r.idle_fps}, ${r.idle_gap_p50_ms} / ${r.idle_gap_max_ms}`],
    ['fps during the flood', 'fps'],
    ['frame gap p50 / p99 / max, ms', (r) => `${r.gap_p50_ms} / ${r.gap_p99_ms} / ${r.gap_max_ms}`],
    ['main thread blocked > 50 ms, %', 'blocked_pct'],
    ['main thread per s: IPC batches (n), ms / rendering, ms', (r) => `(${r.ipc_batches_per_s}) ${r.ipc_ms_per_s} / ${r.render_ms_per_s}`],
    ['ticks in the window', 'ticks_in_window'],
    ["console's count", 'console_count'],
    ['samples at the list end, %', 'following_share_pct'],
    ['at the end: flood_done last and in view', 'end_last_in_view'],
    ['RSS idle / peak / 10 s after, MiB', (r) => `${r.rss_idle_mib} / ${r.rss_peak_mib} / ${r.rss_after_mib}`],
    ['RSS growth, MiB', 'rss_growth_mib'],
    ['PSS idle / 10 s after, MiB', (r) => `${r.pss_idle_mib} / ${r.pss_after_mib}`],
    ['RSS idle per process, MiB', (r) => Object.entries(r.rss_idle_each).map(([k, v]) => `${k} ${v}`).join(', ')],
    ['RSS 10 s after per process, MiB', (r) => Object.entries(r.rss_after_each).map(([k, v]) => `${k} ${v}`).join(', ')],
    ['start: session -> server list, ms', 'server_list_ms'],
    ['start: first contentful paint, ms', 'first_contentful_paint_ms'],
    ['start: app process spawned, ms', 'app_spawned_ms'],
    ['start: the app\'s marks, ms', (r) => Object.entries(r.start_marks_ms ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')],
  ];
  console.log(`\n| ${report.machine} | ${report.runs.map((r) => `${r.rate}/s`).join(' | ')} |`);
  console.log(`|---|${report.runs.map(() => '---:').join('|')}|`);
  for (const [label, key] of rows) {
    console.log(`| ${label} | ${report.runs.map((r) => (typeof key === 'function' ? key(r) : r[key])).join(' | ')} |`);
  }
  const st = report.starts;
  const fmt = (x) => (x ? `${x.median} [${x.min}..${x.max}]` : '-');
  console.log(`\nStart, ${st.n} fresh launches, median [min..max], ms: session asked -> server list seen ${fmt(st.server_list_ms)}; first contentful paint ${fmt(st.first_contentful_paint_ms)}; WebDriver session ${fmt(st.session_ms)}; page's navigation start ${fmt(st.page_start_ms)}; the page's script start -> servers drawn ${fmt(st.app_part_ms)}`);
  const f = report.webkit_floor;
  console.log(`\nWebKitGTK floor (MiniBrowser, about:blank, 5 s): ${f.skipped ? `skipped: ${f.skipped}` : `RSS ${f.rss_mib} MiB, PSS ${f.pss_mib} MiB (${Object.entries(f.each).map(([k, v]) => `${k} ${v}`).join(', ')})`}`);
}

// Ctrl-C: end the apps and drivers this run started (all carry MARK), then stop.
process.once('SIGINT', () => killPids(markedPids(MARK_KEY, MARK)).finally(() => process.exit(130)));

await main();
