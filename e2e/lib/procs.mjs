// Child processes: start them in their own process group with their output in
// a log file, wait for ports and lines, and stop them (the whole group).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { sleep } from './util.mjs';

/** The first executable named `name` on PATH or in `extraDirs`, or null. */
export function which(name, extraDirs = []) {
  const dirs = [...(process.env.PATH || '').split(path.delimiter), ...extraDirs];
  for (const dir of dirs) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

/**
 * Starts `cmd args` detached (its own process group, so that stop() reaches
 * its children too) with stdout and stderr appended to `logFile`.
 * `onStdoutLine(line)` (optional) sees each stdout line as well.
 */
export function startProcess(name, cmd, args, { env, cwd, logFile, onStdoutLine } = {}) {
  const out = fs.createWriteStream(logFile, { flags: 'a' });
  out.write(`\n===== ${new Date().toISOString()} ${cmd} ${args.join(' ')}\n`);
  const child = spawn(cmd, args, {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc = {
    name,
    child,
    pid: child.pid,
    logFile,
    exited: false,
    exitCode: null,
    signal: null,
    spawnError: null,
  };
  let pending = '';
  child.stdout.on('data', (chunk) => {
    out.write(chunk);
    if (!onStdoutLine) return;
    pending += chunk.toString('utf8');
    let nl;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl).replace(/\r$/, '');
      pending = pending.slice(nl + 1);
      try {
        onStdoutLine(line);
      } catch {
        // a listener's error must not break the pipe
      }
    }
  });
  child.stderr.on('data', (chunk) => out.write(chunk));
  child.on('error', (err) => {
    proc.spawnError = err;
    proc.exited = true;
    out.write(`\n[e2e] could not start ${cmd}: ${err.message}\n`);
  });
  proc.done = new Promise((resolve) => {
    child.on('close', (code, signal) => {
      proc.exited = true;
      proc.exitCode = code;
      proc.signal = signal;
      out.end(`\n[e2e] ${name} exited (code ${code}, signal ${signal})\n`);
      resolve();
    });
    child.on('error', () => resolve());
  });
  proc.stop = () => stopGroup(proc);
  return proc;
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

/** SIGTERM to the process group, then SIGKILL after `graceMs`. */
export async function stopGroup(proc, graceMs = 3000) {
  if (!proc || !proc.pid) return;
  if (!proc.exited) {
    signalGroup(proc.pid, 'SIGTERM');
    const deadline = Date.now() + graceMs;
    while (!proc.exited && Date.now() < deadline) await sleep(50);
  }
  // The leader may be gone while others in its group live on: make sure.
  signalGroup(proc.pid, 'SIGKILL');
  if (!proc.exited) await Promise.race([proc.done, sleep(1000)]);
}

/** Resolves once something accepts TCP connections on host:port. */
export async function waitForPort(port, { host = '127.0.0.1', timeoutMs = 20000, proc } = {}) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc && proc.exited) {
      throw new Error(
        `${proc.name} exited (code ${proc.exitCode}, signal ${proc.signal}) before listening on ${port}; see ${proc.logFile}`,
      );
    }
    if (await canConnect(port, host)) return;
    await sleep(100);
  }
  throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
}

export function canConnect(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The last `lines` lines of a text file ('' if it can't be read). */
export function tail(file, lines = 40) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * PIDs of this user's processes whose environment holds `KEY=value`, optionally
 * only those running the executable `exe`. The runner gives everything it starts
 * through tauri-driver a unique marker, so it ends only processes it started.
 */
export function markedPids(key, value, { exe } = {}) {
  const needle = Buffer.from(`${key}=${value}\0`);
  const found = [];
  let entries = [];
  try {
    entries = fs.readdirSync('/proc');
  } catch {
    return found; // not Linux
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      if (exe && fs.readlinkSync(`/proc/${pid}/exe`) !== exe) continue;
      const environ = fs.readFileSync(`/proc/${pid}/environ`);
      if (environ.includes(needle)) found.push(pid);
    } catch {
      // gone, or not ours
    }
  }
  return found;
}

/** SIGTERM, then SIGKILL, to the given PIDs. */
export async function killPids(pids, graceMs = 2000) {
  if (!pids.length) return;
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const alive = (pid) => {
    try {
      process.kill(pid, 0);
      // a zombie still "exists": check its state
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return !/^\d+ \(.*\) Z/.test(stat);
    } catch {
      return false;
    }
  };
  const deadline = Date.now() + graceMs;
  while (pids.some(alive) && Date.now() < deadline) await sleep(50);
  for (const pid of pids.filter(alive)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
