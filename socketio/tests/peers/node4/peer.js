#!/usr/bin/env node
// Test peer of the socketio crate: a Node socket.io 4.8 server (Engine.IO v4,
// Socket.IO protocol v5). Same behaviour as ../node2/peer.js (socket.io 2)
// and ../py_peer.py (python-socketio); see ../README.md for the events.
//
// Prints "LISTENING <port>" as the only line on stdout once listening;
// everything else goes to stderr. SIGTERM/SIGINT: exit 0 at once.
"use strict";

const http = require("http");
const { Server } = require("socket.io");

const NAME = "peer_node4";
const NAMESPACES = ["/", "/admin"];
// Names socket.emit() refuses to send (socket.io's RESERVED_EVENTS).
const RESERVED = new Set([
  "connect", "connect_error", "disconnect", "disconnecting",
  "newListener", "removeListener",
]);
const EVENT = 2; // socket.io-parser PacketType.EVENT

function parseArgs(argv) {
  const opts = {
    host: "127.0.0.1", port: 0, path: "/socket.io/",
    transports: "polling,websocket", pingInterval: 25000, pingTimeout: 20000,
    maxBuffer: 256 * 1024 * 1024, recovery: false, verbose: false,
  };
  const names = {
    "--host": "host", "--port": "port", "--path": "path",
    "--transports": "transports", "--ping-interval": "pingInterval",
    "--ping-timeout": "pingTimeout", "--max-buffer": "maxBuffer",
  };
  const flags = { "--recovery": "recovery", "--verbose": "verbose" };
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
const io = new Server(httpServer, {
  // engine.io matches "<path>/" so normalise to a leading and trailing slash.
  path: "/" + opts.path.replace(/^\/+|\/+$/g, "") + "/",
  transports: opts.transports.split(",").map((t) => t.trim()).filter(Boolean),
  pingInterval: opts.pingInterval,
  pingTimeout: opts.pingTimeout,
  maxHttpBufferSize: opts.maxBuffer,
  cors: { origin: "*" }, // test clients are not browsers
  ...(opts.recovery
    ? { connectionStateRecovery: { maxDisconnectionDuration: 120000, skipMiddlewares: true } }
    : {}),
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
    log("connect", nsp.name, socket.id, socket.recovered ? "(recovered)" : "");
    socket.on("disconnect", (reason) => log("disconnect", nsp.name, socket.id, `(${reason})`));
    if (opts.verbose) {
      socket.onAny((ev) => log("received", JSON.stringify(ev), nsp.name, socket.id));
      socket.onAnyOutgoing((ev) => log("emitting", JSON.stringify(ev), nsp.name, socket.id));
    }

    // Events received by this socket, the one being handled included.
    let received = 0;
    socket.use((_packet, next) => {
      received++;
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
      const auth = socket.handshake.auth;
      ack({
        sid: socket.id,
        namespace: nsp.name,
        // socket.io turns "no auth" into {}; python-socketio into None.
        auth: auth && Object.keys(auth).length ? auth : null,
        query: queryOf(socket.handshake.query),
        transport: socket.conn.transport.name,
        recovered: Boolean(socket.recovered),
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

    // What strict JSON refuses but JSON.stringify writes: a lone surrogate (a cut emoji)
    // and nesting deeper than 128 levels.
    on("emit_hostile", () => {
      let deep = "bottom";
      for (let i = 0; i < 200; i++) deep = [deep];
      socket.emit("hostile", "cut \ud83d", deep, "after");
    });

    on("bins_back", (args, ack) => {
      socket.emit("bins_back", ...args);
      if (ack) ack(describeArgs(args));
    });

    on("ask", (args) => {
      const spec = specOf(args);
      const question = Array.isArray(spec.args) ? spec.args : ["what?", 42];
      const timeoutMs = Number(spec.timeout_ms ?? 5000);
      socket.timeout(timeoutMs).emit("question", ...question, (err, ...answer) => {
        if (err) socket.emit("unanswered");
        else socket.emit("answered", answer); // one argument: the list
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
    // with a CLOSE packet "1"; over websocket engine.io 6 sends no CLOSE
    // packet, only a websocket close frame (1000).
    on("close_engine", () => socket.conn.close());

    on("drop_transport", (args) => dropTransport(socket, Boolean(specOf(args).reset)));

    on("later", (args) => {
      const spec = specOf(args);
      const delay = Number(spec.delay_ms ?? 1000);
      const count = Number(spec.count ?? 1);
      const event = String(spec.event ?? "later");
      // socket.emit() on this Socket object even if it has gone: with
      // --recovery it goes through the session-aware adapter to the room
      // socket.id, so it is stored for a recovering client (and reaches the
      // recovered Socket); without, it is dropped while the client is away.
      setTimeout(() => {
        if (!opts.recovery && !socket.connected) return;
        for (let i = 0; i < count; i++) socket.emit(event, i);
      }, delay);
    });

    on("go_silent", () => goSilent(socket));

    on("flood", (args) => flood(socket, specOf(args)));

    on("count", (_args, ack) => ack && ack(received));
  });
}

// socket.emit() throws for reserved names such as "connect"; python-socketio
// sends them as ordinary EVENT packets, so do the same through the packet
// layer (the parser still turns Buffers into a BINARY_EVENT).
function emitAny(socket, name, args) {
  if (!RESERVED.has(name)) return socket.emit(name, ...args);
  socket.packet({ type: EVENT, data: [name, ...args] });
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
    const pending = Boolean(transport.req || transport.dataReq);
    cut(transport.req && transport.req.socket);
    cut(transport.dataReq && transport.dataReq.socket);
    // With no request in flight there was nothing to cut, so the server would only see
    // the drop at its ping timeout (45 s): close the session as a cut request would
    // ("transport error", which connection state recovery keeps).
    if (!pending) transport.onError("poll connection closed prematurely");
  }
}

// From now on send nothing and read nothing on this engine.io connection,
// and keep its TCP connection(s) open: a hung server.
function goSilent(socket) {
  const conn = socket.conn;
  const transport = conn.transport;
  log("go_silent", transport.name, socket.id);
  // engine.io: no more PINGs, no ping timeout, nothing written, no close.
  clearTimeout(conn.pingIntervalTimer);
  clearTimeout(conn.pingTimeoutTimer);
  conn.pingIntervalTimer = conn.pingTimeoutTimer = null;
  conn.schedulePing = conn.resetPingTimeout = () => {};
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
    hush(transport.socket && transport.socket._socket);
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
