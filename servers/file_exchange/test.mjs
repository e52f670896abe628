#!/usr/bin/env node
// Self-test of the file exchange (ПКУ) reference server: starts server.js
// itself (HTTPS with a throw-away self-signed certificate, or --http) and
// talks to it with socket.io-client, checking every event, error path and
// test hook. Prints "ok NAME" / "FAIL NAME: why" per test and, last,
// "N passed, N failed"; exits non-zero when a test failed.
//
//   node test.mjs [-k NAME] [-v]
//
//   -k NAME   run only the tests whose name contains NAME
//   -v        copy the servers' stderr to stderr
//
// The certificate comes from servers/tools/make_cert.py, run with
// $SWITCHBOARD_PYTHON or else the repository's .venv/bin/python.
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { io } from "socket.io-client";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, "../..");
const SERVER = path.join(HERE, "server.js");
const PYTHON = process.env.SWITCHBOARD_PYTHON || path.join(ROOT, ".venv/bin/python");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PNG_SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
const TEST_TIMEOUT_MS = 20000;
const SUITE_TIMEOUT_MS = 58000;

const argv = process.argv.slice(2);
let only = null;
let verbose = false;
for (let i = 0; i < argv.length; i++) {
  if (argv[i] === "-k") only = argv[++i];
  else if (argv[i] === "-v") verbose = true;
  else {
    console.error(`usage: node test.mjs [-k NAME] [-v] (unknown argument ${argv[i]})`);
    process.exit(2);
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ------------------------------------------------------------ certificate

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "file-exchange-test-"));
const CERT = path.join(tmp, "cert.pem");
const KEY = path.join(tmp, "key.pem");
{
  const made = spawnSync(PYTHON, [path.join(ROOT, "servers/tools/make_cert.py"), CERT, KEY], { encoding: "utf8" });
  if (made.error || made.status !== 0) {
    console.error(`cannot make a test certificate with ${PYTHON} (set SWITCHBOARD_PYTHON): ${made.error || made.stderr}`);
    process.exit(1);
  }
}
const TLS = ["--tls-cert", CERT, "--tls-key", KEY];

// ------------------------------------------------------------ server

// Per-test resources, closed after each test.
let cleanups = [];
let serversOfTest = [];

class ServerProc {
  constructor(args) {
    this.args = args;
    this.stderr = "";
    this.proc = spawn(process.execPath, [SERVER, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    this.exited = new Promise((resolve) => this.proc.on("exit", (code, signal) => resolve({ code, signal })));
    this.proc.stderr.setEncoding("utf8");
    this.proc.stderr.on("data", (d) => {
      this.stderr += d;
      if (verbose) process.stderr.write(d);
    });
    serversOfTest.push(this);
    cleanups.push(() => this.stop());
  }

  // Resolves once the server printed "LISTENING <port>" (its only stdout line).
  listening() {
    return new Promise((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`no LISTENING line within 10 s; stderr: ${this.stderr}`)), 10000);
      this.proc.stdout.setEncoding("utf8");
      this.proc.stdout.on("data", (d) => {
        out += d;
        const m = /^LISTENING (\d+)\n$/.exec(out);
        if (m) {
          clearTimeout(timer);
          this.port = Number(m[1]);
          resolve(this);
        } else if (out.includes("\n")) {
          clearTimeout(timer);
          reject(new Error(`unexpected stdout: ${JSON.stringify(out)}`));
        }
      });
      this.exited.then(({ code }) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code} before listening; stderr: ${this.stderr}`));
      });
    });
  }

  url(scheme) {
    return `${scheme || (this.args.includes("--http") ? "http" : "https")}://127.0.0.1:${this.port}/pku`;
  }

  async stop() {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill("SIGTERM");
    return this.exited;
  }
}

async function startServer(...args) {
  if (!args.includes("--http")) args = [...TLS, ...args];
  return new ServerProc(args).listening();
}

// ------------------------------------------------------------ client

// A socket.io-client socket that records every incoming event, in order,
// plus its disconnects as "#disconnect" (arg: the reason).
class Client {
  constructor(url, { token = "tok-pku", query, transports = ["websocket"] } = {}) {
    this.events = [];
    this.waiters = [];
    this.socket = io(url, {
      query: query ?? (token === null ? {} : { token }),
      transports,
      rejectUnauthorized: false,
      reconnection: false,
      forceNew: true,
      timeout: 5000,
    });
    this.socket.onAny((name, ...args) => this.push({ name, args }));
    this.socket.on("disconnect", (reason) => this.push({ name: "#disconnect", args: [reason] }));
    cleanups.push(() => this.socket.close());
  }

  push(ev) {
    const waiter = this.waiters.shift();
    if (waiter) waiter(ev);
    else this.events.push(ev);
  }

  // Resolves on "connect", rejects on "connect_error".
  connected() {
    return new Promise((resolve, reject) => {
      if (this.socket.connected) return resolve(this);
      this.socket.once("connect", () => resolve(this));
      this.socket.once("connect_error", (e) => reject(e));
    });
  }

  next(timeout = 3000) {
    if (this.events.length) return Promise.resolve(this.events.shift());
    return new Promise((resolve, reject) => {
      const waiter = (ev) => {
        clearTimeout(timer);
        resolve(ev);
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no event within ${timeout} ms`));
      }, timeout);
      this.waiters.push(waiter);
    });
  }

  // The next event must be NAME with exactly one argument; returns it.
  async expect(name, timeout) {
    let ev;
    try {
      ev = await this.next(timeout);
    } catch (e) {
      throw new Error(`waiting for ${name}: ${e.message}`);
    }
    if (ev.name !== name) throw new Error(`expected ${name}, got ${ev.name} ${JSON.stringify(ev.args)}`);
    if (name !== "#disconnect") assert.equal(ev.args.length, 1, `${name} carries one argument`);
    return ev.args[0];
  }

  // An *-error event: exactly {"message": non-empty string}; returns the message.
  async expectError(name, pattern) {
    const payload = await this.expect(name);
    assert.deepEqual(Object.keys(payload), ["message"], `${name} payload ${JSON.stringify(payload)}`);
    assert.equal(typeof payload.message, "string");
    assert.ok(payload.message.length > 0);
    if (pattern) assert.match(payload.message, pattern);
    return payload.message;
  }

  // No event arrives for MS milliseconds.
  async quiet(ms = 200) {
    await sleep(ms);
    if (this.events.length) throw new Error(`unexpected events: ${JSON.stringify(this.events)}`);
  }

  emit(name, ...args) {
    this.socket.emit(name, ...args);
  }
}

async function connect(server, options) {
  return new Client(server.url(), options).connected();
}

// Starts a session; returns {sessionId, file} (file: the first session-file-available).
async function startSession(c) {
  c.emit("session-start", {});
  const started = await c.expect("session-start-success");
  assert.deepEqual(Object.keys(started), ["sessionId"]);
  assert.match(started.sessionId, UUID);
  const file = await c.expect("session-file-available");
  assert.deepEqual(Object.keys(file).sort(), ["content", "fileId", "sessionId"]);
  assert.equal(file.sessionId, started.sessionId);
  return { sessionId: started.sessionId, file };
}

// Answers FILEID and checks the session-file-send-success.
async function answer(c, sessionId, fileId, content = `answer to ${fileId}`) {
  c.emit("session-file-send", { sessionId, fileId, content });
  assert.deepEqual(await c.expect("session-file-send-success"), { sessionId, fileId });
}

async function expectFile(c, sessionId, fileId) {
  const file = await c.expect("session-file-available");
  assert.equal(file.sessionId, sessionId);
  assert.equal(file.fileId, fileId);
  assert.equal(typeof file.content, "string");
  assert.ok(file.content.length > 0);
  return file;
}

// ------------------------------------------------------------ tests

let shared; // the default HTTPS server, for tests that need no flags
const tests = [];
const test = (name, fn) => tests.push({ name, fn });

test("full session of 3 files to finish, then a new session", async () => {
  const c = await connect(shared);
  const { sessionId, file } = await startSession(c);
  assert.equal(file.fileId, "file-1");
  assert.match(file.content, /Задание №1/);
  await answer(c, sessionId, "file-1", "ответ: 42");
  const f2 = await expectFile(c, sessionId, "file-2");
  assert.match(f2.content, /^id;name;amount\n/);
  await answer(c, sessionId, "file-2");
  const f3 = await expectFile(c, sessionId, "file-3");
  const png = Buffer.from(f3.content, "base64");
  assert.equal(png.toString("base64"), f3.content, "file-3 is base64");
  assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE, "file-3 is a PNG");
  await answer(c, sessionId, "file-3", png.toString("base64"));
  assert.deepEqual(await c.expect("session-close"), { type: "finish" });
  await c.quiet();
  // The session is over: the same connection may start another one.
  const again = await startSession(c);
  assert.notEqual(again.sessionId, sessionId);
  assert.equal(again.file.fileId, "file-1");
});

test("session-start while a session is open: session-start-error", async () => {
  const c = await connect(shared);
  const { sessionId } = await startSession(c);
  c.emit("session-start", {});
  await c.expectError("session-start-error", new RegExp(sessionId));
  // The open session is untouched.
  await answer(c, sessionId, "file-1");
  await expectFile(c, sessionId, "file-2");
  await c.quiet();
});

test("session-file-repeat: success for sent files, errors otherwise", async () => {
  const c = await connect(shared);
  const { sessionId, file } = await startSession(c);
  c.emit("session-file-repeat", { sessionId, fileId: "file-1" });
  assert.deepEqual(await c.expect("session-file-available"), file);
  assert.deepEqual(await c.expect("session-file-repeat-success"), { sessionId, fileId: "file-1" });
  await answer(c, sessionId, "file-1");
  await expectFile(c, sessionId, "file-2");
  // An answered file can be fetched again too.
  c.emit("session-file-repeat", { sessionId, fileId: "file-1" });
  assert.deepEqual(await c.expect("session-file-available"), file);
  assert.deepEqual(await c.expect("session-file-repeat-success"), { sessionId, fileId: "file-1" });
  // Not sent yet, unknown file, unknown session, bad payloads.
  c.emit("session-file-repeat", { sessionId, fileId: "file-3" });
  await c.expectError("session-file-repeat-error", /file-3 has not been sent/);
  c.emit("session-file-repeat", { sessionId, fileId: "nope" });
  await c.expectError("session-file-repeat-error");
  c.emit("session-file-repeat", { sessionId: "00000000-0000-0000-0000-000000000000", fileId: "file-1" });
  await c.expectError("session-file-repeat-error", /unknown session/);
  c.emit("session-file-repeat", { sessionId });
  await c.expectError("session-file-repeat-error", /fileId/);
  c.emit("session-file-repeat", "file-1");
  await c.expectError("session-file-repeat-error", /object/);
  c.emit("session-file-repeat");
  await c.expectError("session-file-repeat-error");
  await c.quiet();
});

test("wrong or missing token: connection-auth-error, then disconnect", async () => {
  for (const token of ["wrong", null, ""]) {
    const c = await connect(shared, { token });
    assert.deepEqual(await c.expect("connection-auth-error"), { message: "invalid token" });
    assert.equal(await c.expect("#disconnect"), "io server disconnect");
    await c.quiet(100);
  }
  assert.ok(!shared.stderr.includes("wrong"), "the token is never logged");
});

test("session-file-send errors", async () => {
  const c = await connect(shared);
  const { sessionId } = await startSession(c);
  const bad = [
    [{ sessionId: "x-unknown", fileId: "file-1", content: "a" }, /unknown session/],
    [{ sessionId, fileId: "file-2", content: "a" }, /file-2 has not been sent.*waits for file-1/],
    [{ sessionId, fileId: "file-1", content: "" }, /content/],
    [{ sessionId, fileId: "file-1", content: 12 }, /content/],
    [{ sessionId, fileId: "file-1" }, /content/],
    [{ sessionId, content: "a" }, /fileId/],
    [{ sessionId: 7, fileId: "file-1", content: "a" }, /sessionId/],
    [{ fileId: "file-1", content: "a" }, /sessionId/],
    ["just a string", /object/],
    [null, /object/],
    [[sessionId, "file-1", "a"], /object/],
    [undefined, /object/],
  ];
  for (const [payload, pattern] of bad) {
    if (payload === undefined) c.emit("session-file-send");
    else c.emit("session-file-send", payload);
    await c.expectError("session-file-send-error", pattern);
  }
  await answer(c, sessionId, "file-1");
  await expectFile(c, sessionId, "file-2");
  c.emit("session-file-send", { sessionId, fileId: "file-1", content: "again" });
  await c.expectError("session-file-send-error", /file-1 was already answered/);
  // Another connection cannot answer for this session.
  const other = await connect(shared);
  other.emit("session-file-send", { sessionId, fileId: "file-2", content: "a" });
  await other.expectError("session-file-send-error", /not bound to this connection/);
  // Finish, then a late answer.
  await answer(c, sessionId, "file-2");
  await expectFile(c, sessionId, "file-3");
  await answer(c, sessionId, "file-3");
  assert.deepEqual(await c.expect("session-close"), { type: "finish" });
  c.emit("session-file-send", { sessionId, fileId: "file-3", content: "late" });
  await c.expectError("session-file-send-error", /has ended \(finish\)/);
  await c.quiet();
  await other.quiet(0);
});

test("--fail-answers 2: the first two answers get 'storage is busy, send again'", async () => {
  const s = await startServer("--fail-answers", "2");
  const c = await connect(s);
  const { sessionId } = await startSession(c);
  // An invalid answer gets its own error and does not use up the hook.
  c.emit("session-file-send", { sessionId, fileId: "file-9", content: "a" });
  await c.expectError("session-file-send-error", /file-9/);
  for (let i = 0; i < 2; i++) {
    c.emit("session-file-send", { sessionId, fileId: "file-1", content: "a" });
    assert.deepEqual(await c.expect("session-file-send-error"), { message: "storage is busy, send again" });
  }
  await answer(c, sessionId, "file-1");
  await expectFile(c, sessionId, "file-2");
  await answer(c, sessionId, "file-2");
  await expectFile(c, sessionId, "file-3");
  await c.quiet();
});

test("--timeout-ms 500: session-close timeout-close names the missing file", async () => {
  const s = await startServer("--timeout-ms", "500");
  const c = await connect(s);
  let t0 = Date.now();
  const first = await startSession(c);
  assert.deepEqual(await c.expect("session-close", 3000), { type: "timeout-close", fileId: "file-1" });
  assert.ok(Date.now() - t0 >= 450, `closed after ${Date.now() - t0} ms`);
  c.emit("session-file-send", { sessionId: first.sessionId, fileId: "file-1", content: "late" });
  await c.expectError("session-file-send-error", /has ended \(timeout-close\)/);
  c.emit("session-reconnect", { sessionId: first.sessionId });
  await c.expectError("session-reconnect-error", /has ended/);

  // The limit is per file: answering file-1 starts file-2's own 500 ms.
  const { sessionId } = await startSession(c);
  await sleep(300);
  await answer(c, sessionId, "file-1");
  t0 = Date.now();
  await expectFile(c, sessionId, "file-2");
  // A repeat re-sends the file but does not restart its clock.
  await sleep(350);
  c.emit("session-file-repeat", { sessionId, fileId: "file-2" });
  await c.expect("session-file-available");
  await c.expect("session-file-repeat-success");
  assert.deepEqual(await c.expect("session-close", 3000), { type: "timeout-close", fileId: "file-2" });
  const waited = Date.now() - t0;
  assert.ok(waited >= 400 && waited < 800, `file-2 closed after ${waited} ms`);
  await c.quiet();

  // Nor does a reconnect: the new connection gets the close at the old time.
  t0 = Date.now();
  const resumed = await startSession(c);
  await sleep(350);
  c.socket.disconnect();
  await c.expect("#disconnect");
  const r = await connect(s);
  r.emit("session-reconnect", { sessionId: resumed.sessionId });
  await r.expect("session-reconnect-success");
  await expectFile(r, resumed.sessionId, "file-1");
  assert.deepEqual(await r.expect("session-close", 3000), { type: "timeout-close", fileId: "file-1" });
  assert.ok(Date.now() - t0 < 800, `reconnected session closed after ${Date.now() - t0} ms`);

  // A session whose client is away also times out; reconnecting later fails.
  const away = await startSession(r);
  r.socket.disconnect();
  await r.expect("#disconnect");
  await sleep(700);
  const d = await connect(s);
  d.emit("session-reconnect", { sessionId: away.sessionId });
  await d.expectError("session-reconnect-error", /has ended \(timeout-close\)/);
  await d.quiet(0);
});

test("--drop-after-answers 1, then session-reconnect resumes with the outstanding file", async () => {
  const s = await startServer("--drop-after-answers", "1");
  const c = await connect(s);
  const { sessionId } = await startSession(c);
  await answer(c, sessionId, "file-1");
  // The connection drops; file-2 was lost with it.
  assert.equal(await c.expect("#disconnect"), "transport close");
  await c.quiet(100);
  const d = await connect(s);
  d.emit("session-reconnect", { sessionId });
  assert.deepEqual(await d.expect("session-reconnect-success"), { sessionId });
  await expectFile(d, sessionId, "file-2");
  // The hook fires once: the rest of the session runs normally.
  await answer(d, sessionId, "file-2");
  await expectFile(d, sessionId, "file-3");
  await answer(d, sessionId, "file-3");
  assert.deepEqual(await d.expect("session-close"), { type: "finish" });
  await d.quiet();
});

test("session-reconnect after a client-side drop, and taking over a live binding", async () => {
  const c = await connect(shared);
  const { sessionId, file } = await startSession(c);
  c.socket.disconnect();
  await c.expect("#disconnect");
  const d = await connect(shared);
  d.emit("session-reconnect", { sessionId });
  assert.deepEqual(await d.expect("session-reconnect-success"), { sessionId });
  assert.deepEqual(await d.expect("session-file-available"), file);
  await answer(d, sessionId, "file-1");
  await expectFile(d, sessionId, "file-2");
  // A third connection takes the session over while d is still connected.
  const e = await connect(shared);
  e.emit("session-reconnect", { sessionId });
  assert.deepEqual(await e.expect("session-reconnect-success"), { sessionId });
  await expectFile(e, sessionId, "file-2");
  d.emit("session-file-send", { sessionId, fileId: "file-2", content: "a" });
  await d.expectError("session-file-send-error", /not bound to this connection/);
  // d lost its binding, so it may start a session of its own.
  await startSession(d);
  // Reconnecting to the session it already holds just re-sends the file.
  e.emit("session-reconnect", { sessionId });
  assert.deepEqual(await e.expect("session-reconnect-success"), { sessionId });
  await expectFile(e, sessionId, "file-2");
  await e.quiet();
});

test("session-reconnect errors", async () => {
  const c = await connect(shared);
  c.emit("session-reconnect", { sessionId: "00000000-0000-0000-0000-000000000000" });
  await c.expectError("session-reconnect-error", /unknown session/);
  c.emit("session-reconnect", { sessionId: 42 });
  await c.expectError("session-reconnect-error", /sessionId/);
  c.emit("session-reconnect", {});
  await c.expectError("session-reconnect-error", /sessionId/);
  c.emit("session-reconnect", "abc");
  await c.expectError("session-reconnect-error", /object/);
  // Ended by abort.
  const { sessionId } = await startSession(c);
  c.emit("session-client-abort", { sessionId });
  await c.expect("session-client-abort-success");
  c.emit("session-reconnect", { sessionId });
  await c.expectError("session-reconnect-error", /has ended \(client-abort\)/);
  // A connection with another open session cannot take this one.
  const other = await connect(shared);
  const theirs = await startSession(other);
  await startSession(c);
  c.emit("session-reconnect", { sessionId: theirs.sessionId });
  await c.expectError("session-reconnect-error", /already has an open session/);
  await c.quiet();
  await other.quiet(0);
});

test("session-client-abort ends the session and its timer", async () => {
  const s = await startServer("--timeout-ms", "500");
  const c = await connect(s);
  const { sessionId } = await startSession(c);
  c.emit("session-client-abort", { sessionId });
  assert.deepEqual(await c.expect("session-client-abort-success"), { sessionId });
  await c.quiet(800); // no timeout-close
  c.emit("session-client-abort", { sessionId });
  await c.expectError("session-client-abort-error", /has ended/);
  c.emit("session-file-send", { sessionId, fileId: "file-1", content: "a" });
  await c.expectError("session-file-send-error", /has ended/);
  c.emit("session-client-abort", { sessionId: "nope" });
  await c.expectError("session-client-abort-error", /unknown session/);
  c.emit("session-client-abort", 5);
  await c.expectError("session-client-abort-error", /object/);
  // Another connection cannot abort someone else's session.
  const mine = await startSession(c);
  const other = await connect(s);
  other.emit("session-client-abort", { sessionId: mine.sessionId });
  await other.expectError("session-client-abort-error", /not bound/);
  await answer(c, mine.sessionId, "file-1");
  await expectFile(c, mine.sessionId, "file-2");
});

test("logs-send: accepted lists of strings, errors otherwise", async () => {
  const s = await startServer("--verbose");
  const c = await connect(s);
  c.emit("logs-send", { sessionId: null, logs: ["line one", "строка два"] });
  assert.deepEqual(await c.expect("logs-send-success"), { sessionId: null });
  c.emit("logs-send", { logs: [] }); // no sessionId: null
  assert.deepEqual(await c.expect("logs-send-success"), { sessionId: null });
  const { sessionId } = await startSession(c);
  c.emit("logs-send", { sessionId, logs: ["during the session"] });
  assert.deepEqual(await c.expect("logs-send-success"), { sessionId });
  c.emit("logs-send", { sessionId: "any-ended-or-unknown-id", logs: Array(10000).fill("x") });
  assert.deepEqual(await c.expect("logs-send-success"), { sessionId: "any-ended-or-unknown-id" });
  const bad = [
    [{ sessionId: null, logs: Array(10001).fill("x") }, /too many log lines/],
    [{ sessionId: null, logs: "one line" }, /list of strings/],
    [{ sessionId: null, logs: ["a", 1] }, /item 1/],
    [{ sessionId: null, logs: [null] }, /item 0/],
    [{ sessionId: null }, /list of strings/],
    [{ sessionId: 5, logs: [] }, /sessionId/],
    ["logs", /object/],
    [[["a"]], /object/],
  ];
  for (const [payload, pattern] of bad) {
    c.emit("logs-send", payload);
    await c.expectError("logs-send-error", pattern);
  }
  await c.quiet();
  assert.match(s.stderr, /client log \| строка два/);
  assert.match(s.stderr, /client log \| during the session/);
});

test("--verbose logs every event in and out, never the token", async () => {
  const s = await startServer("--verbose", "--tokens", "secret-token-123");
  const c = await connect(s, { token: "secret-token-123" });
  await startSession(c);
  await c.quiet(100);
  assert.match(s.stderr, /received "session-start" \{\}/);
  assert.match(s.stderr, /emitting "session-start-success" \{"sessionId":/);
  assert.match(s.stderr, /emitting "session-file-available" \{"sessionId":/);
  assert.ok(!s.stderr.includes("secret-token-123"), "token in the log");
});

test("--tokens and --files", async () => {
  const files = path.join(tmp, "files.json");
  fs.writeFileSync(files, JSON.stringify([{ fileId: "a.txt", content: "A" }, { content: "QUJD" }]));
  const s = await startServer("--tokens", "alpha, beta", "--files", files);
  const refused = await connect(s); // the default tok-pku is not in the list
  assert.deepEqual(await refused.expect("connection-auth-error"), { message: "invalid token" });
  const c = await connect(s, { token: "beta" });
  const { sessionId, file } = await startSession(c);
  assert.deepEqual(file, { sessionId, fileId: "a.txt", content: "A" });
  await answer(c, sessionId, "a.txt");
  assert.deepEqual(await c.expect("session-file-available"), { sessionId, fileId: "file-2", content: "QUJD" });
  await answer(c, sessionId, "file-2");
  assert.deepEqual(await c.expect("session-close"), { type: "finish" });
  const a = await connect(s, { token: "alpha" });
  await startSession(a);
});

test("plain --http mode", async () => {
  const s = await startServer("--http");
  assert.match(s.url(), /^http:/);
  const c = await connect(s);
  const { sessionId } = await startSession(c);
  await answer(c, sessionId, "file-1");
  await expectFile(c, sessionId, "file-2");
  // The HTTPS server does not speak plain HTTP.
  const plain = new Client(shared.url("http"));
  await assert.rejects(plain.connected());
});

test("websocket transport only: polling is refused", async () => {
  const c = new Client(shared.url(), { transports: ["polling"] });
  await assert.rejects(c.connected());
});

test("bad payload types never crash the server", async () => {
  const c = await connect(shared);
  const weird = [undefined, null, 0, 1.5, true, "", "text", [], [1, "a"], {}, { sessionId: {} },
    { sessionId: ["a"], fileId: {}, content: [] }, { sessionId: null, logs: { 0: "a" } }, Buffer.from([1, 2, 3])];
  const events = ["session-reconnect", "session-file-repeat", "session-file-send", "session-client-abort", "logs-send"];
  for (const event of events) {
    for (const payload of weird) {
      if (payload === undefined) c.emit(event);
      else c.emit(event, payload);
      const message = await c.expectError(`${event}-error`);
      assert.notEqual(message, "internal server error", `${event} ${JSON.stringify(payload)}`);
    }
  }
  // Extra arguments, an ack request and unknown events are harmless.
  c.emit("unknown-event", { a: 1 });
  c.emit("session-start", "ignored payload", 2, () => {});
  const { sessionId } = await (async () => {
    const started = await c.expect("session-start-success");
    await c.expect("session-file-available");
    return started;
  })();
  c.emit("session-file-send", { sessionId, fileId: "file-1", content: "a", extra: true }, () => {});
  assert.deepEqual(await c.expect("session-file-send-success"), { sessionId, fileId: "file-1" });
  await expectFile(c, sessionId, "file-2");
  await c.quiet();
  assert.ok(!shared.stderr.includes("error in"), "no handler threw");
});

test("refuses to start with bad flags (exit 2, a reason on stderr)", async () => {
  const badFiles = path.join(tmp, "bad-files.json");
  const cases = [
    [[], /refusing to start without TLS/],
    [["--http", ...TLS], /exclude each other/],
    [["--tls-cert", CERT], /go together/],
    [["--http", "--port", "abc"], /--port must be a whole number/],
    [["--http", "--timeout-ms", "-5"], /--timeout-ms/],
    [["--http", "--tokens", " , "], /--tokens/],
    [["--http", "--bogus"], /unknown argument: --bogus/],
    [["--tls-cert", path.join(tmp, "missing.pem"), "--tls-key", KEY], /cannot use the TLS certificate/],
    [["--http", "--files", path.join(tmp, "missing.json")], /bad files file/],
    [["--http", "--files", badFiles, "#not json"], /bad files file.*JSON/],
    [["--http", "--files", badFiles, "[]"], /non-empty JSON list/],
    [["--http", "--files", badFiles, '[{"content": ""}]'], /"content" must be a non-empty string/],
    [["--http", "--files", badFiles, '[{"fileId": "a", "content": "x"}, {"fileId": "a", "content": "y"}]'], /used twice/],
    [["--http", "--files", badFiles, '[{"fileId": 3, "content": "x"}]'], /"fileId"/],
  ];
  for (const [args, pattern] of cases) {
    let argsNow = args;
    if (args.includes(badFiles)) {
      fs.writeFileSync(badFiles, args[args.length - 1]);
      argsNow = args.slice(0, -1);
    }
    const r = spawnSync(process.execPath, [SERVER, ...argsNow], { encoding: "utf8", timeout: 10000 });
    assert.equal(r.status, 2, `${argsNow.join(" ")}: status ${r.status}, stderr ${r.stderr}`);
    assert.equal(r.stdout, "", `${argsNow.join(" ")}: stdout`);
    assert.match(r.stderr, pattern, argsNow.join(" "));
  }
});

test("SIGTERM: exit 0 at once, with a session and its timer open", async () => {
  const s = await startServer();
  const c = await connect(s);
  await startSession(c);
  const t0 = Date.now();
  s.proc.kill("SIGTERM");
  const { code, signal } = await s.exited;
  assert.equal(signal, null);
  assert.equal(code, 0);
  assert.ok(Date.now() - t0 < 3000, `exit took ${Date.now() - t0} ms`);
});

// ------------------------------------------------------------ runner

async function runTest(t) {
  cleanups = [];
  serversOfTest = [];
  let timer;
  try {
    await Promise.race([
      t.fn(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`took longer than ${TEST_TIMEOUT_MS} ms`)), TEST_TIMEOUT_MS);
      }),
    ]);
    return null;
  } catch (e) {
    return e;
  } finally {
    clearTimeout(timer);
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch {
        // best effort
      }
    }
  }
}

async function main() {
  const suiteTimer = setTimeout(() => {
    console.log(`FAIL suite: took longer than ${SUITE_TIMEOUT_MS} ms`);
    process.exit(1);
  }, SUITE_TIMEOUT_MS);
  suiteTimer.unref();

  const sharedProc = new ServerProc(TLS);
  shared = await sharedProc.listening();
  const sharedCleanup = cleanups;

  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    if (only && !t.name.includes(only)) continue;
    const error = await runTest(t);
    if (!error) {
      passed++;
      console.log(`ok ${t.name}`);
      continue;
    }
    failed++;
    console.log(`FAIL ${t.name}: ${error && error.stack ? error.stack : error}`);
    for (const s of [...serversOfTest, shared]) {
      if (verbose || !s.stderr) continue;
      const tail = s.stderr.trimEnd().split("\n").slice(-15).join("\n    ");
      console.log(`  server ${s.args.filter((a) => a !== CERT && a !== KEY).join(" ")} stderr (last lines):\n    ${tail}`);
    }
  }
  for (const fn of sharedCleanup) await fn();
  const { code } = await sharedProc.exited;
  if (code !== 0) {
    failed++;
    console.log(`FAIL shared server exit status: ${code}`);
  }
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.log(`FAIL suite: ${e && e.stack ? e.stack : e}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  process.exit(1);
});
