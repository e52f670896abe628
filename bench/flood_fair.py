#!/usr/bin/env python3
"""Fixed-count floods, clients in turn, with the server's CPU share of each: issue 18's fair flood.

    flood_fair.py CLI_BINARY [--rounds 3] [--connections 1,4,16] [--servers 1]

Starts SERVERS Node echo servers (servers/echo_node/server.js; connection i goes to server
i mod SERVERS), then for each round, payload and connection count runs each client in turn
(switchboard-cli through flood_cli.py, Node socket.io-client, python-socketio) on one
fixed-count flood of COUNT events in all (COUNT / K per connection). Payloads and their
total counts (environment variables override the counts for a quick run):
    text    16 characters   BENCH_TEXT_COUNT    1,000,000
    json    about 1 KiB     BENCH_JSON_COUNT      200,000
    binary  64 KiB          BENCH_BINARY_COUNT     20,000
Prints each client's JSON line (see the clients) with `round` and the servers' CPU while it
ran: `server_cpu_share`, the busiest server's CPU seconds (/proc/PID/stat) over the flood's
seconds, 1.0 = one core, so near 1.0 means that figure is server-bound. Exits 1 if a client
fails (a shortfall of events included). A client that has not finished after
BENCH_CLIENT_TIMEOUT seconds (default 900) is stopped and printed as `timed_out`: python-socketio
can hang at 16 connections ("packet queue is empty, aborting"), which fails only its own line;
switchboard-cli or Node timing out fails the run.
"""
import argparse
import json
import os
import subprocess
import sys
import time

from flood_cli import cpu_seconds

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PAYLOADS = [('text', 16, 'BENCH_TEXT_COUNT', 1_000_000),
            ('json', 1024, 'BENCH_JSON_COUNT', 200_000),
            ('binary', 65536, 'BENCH_BINARY_COUNT', 20_000)]


def start_server():
    proc = subprocess.Popen(['node', os.path.join(ROOT, 'servers/echo_node/server.js'), '--port', '0',
                             '--max-buffer', '300000000'], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    if not line.startswith('LISTENING'):
        sys.exit(f'flood_fair.py: the echo server did not start: {line!r}')
    return proc, f'http://127.0.0.1:{line.split()[1]}/'


def main():
    p = argparse.ArgumentParser()
    p.add_argument('cli')
    p.add_argument('--rounds', type=int, default=3)
    p.add_argument('--connections', default='1,4,16')
    p.add_argument('--servers', type=int, default=1)
    args = p.parse_args()
    servers = [start_server() for _ in range(args.servers)]
    url = ','.join(u for _, u in servers)
    py = sys.executable
    clients = {
        'switchboard-cli': [py, os.path.join(HERE, 'flood_cli.py'), args.cli, url],
        'node': ['node', os.path.join(HERE, 'flood_client.js'), url],
        'python': [py, os.path.join(HERE, 'flood_client.py'), url],
    }
    failed = False
    timeout = float(os.environ.get('BENCH_CLIENT_TIMEOUT', 900))
    try:
        for rnd in range(1, args.rounds + 1):
            for kind, size, env, default in PAYLOADS:
                total = int(os.environ.get(env, default))
                for k in map(int, args.connections.split(',')):
                    for name, cmd in clients.items():
                        before = [cpu_seconds(s.pid) for s, _ in servers]
                        try:
                            run = subprocess.run([*cmd, '--count', str(total // k), '--size', str(size),
                                                  '--kind', kind, '--connections', str(k)],
                                                 stdout=subprocess.PIPE, text=True, timeout=timeout)
                        except subprocess.TimeoutExpired:
                            print(json.dumps({'client': name, 'kind': kind, 'size': size, 'connections': k,
                                              'round': rnd, 'timed_out': timeout}), flush=True)
                            failed = failed or name != 'python'
                            continue
                        after = [cpu_seconds(s.pid) for s, _ in servers]
                        if run.returncode or not run.stdout.strip():
                            print(f'flood_fair.py: {name} {kind} x{k} failed ({run.returncode})', file=sys.stderr)
                            failed = True
                            continue
                        rec = json.loads(run.stdout.strip().splitlines()[-1])
                        busiest = max(a - b for a, b in zip(after, before))
                        rec.update(round=rnd, servers=args.servers,
                                   server_cpu_share=round(busiest / rec['seconds'], 3))
                        print(json.dumps(rec), flush=True)
    finally:
        for s, _ in servers:
            s.terminate()
            s.wait()
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
