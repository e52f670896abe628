// switchboard-cli in API mode, driven from a test: JSON actions in, updates out.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

/** switchboard-cli in API mode, with a line reader. */
export function startCli(root) {
  const cli = spawn(path.join(root, 'target', 'debug', 'switchboard-cli'), [], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = [];
  const lines = [];
  readline.createInterface({ input: cli.stdout }).on('line', (line) => {
    let msg;
    try { msg = JSON.parse(line); } catch { return; }
    // A waiting `next` takes the line; otherwise it is kept for a later one.
    const w = waiting.find((x) => x.pred(msg));
    if (w) {
      waiting.splice(waiting.indexOf(w), 1);
      clearTimeout(w.timer);
      w.resolve(msg);
    } else {
      lines.push(msg);
    }
  });
  return {
    send: (action) => cli.stdin.write(JSON.stringify(action) + '\n'),
    next: (pred, ms = 15000) => {
      const found = lines.find(pred);
      if (found) { lines.splice(lines.indexOf(found), 1); return Promise.resolve(found); }
      return new Promise((resolve, reject) => {
        const w = { pred, resolve };
        w.timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(w), 1);
          reject(new Error('switchboard-cli printed nothing matching in time'));
        }, ms);
        waiting.push(w);
      });
    },
    stop: () => { cli.stdin.end(); setTimeout(() => cli.kill(), 3000); },
  };
}

