#!/usr/bin/env node
// Flood benchmark client (node socket.io-client).
//
//   node bench/flood_client.js URL [--seconds S] [--size N] [--namespace /]
//                               [--transports websocket,polling]
//
// Connects to URL, emits "flood" {seconds, size}, counts "tick" events until
// "flood_done" and prints one JSON line:
//   {"client": "node", "events": n, "seconds": s, "events_per_s": x}
// "seconds" runs from the flood emit to flood_done. Exits 1 when the count
// differs from the one the server reports, or on connection errors.
"use strict";

const path = require("path");
const { createRequire } = require("module");

// socket.io-client is installed with the echo server's package.
const requireEcho = createRequire(path.join(__dirname, "..", "servers", "echo_node", "package.json"));
const { io } = requireEcho("socket.io-client");

function parseArgs(argv) {
  const opts = { url: null, seconds: 3, size: 64, namespace: "/", transports: "websocket" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--seconds") opts.seconds = Number(argv[++i]);
    else if (a === "--size") opts.size = Number(argv[++i]);
    else if (a === "--namespace") opts.namespace = argv[++i];
    else if (a === "--transports") opts.transports = argv[++i];
    else if (!a.startsWith("--") && !opts.url) opts.url = a;
    else fail(`unknown argument: ${a}`);
  }
  if (!opts.url) fail("usage: flood_client.js URL [--seconds S] [--size N] [--namespace NS] [--transports LIST]");
  return opts;
}

function fail(msg) {
  process.stderr.write(`flood_client.js: ${msg}\n`);
  process.exit(1);
}

const opts = parseArgs(process.argv.slice(2));
// The namespace is part of the URL for socket.io-client.
const url = new URL(opts.url);
if (opts.namespace !== "/") url.pathname = opts.namespace;

const socket = io(url.toString(), {
  transports: opts.transports.split(","),
  reconnection: false,
  rejectUnauthorized: false, // the test servers use self-signed certificates
});

let events = 0;
let started = 0n;

socket.on("tick", () => { events++; });

socket.on("flood_done", ({ count }) => {
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(JSON.stringify({
    client: "node",
    events,
    seconds: Number(seconds.toFixed(6)),
    events_per_s: Number((events / seconds).toFixed(1)),
  }) + "\n");
  socket.off("disconnect");
  socket.close();
  if (count !== events) fail(`server sent ${count} ticks, received ${events}`);
  process.exit(0);
});

socket.on("connect", () => {
  started = process.hrtime.bigint();
  socket.emit("flood", { seconds: opts.seconds, size: opts.size });
});

socket.on("connect_error", (err) => fail(`connect error: ${err.message}`));
socket.on("disconnect", (reason) => fail(`disconnected: ${reason}`));

// Give up if flood_done never comes (server flood time + generous slack).
setTimeout(() => fail("timed out waiting for flood_done"), (opts.seconds + 60) * 1000).unref();
