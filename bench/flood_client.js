#!/usr/bin/env node
// Flood benchmark client (node socket.io-client): what receiving a flood costs this process.
//
//   node bench/flood_client.js URL[,URL...] [--count C --kind text|json|binary|stamp] [--size N]
//        [--rate R] [--connections K] [--seconds S] [--namespace /] [--transports websocket,polling]
//
// Opens K sockets (forceNew; the i-th to the i-th URL, round robin), emits "flood" on each:
// {count: C, size, kind} (exactly C ticks per socket) or, without --count, the old
// time-based {seconds, size}. Counts "tick" per socket until every "flood_done" and prints
// one JSON line: {"client": "node", "kind", "size", "connections", "count", "events",
// "seconds", "events_per_s", "mb_per_s", "cpu_s", "cpu_us_per_event", "peak_rss_kib"}.
// "seconds" and the CPU (process.cpuUsage(), user + system) run from the flood emits to the
// last flood_done. Exits 1 when a socket got other than C ticks (or than the server's count).
// Kind "stamp" with --rate R: each tick is its send time, and the line adds the latency
// from the server's emit to this process's callback: "latency_ms_p50", "_p99", "_max".
"use strict";

const path = require("path");
const { createRequire } = require("module");

// socket.io-client is installed with the echo server's package.
const requireEcho = createRequire(path.join(__dirname, "..", "servers", "echo_node", "package.json"));
const { io } = requireEcho("socket.io-client");

function parseArgs(argv) {
  const opts = { url: null, seconds: 3, size: 64, count: null, kind: "text", connections: 1,
                 namespace: "/", transports: "websocket" };
  const num = { "--seconds": "seconds", "--size": "size", "--count": "count", "--connections": "connections", "--rate": "rate" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a in num) opts[num[a]] = Number(argv[++i]);
    else if (a === "--kind") opts.kind = argv[++i];
    else if (a === "--namespace") opts.namespace = argv[++i];
    else if (a === "--transports") opts.transports = argv[++i];
    else if (!a.startsWith("--") && !opts.url) opts.url = a;
    else fail(`unknown argument: ${a}`);
  }
  if (!opts.url) fail("usage: flood_client.js URL [--count C --kind K] [--size N] [--connections K] [--seconds S]");
  return opts;
}

function fail(msg) {
  process.stderr.write(`flood_client.js: ${msg}\n`);
  process.exit(1);
}

const opts = parseArgs(process.argv.slice(2));
const urls = opts.url.split(",").map((u) => {
  const url = new URL(u);
  if (opts.namespace !== "/") url.pathname = opts.namespace; // the namespace is part of the URL
  return url.toString();
});
const spec = opts.count === null ? { seconds: opts.seconds, size: opts.size }
  : { count: opts.count, size: opts.size, kind: opts.kind, ...(opts.rate ? { rate: opts.rate } : {}) };
const latencies = [];
const percentile = (xs, q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];

const sockets = [];
const counts = new Array(opts.connections).fill(0);
let connected = 0, done = 0, started = 0n, cpu0 = null;
const problems = [];

for (let i = 0; i < opts.connections; i++) {
  const socket = io(urls[i % urls.length], {
    forceNew: true,
    transports: opts.transports.split(","),
    reconnection: false,
    rejectUnauthorized: false, // the test servers use self-signed certificates
  });
  sockets.push(socket);
  socket.on("tick", (arg) => {
    counts[i]++;
    if (opts.kind === "stamp") latencies.push(performance.timeOrigin + performance.now() - arg);
  });
  socket.on("flood_done", ({ count }) => {
    const want = opts.count === null ? count : opts.count;
    if (counts[i] !== want || count !== want) problems.push(`socket ${i}: received ${counts[i]} ticks of ${want} (server sent ${count})`);
    if (++done === opts.connections) finish();
  });
  socket.on("connect", () => {
    if (++connected < opts.connections) return;
    // All connected: the flood starts now, on every socket.
    cpu0 = process.cpuUsage();
    started = process.hrtime.bigint();
    for (const s of sockets) s.emit("flood", spec);
  });
  socket.on("connect_error", (err) => fail(`connect error: ${err.message}`));
  socket.on("disconnect", (reason) => fail(`disconnected: ${reason}`));
}

function finish() {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const events = counts.reduce((a, b) => a + b, 0);
  process.stdout.write(JSON.stringify({
    client: "node",
    ...(opts.count === null ? {} : { kind: opts.kind, size: opts.size, connections: opts.connections, count: opts.count * opts.connections }),
    events,
    seconds: Number(seconds.toFixed(6)),
    events_per_s: Number((events / seconds).toFixed(1)),
    mb_per_s: Number((events * opts.size / seconds / 1e6).toFixed(2)),
    cpu_s: Number(cpuS.toFixed(4)),
    cpu_us_per_event: events ? Number((cpuS * 1e6 / events).toFixed(3)) : null,
    peak_rss_kib: process.resourceUsage().maxRSS,
    ...latencyFields(),
  }) + "\n");
  for (const s of sockets) { s.off("disconnect"); s.close(); }
  if (problems.length) fail(problems.join("; "));
  process.exit(0);
}

/** p50, p99 and max of the stamped ticks' latencies (ms), when the kind is "stamp". */
function latencyFields() {
  if (!latencies.length) return {};
  const xs = latencies.slice().sort((a, b) => a - b);
  const ms = (x) => Number(x.toFixed(3));
  return { rate: opts.rate, latency_ms_p50: ms(percentile(xs, 0.5)), latency_ms_p99: ms(percentile(xs, 0.99)), latency_ms_max: ms(xs[xs.length - 1]) };
}

// Give up if flood_done never comes.
setTimeout(() => fail(`timed out: ${done} of ${opts.connections} floods done`),
           (opts.count === null ? opts.seconds + 60 : 900) * 1000).unref();
