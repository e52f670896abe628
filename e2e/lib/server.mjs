// A reference server on a free port: the Python echo server (servers/echo_py/server.py)
// by default, any other that prints `LISTENING <port>`, or one of the Node servers.
import fs from 'node:fs';
import path from 'node:path';
import { startProcess } from './procs.mjs';
import { withTimeout } from './util.mjs';

/**
 * Starts `.venv/bin/python servers/echo_py/server.py --port 0` (or
 * $SWITCHBOARD_PYTHON) and waits for its `LISTENING <port>` line.
 * With `node: true` the script runs under this Node (servers/echo_node/server.js,
 * say) instead. Returns { proc, port, url }.
 */
export async function startEchoServer({
  root,
  outDir,
  timeoutMs = 30000,
  extraArgs = [],
  // Any reference server that prints `LISTENING <port>` (e.g. servers/session_host/server.py).
  scriptPath = path.join('servers', 'echo_py', 'server.py'),
  label = 'echo server',
  node = false,
}) {
  const python = process.env.SWITCHBOARD_PYTHON || path.join(root, '.venv', 'bin', 'python');
  const interpreter = node ? process.execPath : python;
  const script = path.join(root, scriptPath);
  if (!node && !fs.existsSync(python)) {
    throw new Error(`${python} not found: run scripts/install-deps.sh test (or make deps)`);
  }
  if (!fs.existsSync(script)) throw new Error(`${script} not found`);
  if (node && !fs.existsSync(path.join(path.dirname(script), 'node_modules'))) {
    throw new Error(`${path.dirname(script)}/node_modules not found: run scripts/install-deps.sh test (or make deps)`);
  }

  let onPort;
  const portSeen = new Promise((resolve) => (onPort = resolve));
  const proc = startProcess(
    label,
    interpreter,
    [script, '--host', '127.0.0.1', '--port', '0', ...extraArgs],
    {
      cwd: root,
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
      logFile: path.join(outDir, `${label.replace(/\W+/g, '-')}.log`),
      onStdoutLine: (line) => {
        const m = /^LISTENING (\d+)\s*$/.exec(line);
        if (m) onPort(Number(m[1]));
      },
    },
  );
  const exited = proc.done.then(() => {
    throw new Error(
      `the ${label} exited (code ${proc.exitCode}) before printing LISTENING; see ${proc.logFile}`,
    );
  });
  let port;
  try {
    port = await withTimeout(Promise.race([portSeen, exited]), timeoutMs, 'the echo server start');
  } catch (err) {
    await proc.stop();
    throw err;
  }
  exited.catch(() => {}); // it exiting later is reported by the tests that need it
  return { proc, port, url: `http://127.0.0.1:${port}` };
}
