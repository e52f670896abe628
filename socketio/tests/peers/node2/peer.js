#!/usr/bin/env node
// Test peer of the socketio crate: a Node socket.io 2.5 server (Engine.IO v3,
// Socket.IO protocol v4). Same behaviour as ../node4/peer.js (socket.io 4)
// and ../py_peer.py (python-socketio), written with the socket.io 2 API;
// see ../README.md for the events and the differences.
//
// Prints "LISTENING <port>" as the only line on stdout once listening;
// everything else goes to stderr. SIGTERM/SIGINT: exit 0 at once.
"use strict";

const http = require("http");
const Server = require("socket.io");

const NAME = "peer_node2";
const NAMESPACES = ["/", "/admin"];
// Names socket.emit() of socket.io 2 emits locally instead of sending
// (require("socket.io/lib/socket").events).
const RESERVED = new Set([
  "error", "connect", "disconnect", "disconnecting",
  "newListener", "removeListener",
]);
const EVENT = 2; // socket.io-parser 3 EVENT
const BINARY_EVENT = 5; // socket.io-parser 3 BINARY_EVENT

function parseArgs(argv) {
  const opts = {
    host: "127.0.0.1", port: 0, path: "/socket.io/",
    transports: "polling,websocket", pingInterval: 25000, pingTimeout: 20000,
    maxBuffer: 256 * 1024 * 1024, verbose: false,
  };
  const names = {
    "--host": "host", "--port": "port", "--path": "path",
    "--transports": "transports", "--ping-interval": "pingInterval",
    "--ping-timeout": "pingTimeout", "--max-buffer": "maxBuffer",
  };
  const flags = { "--verbose": "verbose" };
  for (let i = 0; i < argv.length; i++) {
    let [flag, value] = argv[i].split(/=(.*)/s);
    if (flag in flags) { opts[flags[flag]] = true; continue; }
    if (flag === "-h" || flag === "--help") {
      process.stderr.write(`usage: peer.js ${Object.keys(names).map((n) => `[${n} X]`).join(" ")} ` +
        `${Object.keys(flags).map((n) => `[${n}]`).join(" ")}\n`);
      process.exit(0);
    }
    if (!(flag in names)) die(`unknown argument: ${flag}`);
    if (value === undefined) value = argv[++i];
    if (value === undefined) die(`${flag} needs a value`);
    opts[names[flag]] = value;
  }
  for (const k of ["port", "pingInterval", "pingTimeout", "maxBuffer"]) {
    opts[k] = Number(opts[k]);
    if (!Number.isFinite(opts[k]) || opts[k] < 0) die(`bad number for ${k}: ${opts[k]}`);
  }
  return opts;
}

function die(msg) {
  process.stderr.write(`${NAME}: ${msg}\n`);
  process.exit(2);
}

function log(...args) {
  process.stderr.write(`${NAME}: ${args.join(" ")}\n`);
}

const opts = parseArgs(process.argv.slice(2));
const recorded = []; // `record` args arrays, whole process, in arrival order

// engine.io hands requests outside --path to this listener: a 404 rather
// than a request left hanging.
const httpServer = http.createServer((_req, res) => {
  res.writeHead(404, { "content-type": "text/plain" });
  res.end("not found\n");
});
const io = Server(httpServer, {
  // socket.io 2 strips a trailing slash and engine.io 3 adds one back.
  path: "/" + opts.path.replace(/^\/+|\/+$/g, ""),
  serveClient: false,
  transports: opts.transports.split(",").map((t) => t.trim()).filter(Boolean),
  pingInterval: opts.pingInterval,
  pingTimeout: opts.pingTimeout,
  maxHttpBufferSize: opts.maxBuffer,
  origins: "*:*", // the default: every Origin (test clients are not browsers)
});

for (const name of NAMESPACES) register(io.of(name));

function register(nsp) {
  // Protocol v4 has no auth: the token is a query parameter, of the
  // engine.io URL or (other namespaces) of the CONNECT packet. Refusing in
  // middleware sends an ERROR packet with the string "bad token".
  nsp.use((socket, next) => {
    if (queryOf(socket.handshake.query).token === "bad") return next(new Error("bad token"));
    next();
  });

  nsp.on("connection", (socket) => {
    log("connect", nsp.name, socket.id);
    socket.on("disconnect", (reason) => log("disconnect", nsp.name, socket.id, `(${reason})`));

    // Events received by this socket, the one being handled included.
    let received = 0;
    socket.use((packet, next) => {
      received++;
      if (opts.verbose) log("received", JSON.stringify(packet[0]), nsp.name, socket.id);
      next();
    });

    // Every handler gets (args, ack): ack is the client's ack callback, or
    // null when the client did not ask for one.
    const on = (event, handler) =>
      socket.on(event, (...args) => {
        const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
        handler(args, ack);
      });
    const specOf = (args) => (args[0] && typeof args[0] === "object" ? args[0] : {});

    on("whoami", (_args, ack) => {
      if (!ack) return;
      ack({
        sid: socket.id, // "/admin#<engine.io id>" outside "/"
        namespace: nsp.name,
        auth: null, // no auth in protocol v4
        query: queryOf(socket.handshake.query),
        transport: socket.conn.transport.name,
        recovered: false,
      });
    });

    on("echo", (args, ack) => {
      socket.emit("echo", ...args);
      if (ack) ack(...args);
    });

    on("emit_named", (args) => {
      const spec = specOf(args);
      emitAny(socket, String(spec.name ?? "message"), Array.isArray(spec.args) ? spec.args : []);
    });

    on("emit_bins", () => {
      socket.emit("bins", Buffer.from([1, 2, 3]),
        { nested: Buffer.from([4, 5]), list: [7, Buffer.from([6])] }, "text");
    });

    on("bins_back", (args, ack) => {
      socket.emit("bins_back", ...args);
      if (ack) ack(describeArgs(args));
    });

    on("ask", (args) => {
      const spec = specOf(args);
      const question = Array.isArray(spec.args) ? spec.args : ["what?", 42];
      const timeoutMs = Number(spec.timeout_ms ?? 5000);
      // socket.io 2 has no socket.timeout(): a timer of our own. A late
      // answer is ignored.
      let settled = false;
      const timer = setTimeout(() => {
        if (settled) return;
        settled = true;
        socket.emit("unanswered");
      }, timeoutMs);
      socket.emit("question", ...question, (...answer) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.emit("answered", answer); // one argument: the list
      });
    });

    on("slow_ack", (args, ack) => {
      const delay = Number(specOf(args).delay_ms ?? 1000);
      if (ack) setTimeout(() => ack("late"), delay);
    });

    on("record", (args) => recorded.push(args));
    on("recorded", (_args, ack) => ack && ack(recorded));
    on("reset", (_args, ack) => {
      recorded.length = 0;
      if (ack) ack(true);
    });

    // Namespace-level server disconnect (DISCONNECT packet); the engine.io
    // connection stays open.
    on("kick", () => socket.disconnect(false));

    // Whole engine.io connection, gracefully: over polling the poll answers
    // with a CLOSE packet "1"; over websocket engine.io 3 sends no CLOSE
    // packet, only a websocket close frame (1000).
    on("close_engine", () => socket.conn.close());

    on("drop_transport", (args) => dropTransport(socket, Boolean(specOf(args).reset)));

    on("later", (args) => {
      const spec = specOf(args);
      const delay = Number(spec.delay_ms ?? 1000);
      const count = Number(spec.count ?? 1);
      const event = String(spec.event ?? "later");
      // No connection state recovery in socket.io 2: what is emitted while
      // the client is away is lost.
      setTimeout(() => {
        if (!socket.connected) return;
        for (let i = 0; i < count; i++) socket.emit(event, i);
      }, delay);
    });

    on("go_silent", () => goSilent(socket));

    on("flood", (args) => flood(socket, specOf(args)));

    on("count", (_args, ack) => ack && ack(received));
  });
}

// socket.emit() of socket.io 2 emits reserved names such as "error" or
// "connect" locally; python-socketio sends them as ordinary EVENT packets, so
// do the same through the packet layer (socket.io-parser 3 needs the
// BINARY_EVENT type set by hand when there are Buffers).
function emitAny(socket, name, args) {
  if (!RESERVED.has(name)) return socket.emit(name, ...args);
  socket.packet({ type: hasBinary(args) ? BINARY_EVENT : EVENT, data: [name, ...args] });
}

function hasBinary(x) {
  if (isBinary(x)) return true;
  if (Array.isArray(x)) return x.some(hasBinary);
  if (x && typeof x === "object") return Object.values(x).some(hasBinary);
  return false;
}

function isBinary(x) {
  return Buffer.isBuffer(x) || x instanceof ArrayBuffer || ArrayBuffer.isView(x);
}

// {types: per arg "binary" or typeof, lengths: byte length of every binary
// anywhere in the args, depth first}.
function describeArgs(args) {
  const lengths = [];
  const walk = (x) => {
    if (isBinary(x)) lengths.push(x.byteLength);
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === "object") Object.values(x).forEach(walk);
  };
  args.forEach(walk);
  return { types: args.map((a) => (isBinary(a) ? "binary" : typeof a)), lengths };
}

// Cut the TCP connection(s) of the current transport, as a network failure
// would: no close frame, no CLOSE packet, no HTTP answer. reset: RST instead of FIN.
function dropTransport(socket, reset) {
  const cut = (raw) => {
    if (!raw || raw.destroyed) return;
    if (reset && typeof raw.resetAndDestroy === "function") raw.resetAndDestroy();
    else raw.destroy();
  };
  const transport = socket.conn.transport;
  log("drop_transport", transport.name, socket.id, reset ? "(RST)" : "(FIN)");
  if (transport.name === "websocket") {
    cut(transport.socket && transport.socket._socket);
  } else {
    // Any later request of this engine.io session gets cut too (for when no
    // GET is pending right now).
    transport.onRequest = (req) => cut(req.socket);
    cut(transport.req && transport.req.socket);
    cut(transport.dataReq && transport.dataReq.socket);
  }
}

// From now on send nothing and read nothing on this engine.io connection,
// and keep its TCP connection(s) open: a hung server.
function goSilent(socket) {
  const conn = socket.conn;
  const transport = conn.transport;
  log("go_silent", transport.name, socket.id);
  // engine.io 3: no ping timeout (the client PINGs; the server's timer is
  // reset on every packet and closes after pingInterval + pingTimeout),
  // nothing written (no PONG), no close.
  clearTimeout(conn.pingTimeoutTimer);
  conn.pingTimeoutTimer = null;
  conn.setPingTimeout = () => {};
  conn.sendPacket = conn.flush = conn.close = () => {};
  // The raw sockets: stop reading (so no client packet, close frame or FIN is
  // seen) and swallow any write.
  const hush = (raw) => {
    if (!raw || raw.destroyed) return;
    raw.pause();
    raw.setTimeout(0);
    raw.write = () => true;
    raw.end = () => raw;
  };
  if (transport.name === "websocket") {
    hush(transport.socket && transport.socket._socket); // ws 7
  } else {
    transport.onRequest = (req) => hush(req.socket);
    hush(transport.req && transport.req.socket);
    hush(transport.dataReq && transport.dataReq.socket);
  }
}

async function flood(socket, spec) {
  const seconds = Number(spec.seconds ?? 1);
  const payload = "x".repeat(Number(spec.size ?? 16));
  const end = Date.now() + seconds * 1000;
  let count = 0;
  while (Date.now() < end) {
    if (!socket.connected) return;
    // A batch per turn of the event loop, then yield so pings, other
    // clients and the socket writes keep going.
    for (let i = 0; i < 64; i++) {
      socket.emit("tick", payload);
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
    } else {
      await new Promise(setImmediate);
    }
  }
  if (socket.connected) socket.emit("flood_done", { count });
}

// All query params as strings (the last value of a repeated key).
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

// Exit at once: tests stop peers with SIGTERM and wait for them.
for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, () => process.exit(0));
}
