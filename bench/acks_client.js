#!/usr/bin/env node
// Ack round trips of the Node socket.io-client: the same measurement as acks_cli.py.
//
//   node bench/acks_client.js URL --in-flight N [--seconds S]
//
// Keeps N `ack_echo` emits with an ack in flight over WebSocket (each answer sends the
// next), counts answers for S seconds and prints one JSON line:
//   {"client": "node", "in_flight": N, "acks": n, "seconds": s, "acks_per_s": x}
"use strict";

const path = require("path");
const { createRequire } = require("module");

// socket.io-client is installed with the echo server's package.
const requireEcho = createRequire(path.join(__dirname, "..", "servers", "echo_node", "package.json"));
const { io } = requireEcho("socket.io-client");

const argv = process.argv.slice(2);
const opts = { url: null, inFlight: 1, seconds: 5 };
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "--in-flight") opts.inFlight = Number(argv[++i]);
  else if (argv[i] === "--seconds") opts.seconds = Number(argv[++i]);
  else if (!opts.url) opts.url = argv[i];
  else {
    process.stderr.write(`acks_client.js: unknown argument ${argv[i]}\n`);
    process.exit(2);
  }
}

const socket = io(opts.url, { transports: ["websocket"], reconnection: false });
socket.on("connect_error", (e) => {
  process.stderr.write(`acks_client.js: ${e.message}\n`);
  process.exit(1);
});
socket.on("connect", () => {
  const start = process.hrtime.bigint();
  const end = Date.now() + opts.seconds * 1000;
  let next = 0;
  let acks = 0;
  let outstanding = 0;
  const emit = () => {
    next++;
    outstanding++;
    socket.timeout(120000).emit("ack_echo", next, (err) => {
      if (err) {
        process.stderr.write("acks_client.js: an ack timed out\n");
        process.exit(1);
      }
      acks++;
      outstanding--;
      if (Date.now() < end) emit();
      else if (outstanding === 0) {
        const seconds = Number(process.hrtime.bigint() - start) / 1e9;
        console.log(JSON.stringify({
          client: "node", in_flight: opts.inFlight, acks,
          seconds: Number(seconds.toFixed(6)), acks_per_s: Number((acks / seconds).toFixed(1)),
        }));
        socket.close();
      }
    });
  };
  for (let i = 0; i < opts.inFlight; i++) emit();
});
