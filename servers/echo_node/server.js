#!/usr/bin/env node
// Reference Socket.IO v4 echo server (node socket.io).
//
// Behaves exactly like servers/echo_py/server.py so that every test can run
// against both implementations. See servers/README.md for the event list.
//
// Prints "LISTENING <port>" as the only line on stdout once listening;
// everything else goes to stderr.
"use strict";

const fs = require("fs");
const http = require("http");
const https = require("https");
const { Server } = require("socket.io");

const NAMESPACES = ["/", "/pku", "/admin"];
// Events whose ack requests are counted for count_acks.
const COUNTED_ACK_EVENTS = new Set(["echo", "ack_echo"]);
// Names socket.emit() refuses to send (socket.io's RESERVED_EVENTS).
const RESERVED = new Set([
  "connect", "connect_error", "disconnect", "disconnecting",
  "newListener", "removeListener",
]);

function parseArgs(argv) {
  const opts = {
    host: "127.0.0.1", port: 0, tlsCert: null, tlsKey: null,
    path: "/socket.io/", transports: "websocket,polling",
    pingInterval: 25000, pingTimeout: 20000, maxBuffer: 1e6, verbose: false,
  };
  const names = {
    "--host": "host", "--port": "port", "--tls-cert": "tlsCert",
    "--tls-key": "tlsKey", "--path": "path", "--transports": "transports",
    "--ping-interval": "pingInterval", "--ping-timeout": "pingTimeout",
    "--max-buffer": "maxBuffer",
  };
  for (let i = 0; i < argv.length; i++) {
    let [flag, value] = argv[i].split(/=(.*)/s);
    if (flag === "--verbose") { opts.verbose = true; continue; }
    if (flag === "-h" || flag === "--help") {
      process.stderr.write(`usage: server.js ${Object.keys(names).map((n) => `[${n} X]`).join(" ")} [--verbose]\n`);
      process.exit(0);
    }
    if (!(flag in names)) die(`unknown argument: ${flag}`);
    if (value === undefined) value = argv[++i];
    if (value === undefined) die(`${flag} needs a value`);
    opts[names[flag]] = value;
  }
  for (const k of ["port", "pingInterval", "pingTimeout", "maxBuffer"]) opts[k] = Number(opts[k]);
  if (!opts.tlsCert !== !opts.tlsKey) die("--tls-cert and --tls-key go together");
  return opts;
}

function die(msg) {
  process.stderr.write(`echo_node: ${msg}\n`);
  process.exit(2);
}

function log(...args) {
  process.stderr.write(`echo_node: ${args.join(" ")}\n`);
}

const opts = parseArgs(process.argv.slice(2));
let ackRequests = 0; // ack_echo + echo-with-ack, all namespaces

const httpServer = opts.tlsCert
  ? https.createServer({ cert: fs.readFileSync(opts.tlsCert), key: fs.readFileSync(opts.tlsKey) })
  : http.createServer();

const io = new Server(httpServer, {
  // engine.io matches "<path>/" so normalise to a leading and trailing slash.
  path: "/" + opts.path.replace(/^\/+|\/+$/g, "") + "/",
  transports: opts.transports.split(",").map((t) => t.trim()).filter(Boolean),
  pingInterval: opts.pingInterval,
  pingTimeout: opts.pingTimeout,
  // socket.io's default (1 MB) unless a benchmark asks for more.
  maxHttpBufferSize: opts.maxBuffer,
  cors: { origin: "*" }, // test clients are not browsers
});

for (const name of NAMESPACES) register(io.of(name));

function register(nsp) {
  // Refusing in middleware sends CONNECT_ERROR {"message": "bad token"}.
  nsp.use((socket, next) => {
    const auth = socket.handshake.auth;
    if (auth && auth.token === "bad") return next(new Error("bad token"));
    next();
  });

  nsp.on("connection", (socket) => {
    log("connect", nsp.name, socket.id);
    socket.on("disconnect", (reason) => log("disconnect", nsp.name, socket.id, `(${reason})`));
    if (opts.verbose) {
      socket.onAny((ev) => log("received", JSON.stringify(ev), nsp.name, socket.id));
      socket.onAnyOutgoing((ev) => log("emitting", JSON.stringify(ev), nsp.name, socket.id));
    }

    // "connection" fires after the CONNECT packet went out, so these follow it.
    if (queryOf(socket.handshake.query).binary_on_connect === "1") {
      socket.emit("bin_hello", Buffer.from([...Array(256).keys()]));
      socket.emit("hello_text", { ok: true });
    }

    // Every handler gets (args, ack): ack is the client's ack callback, or
    // null when the client did not ask for one.
    const on = (event, handler) =>
      socket.on(event, (...args) => {
        const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
        if (ack && COUNTED_ACK_EVENTS.has(event)) ackRequests++;
        handler(args, ack);
      });

    on("whoami", (_args, ack) => {
      if (!ack) return;
      const headers = {};
      for (const [k, v] of Object.entries(socket.handshake.headers)) {
        if (k.toLowerCase().startsWith("x-")) headers[k.toLowerCase()] = String(v);
      }
      const auth = socket.handshake.auth;
      ack({
        sid: socket.id,
        namespace: nsp.name,
        // socket.io turns "no auth" into {}; python-socketio into None.
        auth: auth && Object.keys(auth).length ? auth : null,
        query: queryOf(socket.handshake.query),
        headers,
        transport: socket.conn.transport.name,
      });
    });

    on("echo", (args, ack) => {
      socket.emit("echo", ...args);
      if (ack) ack(...args);
    });

    on("ack_echo", (args, ack) => ack && ack(...args));

    on("emit_named", ([spec], _ack) => {
      spec = spec || {};
      emitAny(socket, String(spec.name ?? "message"), Array.isArray(spec.args) ? spec.args : []);
    });

    on("emit_binary", ([spec], _ack) => {
      const count = Number((spec || {}).count ?? 1);
      const size = Number((spec || {}).size ?? 0);
      const blobs = [];
      for (let i = 0; i < count; i++) blobs.push(Buffer.alloc(size, i % 256));
      socket.emit("binary", ...blobs);
    });

    // One long string (a benchmark's large event from the server).
    on("emit_text", ([spec]) => {
      socket.emit("text", "x".repeat(Number((spec || {}).size ?? 0)));
    });

    on("emit_mixed", () => {
      socket.emit("mixed", { a: 1 }, Buffer.from([1, 2, 3]), "text", Buffer.from([4, 5]));
    });

    on("ask_ack", ([spec]) => {
      const timeoutMs = Number((spec || {}).timeout ?? 5) * 1000;
      socket.timeout(timeoutMs).emit("question", "what?", 42, (err, ...answer) => {
        if (err) socket.emit("unanswered");
        else socket.emit("answered", answer); // one argument: the list
      });
    });

    on("flood", ([spec]) => flood(socket, spec || {}));

    // Namespace-level server disconnect (DISCONNECT packet); the engine.io
    // connection itself is left to the client, as python-socketio does.
    on("kick", () => socket.disconnect(false));

    on("count_acks", (_args, ack) => ack && ack(ackRequests));
  });
}

// socket.emit() throws for reserved names such as "connect"; python-socketio
// sends them as ordinary EVENT packets, so do the same through the packet
// layer (the parser still turns Buffers into a BINARY_EVENT).
function emitAny(socket, name, args) {
  if (!RESERVED.has(name)) return socket.emit(name, ...args);
  const EVENT = 2; // socket.io-parser PacketType.EVENT
  socket.packet({ type: EVENT, data: [name, ...args] });
}

// `flood` {seconds, size}: 16-char-style `tick` strings for a time (the old form), or
// {count, size, kind}: exactly `count` ticks of one payload built once, kind "text" (a
// string of `size` characters), "json" (an object of about `size` bytes of JSON) or
// "binary" (a Buffer of `size` bytes). Then `flood_done` {count} with the number sent.
// Kind "stamp": each tick is the time it was sent (ms since the epoch, with a fraction),
// for latency. With `rate` (events per second) either form is paced instead of as fast as possible:
// every few ms the ticks due by then go out (the window benchmark's steady flood).
async function flood(socket, spec) {
  const fixed = spec.count !== undefined;
  const total = Number(spec.count ?? 0);
  const rate = Number(spec.rate ?? 0);
  const stamp = spec.kind === "stamp";
  const payload = floodPayload(String(spec.kind ?? "text"), Number(spec.size ?? 16));
  const start = Date.now();
  const end = start + Number(spec.seconds ?? 1) * 1000;
  let count = 0;
  while (fixed ? count < total : Date.now() < end) {
    if (!socket.connected) return;
    // A batch per turn of the event loop, then yield so pings, other
    // clients and the socket writes keep going. Paced: the ticks due so far.
    let batch = fixed ? Math.min(64, total - count) : 64;
    if (rate > 0) {
      const due = Math.floor(((Date.now() - start) * rate) / 1000) - count;
      batch = Math.max(0, fixed ? Math.min(due, total - count) : due);
    }
    for (let i = 0; i < batch; i++) {
      socket.emit("tick", stamp ? performance.timeOrigin + performance.now() : payload);
      count++;
    }
    // emit() only buffers; wait for the transport to drain when the
    // buffer gets long so a slow client does not make memory grow.
    if (socket.conn.writeBuffer.length > 1000) {
      await new Promise((resolve) => {
        const done = () => {
          socket.conn.off("drain", done);
          socket.conn.off("close", done);
          resolve();
        };
        socket.conn.on("drain", done);
        socket.conn.on("close", done);
      });
    } else if (rate > 0) {
      await new Promise((resolve) => setTimeout(resolve, 4));
    } else {
      await new Promise(setImmediate);
    }
  }
  if (socket.connected) socket.emit("flood_done", { count });
}

// A flood's payload: see flood() for the kinds.
function floodPayload(kind, size) {
  if (kind === "binary") return Buffer.alloc(size, 0xab);
  if (kind !== "json") return "x".repeat(size);
  // Nested fields and an array of records, grown until its JSON is about `size` bytes.
  const obj = { id: 1, kind: "reading", ok: true, meta: { source: "bench", unit: "ms", tags: ["a", "b"] }, items: [] };
  for (let i = 0; JSON.stringify(obj).length < size; i++) {
    obj.items.push({ n: i, value: i * 0.5, label: `item-${i}` });
  }
  return obj;
}

// All query params as strings. socket.io already keeps the last value of a
// repeated key; the Array case is only a guard for other query parsers.
function queryOf(query) {
  const out = {};
  for (const [k, v] of Object.entries(query || {})) {
    out[k] = String(Array.isArray(v) ? v[v.length - 1] : v);
  }
  return out;
}

httpServer.listen(opts.port, opts.host, () => {
  process.stdout.write(`LISTENING ${httpServer.address().port}\n`);
});

// Exit at once: tests stop servers with SIGTERM and wait for them.
for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, () => {
    io.close();
    process.exit(0);
  });
}
