#!/usr/bin/env node
// Reference server of the "file exchange sessions" protocol (ПКУ), protocol 3
// in /work/shared/PROTOCOLS.md (seed seeds/002_*.txt). Like the original it is
// a Node.js socket.io v4 server: namespace /pku, websocket transport only,
// token in the handshake query, HTTPS with a (self-signed) certificate.
//
// A session: the client sends session-start; the server sends its files one
// by one as session-file-available, each only after the previous one was
// answered with session-file-send; after the last answer it sends
// session-close {"type": "finish"}. A file left unanswered longer than
// --timeout-ms ends the session with session-close {"type": "timeout-close"}.
// See README.md next to this file for every event, flag and test hook.
//
// Prints "LISTENING <port>" as the only line on stdout once listening;
// everything else goes to stderr.
"use strict";

const crypto = require("crypto");
const fs = require("fs");
const http = require("http");
const https = require("https");
const { Server } = require("socket.io");

const NAMESPACE = "/pku";
const MAX_LOG_LINES = 10000;
// Answers (session-file-send content) can be whole files: allow big packets.
const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;
// How many logs-send batches are kept in memory (oldest dropped first).
const MAX_LOG_BATCHES = 1000;
const BUSY_MESSAGE = "storage is busy, send again";

// The files a session sends when no --files is given: two short text files
// (one with non-ASCII text) and a 2x2 RGB PNG as base64.
const DEFAULT_FILES = [
  {
    fileId: "file-1",
    content: "Задание №1: прочитайте этот файл и верните ответ.\nTask 1: read this file and send an answer back.\n",
  },
  {
    fileId: "file-2",
    content: "id;name;amount\n1;Alpha;10.5\n2;Beta;-3\n3;\"Gamma, Delta\";0\n",
  },
  {
    fileId: "file-3",
    content: "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFElEQVR4nGP4z8DAAMIM/////w8AH+4F+7C4l8kAAAAASUVORK5CYII=",
  },
];

// ------------------------------------------------------------------- flags

function usage() {
  return `usage: server.js (--tls-cert PEM --tls-key PEM | --http) [--port N] [--host H]
                 [--tokens a,b] [--files FILE.json] [--timeout-ms N]
                 [--fail-answers N] [--drop-after-answers N]
                 [--ping-interval MS] [--ping-timeout MS] [--verbose]
                 [--logs-out FILE]   (test hook: each logs-send batch as a JSON line)
`;
}

function parseArgs(argv) {
  const opts = {
    host: "127.0.0.1", port: "0", tlsCert: null, tlsKey: null, http: false,
    tokens: "tok-pku", files: null, timeoutMs: "300000",
    failAnswers: "0", dropAfterAnswers: "0",
    pingInterval: "25000", pingTimeout: "20000", verbose: false, logsOut: null,
  };
  const names = {
    "--host": "host", "--port": "port", "--tls-cert": "tlsCert",
    "--tls-key": "tlsKey", "--tokens": "tokens", "--files": "files",
    "--timeout-ms": "timeoutMs", "--fail-answers": "failAnswers",
    "--drop-after-answers": "dropAfterAnswers",
    "--ping-interval": "pingInterval", "--ping-timeout": "pingTimeout",
    "--logs-out": "logsOut",
  };
  for (let i = 0; i < argv.length; i++) {
    let [flag, value] = argv[i].split(/=(.*)/s);
    if (flag === "--verbose") { opts.verbose = true; continue; }
    if (flag === "--http") { opts.http = true; continue; }
    if (flag === "-h" || flag === "--help") {
      process.stderr.write(usage());
      process.exit(0);
    }
    if (!(flag in names)) die(`unknown argument: ${flag}\n${usage()}`);
    if (value === undefined) value = argv[++i];
    if (value === undefined) die(`${flag} needs a value`);
    opts[names[flag]] = value;
  }
  const limits = {
    port: [0, 65535], timeoutMs: [1, 2 ** 31 - 1], failAnswers: [0, 2 ** 31 - 1],
    dropAfterAnswers: [0, 2 ** 31 - 1], pingInterval: [1, 2 ** 31 - 1],
    pingTimeout: [1, 2 ** 31 - 1],
  };
  for (const [k, [lo, hi]] of Object.entries(limits)) {
    const n = Number(opts[k]);
    if (!/^\d+$/.test(String(opts[k])) || n < lo || n > hi) {
      die(`${flagOf(names, k)} must be a whole number from ${lo} to ${hi}, not ${JSON.stringify(opts[k])}`);
    }
    opts[k] = n;
  }
  if (!opts.tlsCert !== !opts.tlsKey) die("--tls-cert and --tls-key go together");
  if (opts.http && opts.tlsCert) die("--http and --tls-cert/--tls-key exclude each other: choose one");
  if (!opts.http && !opts.tlsCert) {
    die("refusing to start without TLS: give --tls-cert PEM --tls-key PEM (HTTPS, like the original), or --http to serve plain HTTP");
  }
  opts.tokens = opts.tokens.split(",").map((t) => t.trim()).filter(Boolean);
  if (opts.tokens.length === 0) die("--tokens needs at least one token");
  return opts;
}

function flagOf(names, key) {
  return Object.keys(names).find((f) => names[f] === key);
}

function die(msg) {
  process.stderr.write(`file_exchange: ${msg}\n`);
  process.exit(2);
}

function log(...args) {
  process.stderr.write(`file_exchange: ${args.join(" ")}\n`);
}

// The files of --files: a non-empty JSON list of {"fileId"?: str, "content": str}.
function loadFiles(path) {
  if (!path) return DEFAULT_FILES.map((f) => ({ ...f }));
  let list;
  try {
    list = JSON.parse(fs.readFileSync(path, "utf8"));
  } catch (e) {
    die(`bad files file ${path}: ${e.message}`);
  }
  if (!Array.isArray(list) || list.length === 0) {
    die(`bad files file ${path}: it must hold a non-empty JSON list of {"fileId"?: string, "content": string}`);
  }
  const seen = new Set();
  return list.map((f, i) => {
    const where = `bad files file ${path}: entry ${i}`;
    if (!f || typeof f !== "object" || Array.isArray(f)) die(`${where} is not an object`);
    if (typeof f.content !== "string" || f.content === "") die(`${where}: "content" must be a non-empty string`);
    let fileId = f.fileId;
    if (fileId === undefined || fileId === null) fileId = `file-${i + 1}`;
    if (typeof fileId !== "string" || fileId === "") die(`${where}: "fileId" must be a non-empty string`);
    if (seen.has(fileId)) die(`${where}: fileId ${JSON.stringify(fileId)} is used twice`);
    seen.add(fileId);
    return { fileId, content: f.content };
  });
}

const opts = parseArgs(process.argv.slice(2));
const FILES = loadFiles(opts.files);

let httpServer;
try {
  httpServer = opts.http
    ? http.createServer()
    : https.createServer({ cert: fs.readFileSync(opts.tlsCert), key: fs.readFileSync(opts.tlsKey) });
} catch (e) {
  die(`cannot use the TLS certificate or key: ${e.message}`);
}

const io = new Server(httpServer, {
  transports: ["websocket"],
  pingInterval: opts.pingInterval,
  pingTimeout: opts.pingTimeout,
  maxHttpBufferSize: MAX_PAYLOAD_BYTES,
  cors: { origin: "*" }, // test clients are not browsers
});

// ------------------------------------------------------------------- state

// sessionId -> {
//   id, socket (the bound socket or null while the client is away),
//   index (of the outstanding file in FILES), sent (fileIds sent so far),
//   answers (fileId -> content), timer, ended (null or why it ended)
// }
// Ended sessions stay in the map so a late request gets a precise error.
const sessions = new Map();
// Process-wide counters for the test hooks.
let failAnswersLeft = opts.failAnswers;
let acceptedAnswers = 0;
let dropped = false;
// Received logs-send batches: {sessionId, logs, at}.
const receivedLogs = [];

function preview(value) {
  let text;
  try {
    text = JSON.stringify(value);
  } catch {
    text = String(value);
  }
  if (text === undefined) text = String(value);
  return text.length > 300 ? `${text.slice(0, 300)}... (${text.length} chars)` : text;
}

// The outstanding file of an open session.
function outstanding(session) {
  return FILES[session.index];
}

function emitTo(session, event, payload) {
  if (session.socket && session.socket.connected) session.socket.emit(event, payload);
}

// Sends the session's outstanding file. The first time a file is sent its
// answer timer starts; sending it again (repeat, reconnect) keeps that timer.
function sendOutstanding(session) {
  const file = outstanding(session);
  if (!session.sent.has(file.fileId)) {
    session.sent.add(file.fileId);
    startTimer(session, file.fileId);
  }
  emitTo(session, "session-file-available", {
    sessionId: session.id, fileId: file.fileId, content: file.content,
  });
}

function startTimer(session, fileId) {
  clearTimeout(session.timer);
  session.timer = setTimeout(() => {
    if (session.ended || outstanding(session).fileId !== fileId) return;
    log("session", session.id, "timed out waiting for", fileId, session.socket ? "" : "(client away)");
    emitTo(session, "session-close", { type: "timeout-close", fileId });
    endSession(session, "timeout-close");
  }, opts.timeoutMs);
}

function endSession(session, why) {
  clearTimeout(session.timer);
  session.timer = null;
  session.ended = why;
  if (session.socket && session.socket.data.sessionId === session.id) {
    session.socket.data.sessionId = null;
  }
  session.socket = null;
  log("session", session.id, "ended:", why);
}

// The open session bound to this socket, or null.
function openSessionOf(socket) {
  const id = socket.data.sessionId;
  const session = id ? sessions.get(id) : null;
  return session && !session.ended && session.socket === socket ? session : null;
}

// ------------------------------------------------------------------ payloads

function isObject(v) {
  return v !== null && typeof v === "object" && !Array.isArray(v) && !Buffer.isBuffer(v);
}

// Thrown by the checks below; its message goes back as {"message": ...}.
class Refusal extends Error {}

function needObject(payload, shape) {
  if (!isObject(payload)) throw new Refusal(`the payload must be an object ${shape}`);
  return payload;
}

function needString(payload, key) {
  const v = payload[key];
  if (typeof v !== "string" || v === "") throw new Refusal(`"${key}" must be a non-empty string`);
  return v;
}

// The session named by payload.sessionId, open and bound to this socket.
function boundSession(socket, payload) {
  const id = needString(payload, "sessionId");
  const session = sessions.get(id);
  if (!session) throw new Refusal(`unknown session ${id}`);
  if (session.ended) throw new Refusal(`session ${id} has ended (${session.ended})`);
  if (session.socket !== socket) {
    throw new Refusal(`session ${id} is not bound to this connection: send session-reconnect first`);
  }
  return session;
}

// ------------------------------------------------------------------- events

const handlers = {
  "session-start"(socket) {
    const current = openSessionOf(socket);
    if (current) throw new Refusal(`this connection already has an open session ${current.id}`);
    const session = {
      id: crypto.randomUUID(), socket, index: 0, sent: new Set(),
      answers: new Map(), timer: null, ended: null,
    };
    sessions.set(session.id, session);
    socket.data.sessionId = session.id;
    log("session", session.id, "started on", socket.id);
    socket.emit("session-start-success", { sessionId: session.id });
    sendOutstanding(session);
  },

  "session-reconnect"(socket, payload) {
    needObject(payload, '{"sessionId": string}');
    const id = needString(payload, "sessionId");
    const session = sessions.get(id);
    if (!session) throw new Refusal(`unknown session ${id}`);
    if (session.ended) throw new Refusal(`session ${id} has ended (${session.ended})`);
    const current = openSessionOf(socket);
    if (current && current !== session) {
      throw new Refusal(`this connection already has an open session ${current.id}`);
    }
    const old = session.socket;
    if (old && old !== socket) {
      // The old connection may not know yet that it is dead: it loses the session.
      if (old.data.sessionId === session.id) old.data.sessionId = null;
      log("session", id, "taken over from", old.id);
    }
    session.socket = socket;
    socket.data.sessionId = session.id;
    log("session", id, "rebound to", socket.id);
    socket.emit("session-reconnect-success", { sessionId: session.id });
    sendOutstanding(session);
  },

  "session-file-repeat"(socket, payload) {
    needObject(payload, '{"sessionId": string, "fileId": string}');
    const session = boundSession(socket, payload);
    const fileId = needString(payload, "fileId");
    if (!session.sent.has(fileId)) {
      throw new Refusal(`file ${fileId} has not been sent in session ${session.id}`);
    }
    const file = FILES.find((f) => f.fileId === fileId);
    socket.emit("session-file-available", { sessionId: session.id, fileId, content: file.content });
    socket.emit("session-file-repeat-success", { sessionId: session.id, fileId });
  },

  "session-file-send"(socket, payload) {
    needObject(payload, '{"sessionId": string, "fileId": string, "content": string}');
    const session = boundSession(socket, payload);
    const fileId = needString(payload, "fileId");
    const expected = outstanding(session).fileId;
    if (fileId !== expected) {
      const why = session.answers.has(fileId)
        ? `file ${fileId} was already answered`
        : session.sent.has(fileId) ? `file ${fileId} is not outstanding` : `file ${fileId} has not been sent in this session`;
      throw new Refusal(`${why}: the server waits for ${expected}`);
    }
    if (typeof payload.content !== "string" || payload.content === "") {
      throw new Refusal('"content" must be a non-empty string (text, or base64 of binary data)');
    }
    if (failAnswersLeft > 0) {
      failAnswersLeft--;
      throw new Refusal(BUSY_MESSAGE);
    }
    session.answers.set(fileId, payload.content);
    acceptedAnswers++;
    log("session", session.id, "answer to", fileId, `accepted (${payload.content.length} chars)`);
    socket.emit("session-file-send-success", { sessionId: session.id, fileId });

    const drop = opts.dropAfterAnswers > 0 && !dropped && acceptedAnswers === opts.dropAfterAnswers;
    session.index++;
    if (session.index >= FILES.length) {
      socket.emit("session-close", { type: "finish" });
      endSession(session, "finish");
    } else if (drop) {
      // The next file counts as sent (its timer starts) but is lost with the
      // connection: only session-reconnect brings it to the client.
      session.sent.add(outstanding(session).fileId);
      startTimer(session, outstanding(session).fileId);
    } else {
      sendOutstanding(session);
    }
    if (drop) {
      dropped = true;
      log("test hook --drop-after-answers: dropping", socket.id);
      // Cuts the TCP connection under the websocket, as a dropped network would
      // (no close frame). Deferred a tick so the success above is flushed first.
      setImmediate(() => socket.request.socket.destroy());
    }
  },

  "session-client-abort"(socket, payload) {
    needObject(payload, '{"sessionId": string}');
    const session = boundSession(socket, payload);
    socket.emit("session-client-abort-success", { sessionId: session.id });
    endSession(session, "client-abort");
  },

  "logs-send"(socket, payload) {
    needObject(payload, '{"sessionId": string or null, "logs": [string]}');
    const sessionId = payload.sessionId ?? null;
    if (sessionId !== null && typeof sessionId !== "string") {
      throw new Refusal('"sessionId" must be a string or null');
    }
    const logs = payload.logs;
    if (!Array.isArray(logs)) throw new Refusal('"logs" must be a list of strings');
    if (logs.length > MAX_LOG_LINES) {
      throw new Refusal(`too many log lines: ${logs.length} (at most ${MAX_LOG_LINES} per logs-send)`);
    }
    const bad = logs.findIndex((l) => typeof l !== "string");
    if (bad >= 0) throw new Refusal(`"logs" must be a list of strings: item ${bad} is not a string`);
    receivedLogs.push({ sessionId, logs, at: new Date().toISOString() });
    if (receivedLogs.length > MAX_LOG_BATCHES) receivedLogs.shift();
    if (opts.logsOut) fs.appendFileSync(opts.logsOut, `${JSON.stringify({ sessionId, logs })}\n`);
    log("logs-send:", logs.length, "lines for session", sessionId ?? "(none)");
    if (opts.verbose) for (const line of logs) log("client log |", line);
    socket.emit("logs-send-success", { sessionId });
  },
};

const nsp = io.of(NAMESPACE);

nsp.on("connection", (socket) => {
  log("connect", socket.id);
  if (opts.verbose) {
    socket.onAny((ev, ...args) => log("received", JSON.stringify(ev), args.map(preview).join(" "), socket.id));
    socket.onAnyOutgoing((ev, ...args) => log("emitting", JSON.stringify(ev), args.map(preview).join(" "), socket.id));
  }

  const query = socket.handshake.query || {};
  let token = query.token;
  if (Array.isArray(token)) token = token[token.length - 1];
  if (typeof token !== "string" || !opts.tokens.includes(token)) {
    log("refused", socket.id, token === undefined ? "(no token)" : "(invalid token)");
    socket.emit("connection-auth-error", { message: "invalid token" });
    // A namespace DISCONNECT ("io server disconnect"): clients do not retry
    // on their own. The engine.io connection is closed if the client keeps it.
    socket.disconnect(false);
    const conn = socket.conn;
    setTimeout(() => {
      if (conn.readyState === "open" && socket.client.sockets.size === 0) conn.close();
    }, 1000).unref();
    return;
  }

  socket.on("disconnect", (reason) => {
    log("disconnect", socket.id, `(${reason})`);
    const session = openSessionOf(socket);
    if (session) {
      session.socket = null;
      log("session", session.id, "waits for session-reconnect");
    }
  });

  for (const [event, handler] of Object.entries(handlers)) {
    socket.on(event, (...args) => {
      // Acks are not part of the protocol: answers are events.
      if (typeof args[args.length - 1] === "function") args.pop();
      try {
        handler(socket, args[0]);
      } catch (e) {
        if (!(e instanceof Refusal)) log("error in", event, e && e.stack ? e.stack : e);
        const message = e instanceof Refusal ? e.message : "internal server error";
        socket.emit(`${event}-error`, { message });
      }
    });
  }
});

httpServer.listen(opts.port, opts.host, () => {
  log(`${opts.http ? "http" : "https"} on ${opts.host}:${httpServer.address().port}, namespace ${NAMESPACE},`,
    `${FILES.length} files per session, answer limit ${opts.timeoutMs} ms`);
  process.stdout.write(`LISTENING ${httpServer.address().port}\n`);
});
httpServer.on("error", (e) => die(`cannot listen on ${opts.host}:${opts.port}: ${e.message}`));

// Exit at once: tests stop servers with SIGTERM and wait for them.
for (const sig of ["SIGTERM", "SIGINT"]) {
  process.on(sig, () => {
    for (const s of sessions.values()) clearTimeout(s.timer);
    io.close();
    process.exit(0);
  });
}
