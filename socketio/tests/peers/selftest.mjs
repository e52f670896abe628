#!/usr/bin/env node
// Self-test of the socketio crate's test peers (README.md beside this file).
//
// Starts node4, node2, py-asgi and py-flask (and node4 --recovery), drives
// every event with the matching Node client (socket.io-client 4 for node4
// and python, socket.io-client 2 for node2) over polling and websocket, and
// checks the wire itself with raw engine.io clients where a client library
// would hide it (reserved names, the CLOSE packet, go_silent).
//
//   node socketio/tests/peers/selftest.mjs [-v] [--only node4,py-asgi] [-k TEXT]
//
// One "ok"/"FAIL" line per check, then "N passed, N failed"; exit 1 on failure.
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isDeepStrictEqual, inspect } from "node:util";
import { existsSync } from "node:fs";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, "..", "..", "..");
const require4 = createRequire(join(HERE, "node4", "package.json"));
const require2 = createRequire(join(HERE, "node2", "package.json"));
const io4 = require4("socket.io-client");
const io2 = require2("socket.io-client");
const WebSocket = require4("ws");

// Short enough for go_silent's silence check, long enough for a 3 MiB poll
// or a flood on 2 busy cores (python-engineio counts the ping timeout from
// when the PING is queued, behind the flood).
const PING_INTERVAL = 1000;
const PING_TIMEOUT = 2000;
const SILENCE_MS = PING_INTERVAL + PING_TIMEOUT + 1000;
const STEP_TIMEOUT = 5000;

const cli = process.argv.slice(2);
const VERBOSE = cli.includes("-v");
const ONLY = valueOf("--only")?.split(",");
const FILTER = valueOf("-k") ?? "";
function valueOf(flag) {
  const i = cli.indexOf(flag);
  return i >= 0 ? cli[i + 1] : undefined;
}

const PYTHON = existsSync(join(ROOT, ".venv", "bin", "python")) ? join(ROOT, ".venv", "bin", "python") : "python3";
const PEERS = [
  { name: "node4", cmd: process.execPath, args: [join(HERE, "node4", "peer.js")], io: io4, eio: 4, node: true },
  { name: "node2", cmd: process.execPath, args: [join(HERE, "node2", "peer.js")], io: io2, eio: 3, node: true },
  { name: "py-asgi", cmd: PYTHON, args: [join(HERE, "py_peer.py"), "--flavor", "asgi"], io: io4, eio: 4 },
  { name: "py-flask", cmd: PYTHON, args: [join(HERE, "py_peer.py"), "--flavor", "flask"], io: io4, eio: 4 },
];

let passed = 0;
let failed = 0;

// ------------------------------------------------------------------ helpers

class Peer {
  constructor(spec, extra = []) {
    this.spec = spec;
    this.log = [];
    this.proc = spawn(spec.cmd, [
      ...spec.args, "--host", "127.0.0.1", "--port", "0",
      "--ping-interval", String(PING_INTERVAL), "--ping-timeout", String(PING_TIMEOUT), ...extra,
    ], { stdio: ["ignore", "pipe", "pipe"] });
    this.proc.stderr.on("data", (d) => {
      this.log.push(String(d));
      if (VERBOSE) process.stderr.write(d);
    });
    this.stdout = "";
    this.ready = new Promise((resolve, reject) => {
      this.proc.stdout.on("data", (d) => {
        this.stdout += d;
        const m = /^LISTENING (\d+)\n/.exec(this.stdout);
        if (m) {
          this.port = Number(m[1]);
          this.url = `http://127.0.0.1:${this.port}`;
          resolve(this);
        }
      });
      this.proc.on("exit", (code) => reject(new Error(`${spec.name} exited (${code}) before LISTENING:\n${this.log.join("")}`)));
      setTimeout(() => reject(new Error(`${spec.name}: no LISTENING within 15 s`)), 15000);
    });
  }

  // SIGTERM; resolves {code, ms, rest} (rest: stdout after LISTENING)
  stop() {
    const start = Date.now();
    return new Promise((resolve) => {
      if (this.proc.exitCode !== null) {
        resolve({ code: this.proc.exitCode, ms: 0, rest: this.stdout.replace(/^LISTENING \d+\n/, "") });
        return;
      }
      const kill = setTimeout(() => this.proc.kill("SIGKILL"), 5000);
      this.proc.on("exit", (code, signal) => {
        clearTimeout(kill);
        resolve({ code: code ?? signal, ms: Date.now() - start, rest: this.stdout.replace(/^LISTENING \d+\n/, "") });
      });
      this.proc.kill("SIGTERM");
    });
  }
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timeout after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Binary in any form (Buffer, ArrayBuffer, typed array) as a Buffer, deeply.
function norm(x) {
  if (Buffer.isBuffer(x)) return x;
  if (x instanceof ArrayBuffer) return Buffer.from(x);
  if (ArrayBuffer.isView(x)) return Buffer.from(x.buffer, x.byteOffset, x.byteLength);
  if (Array.isArray(x)) return x.map(norm);
  if (x && typeof x === "object") return Object.fromEntries(Object.entries(x).map(([k, v]) => [k, norm(v)]));
  return x;
}

function eq(got, want, what) {
  if (!isDeepStrictEqual(norm(got), norm(want))) {
    throw new Error(`${what}: got ${inspect(norm(got), { depth: 6 })}, want ${inspect(norm(want), { depth: 6 })}`);
  }
}

function assert(cond, what) {
  if (!cond) throw new Error(what);
}

// Records every event of a socket (socket.io-client 2 or 4).
function recorder(socket) {
  const events = [];
  const waiters = [];
  const push = (name, args) => {
    events.push({ name, args });
    for (const w of [...waiters]) w();
  };
  if (socket.onAny) {
    socket.onAny((name, ...args) => push(name, args));
  } else {
    // socket.io-client 2 has no onAny: wrap the packet handler.
    const onevent = socket.onevent.bind(socket);
    socket.onevent = (packet) => {
      const args = [...(packet.data || [])];
      const name = args.shift();
      push(name, args.filter((a) => typeof a !== "function"));
      onevent(packet);
    };
  }
  return {
    events,
    // args of the next not yet taken event named `name`
    next(name, ms = STEP_TIMEOUT) {
      const take = () => {
        const i = events.findIndex((e) => e.name === name);
        if (i < 0) return null;
        return events.splice(i, 1)[0].args;
      };
      const got = take();
      if (got) return Promise.resolve(got);
      return withTimeout(new Promise((resolve) => {
        const w = () => {
          const g = take();
          if (g) {
            waiters.splice(waiters.indexOf(w), 1);
            resolve(g);
          }
        };
        waiters.push(w);
      }), ms, `event ${name}`);
    },
  };
}

function onceEvent(socket, event, ms = STEP_TIMEOUT) {
  return withTimeout(new Promise((resolve) => socket.once(event, (...a) => resolve(a))), ms, `"${event}"`);
}

function emitAck(socket, event, ...args) {
  return emitAckWithin(STEP_TIMEOUT, socket, event, ...args);
}

function emitAckWithin(ms, socket, event, ...args) {
  return withTimeout(new Promise((resolve) => socket.emit(event, ...args, (...r) => resolve(r))), ms, `ack of ${event}`);
}

// A check's sockets, closed afterwards.
class Ctx {
  constructor(peer, transport) {
    this.peer = peer;
    this.transport = transport;
    this.sockets = [];
  }

  // Connected socket on namespace nsp. opts: auth (v5) / query.
  async connect(nsp = "/", opts = {}) {
    const s = this.open(nsp, opts);
    await this.waitConnect(s);
    return s;
  }

  open(nsp = "/", opts = {}) {
    const { io, eio } = this.peer.spec;
    const base = {
      forceNew: true,
      transports: [this.transport],
      reconnection: false,
      timeout: STEP_TIMEOUT,
      ...opts,
    };
    let s;
    if (eio === 3 && opts.nspQuery) {
      // socket.io-client 2: a query only in this namespace's CONNECT packet
      // (the engine.io URL one also reaches "/", which the server connects
      // on its own).
      const { nspQuery, ...rest } = base;
      const manager = new io.Manager(this.peer.url, rest);
      s = manager.socket(nsp, { query: nspQuery }); // autoConnect
    } else {
      s = io(this.peer.url + (nsp === "/" ? "" : nsp), base);
    }
    this.sockets.push(s);
    return s;
  }

  waitConnect(s) {
    return withTimeout(new Promise((resolve, reject) => {
      if (s.connected) return resolve();
      s.once("connect", resolve);
      s.once("connect_error", (e) => reject(new Error(`connect_error: ${e && e.message}`)));
      s.once("error", (e) => reject(new Error(`error: ${JSON.stringify(e)}`)));
    }), STEP_TIMEOUT, "connect");
  }

  close() {
    for (const s of this.sockets) {
      try {
        if (s.io && s.io.opts) s.io.reconnection(false);
        s.disconnect();
        if (s.io && s.io.engine) s.io.engine.close();
      } catch {}
    }
  }
}

async function check(label, fn) {
  if (!label.includes(FILTER)) return;
  const start = Date.now();
  try {
    const note = await fn();
    passed++;
    console.log(`ok   ${label} (${((Date.now() - start) / 1000).toFixed(2)} s)${note ? `: ${note}` : ""}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${label}: ${e && e.stack ? e.stack : e}`);
  }
}

// ---------------------------------------------------- raw engine.io clients

// A raw websocket engine.io client, socket.io connected to "/".
class RawWs {
  constructor(peer) {
    this.peer = peer;
    this.eio = peer.spec.eio;
    this.frames = [];
    this.waiters = [];
    this.closed = null;
    this.ended = false;
    this.ws = new WebSocket(`ws://127.0.0.1:${peer.port}/socket.io/?EIO=${this.eio}&transport=websocket`);
    this.ws.on("message", (data, isBinary) => {
      this.frames.push(isBinary ? data : data.toString());
      for (const w of [...this.waiters]) w();
    });
    this.ws.on("close", (code) => {
      this.closed = { code };
      for (const w of [...this.waiters]) w();
    });
    this.ws.on("error", () => {});
    this.opened = new Promise((resolve, reject) => {
      this.ws.once("open", () => {
        this.ws._socket.on("end", () => { this.ended = true; });
        resolve();
      });
      this.ws.once("error", reject);
    });
  }

  // Next frame matching pred (earlier ones are kept).
  next(pred, ms = STEP_TIMEOUT) {
    const take = () => {
      const i = this.frames.findIndex((f) => typeof f === "string" && pred(f));
      return i < 0 ? null : this.frames.splice(i, 1)[0];
    };
    const got = take();
    if (got !== null) return Promise.resolve(got);
    return withTimeout(new Promise((resolve, reject) => {
      const w = () => {
        const g = take();
        if (g !== null) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          resolve(g);
        } else if (this.closed) {
          this.waiters.splice(this.waiters.indexOf(w), 1);
          reject(new Error(`closed (${this.closed.code}) while waiting`));
        }
      };
      this.waiters.push(w);
    }), ms, "raw frame");
  }

  send(s) {
    this.ws.send(s);
  }

  async handshake() {
    await this.opened;
    await this.next((f) => f.startsWith("0{"));
    if (this.eio === 4) this.send("40"); // v3 (socket.io 2) connects "/" by itself
    await this.next((f) => f.startsWith("40"));
    this.frames.length = 0;
  }

  waitClose(ms = STEP_TIMEOUT) {
    if (this.closed) return Promise.resolve(this.closed);
    return withTimeout(new Promise((resolve) => this.ws.once("close", (code) => resolve({ code }))), ms, "close");
  }

  terminate() {
    try {
      this.ws.terminate();
    } catch {}
  }
}

// A raw long-polling engine.io client, socket.io connected to "/".
class RawPolling {
  constructor(peer) {
    this.peer = peer;
    this.eio = peer.spec.eio;
    this.base = `${peer.url}/socket.io/?EIO=${this.eio}&transport=polling`;
    this.abort = new AbortController();
    this.packets = [];
  }

  decode(body) {
    if (this.eio === 4) return body.split("\x1e");
    // v3 string payload: <length>:<packet>... (length in characters)
    const out = [];
    let i = 0;
    while (i < body.length) {
      const colon = body.indexOf(":", i);
      const n = Number(body.slice(i, colon));
      out.push(body.slice(colon + 1, colon + 1 + n));
      i = colon + 1 + n;
    }
    return out;
  }

  encode(packet) {
    return this.eio === 4 ? packet : `${packet.length}:${packet}`;
  }

  async get() {
    const url = this.sid ? `${this.base}&sid=${this.sid}&t=${Date.now()}` : this.base;
    const res = await fetch(url, { signal: this.abort.signal });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET ${res.status} ${body}`);
    const packets = this.decode(body);
    this.packets.push(...packets);
    return packets;
  }

  async post(packet) {
    const res = await fetch(`${this.base}&sid=${this.sid}&t=${Date.now()}`, {
      method: "POST", body: this.encode(packet), signal: this.abort.signal,
      headers: { "content-type": "text/plain;charset=UTF-8" },
    });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`POST ${res.status} ${body}`);
  }

  // GET until a packet matching pred arrived (answering PINGs)
  async until(pred, ms = STEP_TIMEOUT) {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = this.packets.findIndex(pred);
      if (i >= 0) return this.packets.splice(i, 1)[0];
      if (Date.now() > deadline) throw new Error("no such packet in time");
      const got = await withTimeout(this.get(), ms, "poll");
      if (this.eio === 4 && got.includes("2")) await this.post("3");
    }
  }

  async handshake() {
    const open = (await this.get())[0];
    assert(open.startsWith("0{"), `open packet: ${open}`);
    this.sid = JSON.parse(open.slice(1)).sid;
    this.packets.shift();
    if (this.eio === 4) await this.post("40");
    await this.until((p) => p.startsWith("40"));
  }

  close() {
    this.abort.abort();
  }
}

// ------------------------------------------------------------ the checks

const BINS = [Buffer.from([1, 2, 3]), { nested: Buffer.from([4, 5]), list: [7, Buffer.from([6])] }, "text"];

async function peerChecks(spec) {
  const peer = new Peer(spec);
  try {
    await peer.ready;
  } catch (e) {
    failed++;
    console.log(`FAIL ${spec.name} start: ${e.message}`);
    return;
  }
  const v3 = spec.eio === 3;
  const auth = (a) => (v3 ? { nspQuery: a } : { auth: a });

  for (const transport of ["polling", "websocket"]) {
    const t = (label, fn) =>
      check(`${spec.name} ${transport} ${label}`, async () => {
        const ctx = new Ctx(peer, transport);
        try {
          return await fn(ctx);
        } finally {
          ctx.close();
        }
      });

    await t("whoami /", async (ctx) => {
      const s = await ctx.connect("/", v3 ? { query: { a: "1" } } : { query: { a: "1" } });
      const [me] = await emitAck(s, "whoami");
      eq(me.sid, s.id, "sid");
      eq(me.namespace, "/", "namespace");
      eq(me.auth, null, "auth");
      eq(me.transport, transport, "transport");
      eq(me.recovered, false, "recovered");
      eq([me.query.a, me.query.EIO, me.query.transport], ["1", String(spec.eio), transport], "query a, EIO, transport");
    });

    await t("whoami /admin with auth", async (ctx) => {
      const s = await ctx.connect("/admin", auth({ token: "good", n: v3 ? "2" : 2 }));
      const [me] = await emitAck(s, "whoami");
      eq(me.namespace, "/admin", "namespace");
      eq(me.sid, s.id, "sid");
      if (v3) eq([me.auth, me.query.token, me.query.n], [null, "good", "2"], "auth, query");
      else eq(me.auth, { token: "good", n: 2 }, "auth");
    });

    for (const nsp of ["/", "/admin"]) {
      await t(`refusal ${nsp}`, async (ctx) => {
        const s = ctx.open(nsp, v3 && nsp === "/" ? { query: { token: "bad" } } : auth({ token: "bad" }));
        const got = await withTimeout(new Promise((resolve) => {
          s.once("connect", () => resolve("connected"));
          s.once("connect_error", (e) => resolve(e.message)); // v5: CONNECT_ERROR
          s.once("error", (e) => resolve(e)); // v4: ERROR packet
        }), STEP_TIMEOUT, "refusal");
        eq(got, "bad token", "refusal message");
      });
    }

    if (v3) {
      await t("refusal of \"/\" reaches /admin (URL query)", async (ctx) => {
        // socket.io 2 connects "/" by itself and refuses it on the URL's
        // token; /admin then stays unanswered on the server, but
        // socket.io-client 2 hands an ERROR for "/" to every namespace.
        const s = ctx.open("/admin", { query: { token: "bad" } });
        const got = await withTimeout(new Promise((resolve) => {
          s.once("connect", () => resolve("connected"));
          s.once("error", (e) => resolve(e));
        }), STEP_TIMEOUT, "refusal");
        eq(got, "bad token", "error on the /admin socket");
      });
    }

    await t("nothing on connect, echo", async (ctx) => {
      const s = ctx.open("/");
      const rec = recorder(s);
      await ctx.waitConnect(s);
      await sleep(100);
      eq(rec.events.map((e) => e.name), [], "events after connect");
      const args = [1, "two", { three: [3, null] }, Buffer.from([0, 255]), null, true];
      const ack = await emitAck(s, "echo", ...args);
      eq(ack, args, "ack");
      eq(await rec.next("echo"), args, "echo event");
      s.emit("echo");
      eq(await rec.next("echo"), [], "zero-arg echo event");
      eq(await emitAck(s, "echo"), [], "zero-arg ack");
      eq(await rec.next("echo"), [], "zero-arg echo event (with ack)");
    });

    // over the libraries' 1 MB default: --max-buffer's default is in force
    await t("echo 3 MiB binary", async (ctx) => {
      const s = await ctx.connect("/admin");
      const big = Buffer.alloc(3 * 1024 * 1024, 7);
      big[0] = 1;
      big[big.length - 1] = 2;
      const [back] = await emitAckWithin(20000, s, "echo", big);
      assert(norm(back).equals(big), "3 MiB echo differs");
    });

    // over polling with a raw client below: the Node clients' XHR shim takes
    // tens of seconds for a 12 MiB (python: 37 MB, \u00e9 escapes) response
    if (transport === "websocket") await t("echo 12 MiB text", async (ctx) => {
      const s = ctx.open("/");
      const rec = recorder(s);
      await ctx.waitConnect(s);
      const big = "é".repeat(6 << 20);
      s.emit("echo", { content: big });
      const [back] = await rec.next("echo", 20000);
      assert(back.content === big, `12 MiB text differs (length ${back.content && back.content.length})`);
    });

    await t("emit_named", async (ctx) => {
      const s = ctx.open("/admin");
      const rec = recorder(s);
      await ctx.waitConnect(s);
      // v3 client: "error" goes to the 'error' listener, which the recorder sees too
      for (const name of ["message", "error", "close", "open", "custom"]) {
        s.emit("emit_named", { name, args: [1, "a", Buffer.from([9])] });
        eq(await rec.next(name), [1, "a", Buffer.from([9])], name);
      }
      s.emit("emit_named", { name: "zero", args: [] });
      eq(await rec.next("zero"), [], "zero-arg event");
    });

    await t("emit_bins", async (ctx) => {
      const s = ctx.open("/");
      const rec = recorder(s);
      await ctx.waitConnect(s);
      s.emit("emit_bins");
      eq(await rec.next("bins"), BINS, "bins");
    });

    await t("bins_back", async (ctx) => {
      const s = ctx.open("/");
      const rec = recorder(s);
      await ctx.waitConnect(s);
      const args = [Buffer.from([9, 9]), { a: [Buffer.from([1])], b: "x" }, 5, "s", null, [Buffer.alloc(3)]];
      const [desc] = await emitAck(s, "bins_back", ...args);
      eq(desc, { types: ["binary", "object", "number", "string", "object", "object"], lengths: [2, 1, 3] }, "ack");
      eq(await rec.next("bins_back"), args, "bins_back event");
    });

    await t("ask answered / unanswered", async (ctx) => {
      const s = ctx.open("/admin");
      const rec = recorder(s);
      let questions = 0;
      s.on("question", (...args) => {
        const ack = args.pop();
        questions++;
        if (questions === 1) eq(args, ["what?", 42], "default question");
        if (questions === 2) eq(args, [Buffer.from([5]), "q"], "question args");
        if (questions <= 2) ack("yes", Buffer.from([1, 2]));
        // the third is left unanswered
      });
      await ctx.waitConnect(s);
      s.emit("ask", {});
      eq(await rec.next("answered"), [["yes", Buffer.from([1, 2])]], "answered");
      s.emit("ask", { args: [Buffer.from([5]), "q"] });
      eq(await rec.next("answered"), [["yes", Buffer.from([1, 2])]], "answered");
      s.emit("ask", { timeout_ms: 300 });
      eq(await rec.next("unanswered"), [], "unanswered");
      eq(questions, 3, "questions asked");
    });

    await t("slow_ack does not block", async (ctx) => {
      const s = await ctx.connect("/");
      const start = Date.now();
      const slow = emitAck(s, "slow_ack", { delay_ms: 400 }).then((a) => [a, Date.now() - start]);
      const fast = await emitAck(s, "echo", "fast");
      const fastMs = Date.now() - start;
      const [late, ms] = await slow;
      eq(fast, ["fast"], "echo");
      eq(late, ["late"], "slow ack");
      assert(ms >= 380, `slow ack after ${ms} ms`);
      assert(fastMs < ms, `echo (${fastMs} ms) waited for slow_ack (${ms} ms)`);
    });

    await t("record / recorded / reset", async (ctx) => {
      const s = await ctx.connect("/");
      eq(await emitAck(s, "reset"), [true], "reset");
      s.emit("record", 1);
      s.emit("record", "a", Buffer.from([2]));
      s.emit("record");
      eq(await emitAck(s, "recorded"), [[[1], ["a", Buffer.from([2])], []]], "recorded");
      eq(await emitAck(s, "reset"), [true], "reset");
      eq(await emitAck(s, "recorded"), [[]], "recorded after reset");
    });

    await t("count", async (ctx) => {
      const s = await ctx.connect("/admin");
      await emitAck(s, "whoami");
      s.emit("echo", 1);
      eq(await emitAck(s, "count"), [3], "count (this one included)");
    });

    await t("later", async (ctx) => {
      const s = ctx.open("/");
      const rec = recorder(s);
      await ctx.waitConnect(s);
      s.emit("later", { delay_ms: 100, count: 3, event: "soon" });
      for (let i = 0; i < 3; i++) eq(await rec.next("soon"), [i], `soon ${i}`);
      eq(rec.events.map((e) => e.name).filter((n) => n === "soon"), [], "extra events");
    });

    await t("flood", async (ctx) => {
      const s = ctx.open("/");
      let ticks = 0;
      s.on("tick", (x) => {
        ticks++;
        if (x.length !== 10) throw new Error(`tick of ${x.length}`);
      });
      await ctx.waitConnect(s);
      const done = onceEvent(s, "flood_done", 8000);
      s.emit("flood", { seconds: 0.3, size: 10 });
      const [{ count }] = await done;
      eq(ticks, count, "ticks received vs flood_done count");
      assert(count > 0, "no tick");
      return `${count} ticks`;
    });

    await t("kick", async (ctx) => {
      const s = await ctx.connect("/admin");
      const gone = onceEvent(s, "disconnect");
      s.emit("kick");
      eq((await gone)[0], "io server disconnect", "disconnect reason");
    });

    await t("close_engine", async (ctx) => {
      const s = await ctx.connect("/");
      const gone = onceEvent(s, "disconnect");
      s.emit("close_engine");
      eq((await gone)[0], "transport close", "disconnect reason");
    });

    await t("drop_transport, reconnect, offline queue", async (ctx) => {
      const s = await ctx.connect("/", { reconnection: true, reconnectionDelay: 300, reconnectionDelayMax: 300 });
      eq(await emitAck(s, "reset"), [true], "reset");
      const [before] = await emitAck(s, "whoami");
      const gone = onceEvent(s, "disconnect");
      s.emit("drop_transport");
      const [reason] = await gone;
      assert(["transport close", "transport error", "ping timeout"].includes(reason), `disconnect reason ${reason}`);
      // queued by the client while disconnected, sent on reconnection
      s.emit("record", 1);
      s.emit("record", 2);
      s.emit("record", 3);
      await onceEvent(s, "connect");
      const [after] = await emitAck(s, "whoami");
      assert(after.sid !== before.sid, "same sid after reconnect (no recovery expected)");
      eq(after.recovered, false, "recovered");
      eq(await emitAck(s, "recorded"), [[[1], [2], [3]]], "offline queue order");
      return `client saw "${reason}"`;
    });

    await t("drop_transport reset (RST)", async (ctx) => {
      const s = await ctx.connect("/admin", { reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 100 });
      const gone = onceEvent(s, "disconnect");
      s.emit("drop_transport", { reset: true });
      const [reason] = await gone;
      await onceEvent(s, "connect");
      eq((await emitAck(s, "echo", "back"))[0], "back", "echo after reconnect");
      return `client saw "${reason}"`;
    });
  }

  // --- raw wire checks -----------------------------------------------------
  const raw = (label, fn) =>
    check(`${spec.name} raw ${label}`, async () => {
      const closers = [];
      try {
        return await fn((c) => (closers.push(c), c));
      } finally {
        for (const c of closers) c.terminate ? c.terminate() : c.close();
      }
    });

  await raw("websocket reserved names as EVENT", async (keep) => {
    const r = keep(new RawWs(peer));
    await r.handshake();
    r.send('42["emit_named",{"name":"connect","args":[1,"x"]}]');
    eq(await r.next((f) => f.startsWith("42")), '42["connect",1,"x"]', "connect frame");
    r.send('42["emit_named",{"name":"disconnect","args":[]}]');
    eq(await r.next((f) => f.startsWith("42")), '42["disconnect"]', "disconnect frame");
  });

  await raw("websocket close_engine", async (keep) => {
    const r = keep(new RawWs(peer));
    await r.handshake();
    r.send('42["close_engine"]');
    const { code } = await r.waitClose();
    const sawClose = r.frames.includes("1");
    // node: engine.io closes a websocket with a close frame and no CLOSE packet
    // python: python-engineio sends the CLOSE packet "1" first
    eq(sawClose, !spec.node, 'CLOSE packet "1" before the close');
    return `CLOSE packet: ${sawClose ? "yes" : "no"}, websocket close code ${code}`;
  });

  await raw("polling close_engine", async (keep) => {
    const r = keep(new RawPolling(peer));
    await r.handshake();
    // no GET pending when the server closes: the "1" waits for the next one
    await r.post('42["close_engine"]');
    await sleep(100);
    await r.until((p) => p === "1");
    return 'CLOSE packet "1" in the next poll';
  });

  await raw("polling echo 12 MiB text", async (keep) => {
    const r = keep(new RawPolling(peer));
    await r.handshake();
    const big = "é".repeat(6 << 20);
    const poll = r.get();
    await r.post("42" + JSON.stringify(["echo", { content: big }]));
    await poll;
    const back = await r.until((p) => p.startsWith('42["echo"'), 20000);
    const [name, arg] = JSON.parse(back.slice(2));
    assert(name === "echo" && arg.content === big, "12 MiB text differs");
    return `answer packet of ${back.length} characters`;
  });

  for (const reset of [false, true]) {
    await raw(`websocket drop_transport${reset ? " reset" : ""}`, async (keep) => {
      const r = keep(new RawWs(peer));
      await r.handshake();
      let error = null;
      r.ws.on("error", (e) => (error = e.code || e.message));
      r.send(`42["drop_transport",{"reset":${reset}}]`);
      const { code } = await r.waitClose();
      // 1006: the TCP connection ended without a websocket close frame
      eq([code, r.frames.filter((f) => f === "1")], [1006, []], "close code, CLOSE packets");
      return `close code ${code}${error ? `, ${error}` : ""}`;
    });

    await raw(`polling drop_transport${reset ? " reset" : ""}`, async (keep) => {
      const r = keep(new RawPolling(peer));
      await r.handshake();
      const poll = r.get().then((p) => `answered ${JSON.stringify(p)}`, (e) => `failed: ${e.cause ? e.cause.code || e.cause.message : e.message}`);
      await sleep(50);
      const post = r.post(`42["drop_transport",{"reset":${reset}}]`).then(() => "ok", (e) => `failed: ${e.cause ? e.cause.code || e.cause.message : e.message}`);
      const got = await withTimeout(poll, STEP_TIMEOUT, "pending GET");
      assert(got.startsWith("failed"), `pending GET ${got}`);
      return `pending GET ${got}; POST ${await post}`;
    });
  }

  if (spec.eio === 4 && !spec.node) {
    await raw("EIO=3 refused", async () => {
      const res = await fetch(`${peer.url}/socket.io/?EIO=3&transport=polling`);
      eq(res.status, 400, "status");
      return `${res.status} ${(await res.text()).trim()}`;
    });
  }

  if (spec.node) {
    await raw("websocket go_silent", async (keep) => {
      const r = keep(new RawWs(peer));
      await r.handshake();
      // the heartbeat works before
      if (spec.eio === 4) {
        await r.next((f) => f === "2", PING_INTERVAL + 1000);
        r.send("3");
      } else {
        r.send("2");
        await r.next((f) => f === "3");
      }
      r.send('42["go_silent"]');
      await sleep(50);
      r.frames.length = 0;
      const start = Date.now();
      const pinger = setInterval(() => {
        if (r.ws.readyState !== WebSocket.OPEN) return;
        if (spec.eio === 3) r.send("2"); // v3: the client pings
        r.send('42["echo","are you there?"]');
      }, PING_INTERVAL / 2);
      await sleep(SILENCE_MS);
      clearInterval(pinger);
      eq(r.frames, [], `frames within ${SILENCE_MS} ms of go_silent`);
      assert(!r.closed, `closed (${r.closed && r.closed.code}) after ${Date.now() - start} ms`);
      assert(!r.ended, "FIN received");
      return `${SILENCE_MS} ms: no byte, no close`;
    });

    await raw("polling go_silent", async (keep) => {
      const r = keep(new RawPolling(peer));
      await r.handshake();
      await r.post('42["go_silent"]');
      // A poll that is never answered nor closed, and a POST never read.
      let outcome = "pending";
      const poll = r.get().then((p) => (outcome = `answered ${JSON.stringify(p)}`), (e) => (outcome = e.name === "AbortError" ? outcome : `failed ${e.message}`));
      let postOutcome = "pending";
      r.post('42["echo",1]').then(() => (postOutcome = "answered"), (e) => (postOutcome = e.name === "AbortError" ? postOutcome : `failed ${e.message}`));
      await sleep(SILENCE_MS);
      eq(outcome, "pending", "GET");
      eq(postOutcome, "pending", "POST");
      r.close();
      await poll;
      return `${SILENCE_MS} ms: poll and POST left hanging`;
    });
  }

  const { code, ms, rest } = await peer.stop();
  await check(`${spec.name} SIGTERM`, async () => {
    eq(code, 0, "exit status");
    eq(rest, "", "stdout after LISTENING");
    assert(ms < 2000, `exit took ${ms} ms`);
    return `exit 0 after ${ms} ms`;
  });
  if (failed && !VERBOSE) process.stderr.write(`--- ${spec.name} log (last lines)\n${peer.log.join("").split("\n").slice(-30).join("\n")}\n`);
}

async function recoveryChecks() {
  const spec = PEERS[0];
  const peer = new Peer(spec, ["--recovery"]);
  await peer.ready;
  for (const transport of ["polling", "websocket"]) {
    await check(`node4 --recovery ${transport} connection state recovery`, async () => {
      const ctx = new Ctx(peer, transport);
      try {
        const s = ctx.open("/admin", { reconnection: true, reconnectionDelay: 700, reconnectionDelayMax: 700 });
        const rec = recorder(s);
        await ctx.waitConnect(s);
        const [before] = await emitAck(s, "whoami");
        eq(before.recovered, false, "recovered on first connect");
        // The client sends its offset only once it has received an event.
        s.emit("echo", "hi");
        await rec.next("echo");
        s.emit("later", { delay_ms: 200, count: 3, event: "missed" });
        await sleep(50); // `later` must arrive before the drop
        const gone = onceEvent(s, "disconnect");
        s.emit("drop_transport");
        await gone;
        await onceEvent(s, "connect", 5000);
        eq(s.recovered, true, "client socket.recovered");
        const [after] = await emitAck(s, "whoami");
        eq([after.sid, after.recovered], [before.sid, true], "sid, recovered");
        // With recovery every event carries its offset as an extra last arg.
        for (let i = 0; i < 3; i++) {
          const args = await rec.next("missed");
          eq([args[0], args.length, typeof args[1]], [i, 2, "string"], `missed ${i} (value, arg count, offset)`);
        }
      } finally {
        ctx.close();
      }
    });
  }
  await peer.stop();
}

const started = Date.now();
const selected = PEERS.filter((p) => !ONLY || ONLY.includes(p.name));
const jobs = selected.map((spec) => peerChecks(spec));
if (!ONLY || ONLY.includes("node4")) jobs.push(recoveryChecks());
await Promise.all(jobs);
console.log(`(${((Date.now() - started) / 1000).toFixed(1)} s)`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed || !passed ? 1 : 0);
