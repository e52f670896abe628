#!/usr/bin/env python3
"""Flood benchmark of switchboard-cli: the same measurement as flood_client.py/.js.

    flood_cli.py CLI_BINARY URL [--seconds S] [--size N] [--transport websocket] [--history FILE]

Starts `CLI_BINARY --url URL`, waits for the connected line, emits "flood" {seconds, size}
on its stdin, counts the `tick` event lines it prints until `flood_done`, and prints one
JSON line: {"client": "switchboard-cli", "events", "seconds", "events_per_s", "peak_rss_kib"}
(client "switchboard-cli+history" when every event is also kept in the SQLite file FILE).
"""
import argparse
import json
import os
import sys
import time

from cli_harness import start_connected


def peak_rss_kib(pid):
    try:
        with open(f'/proc/{pid}/status') as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def cpu_seconds(pid):
    """User + system CPU time of a process so far (its threads included)."""
    try:
        with open(f'/proc/{pid}/stat') as f:
            fields = f.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
    except (OSError, IndexError, ValueError):
        return None


def main():
    p = argparse.ArgumentParser()
    p.add_argument('cli')
    p.add_argument('url')
    p.add_argument('--seconds', type=float, default=5)
    p.add_argument('--size', type=int, default=16)
    p.add_argument('--transport', default='websocket')
    p.add_argument('--history')
    args = p.parse_args()
    extra = ['--history', args.history] if args.history else []
    proc = start_connected(args.cli, args.url, args.transport, extra)
    start = time.perf_counter()
    proc.stdin.write(json.dumps({'type': 'emit', 'event': 'flood',
                                 'args': [{'seconds': args.seconds, 'size': args.size}]}) + '\n')
    proc.stdin.flush()
    events, count = 0, None
    for line in proc.stdout:
        # Cheap test first: most lines are ticks.
        if '"tick"' in line:
            events += 1
            continue
        msg = json.loads(line)
        if msg.get('event') == 'flood_done':
            count = msg['args'][0].get('count')
            break
        if msg.get('type') == 'connection' and msg.get('state') == 'disconnected':
            sys.exit(f'switchboard-cli lost the connection: {msg}')
    seconds = time.perf_counter() - start
    rss = peak_rss_kib(proc.pid)
    cpu = cpu_seconds(proc.pid)
    proc.stdin.close()
    proc.wait(timeout=30)
    client = 'switchboard-cli+history' if args.history else 'switchboard-cli'
    print(json.dumps({'client': client, 'events': events, 'seconds': round(seconds, 6),
                      'events_per_s': round(events / seconds, 1), 'server_count': count,
                      'peak_rss_kib': rss,
                      'cpu_us_per_event': round(cpu * 1e6 / events, 2) if cpu and events else None}))
    if count is not None and count != events:
        print(f'switchboard-cli received {events} of {count} events', file=sys.stderr)
        sys.exit(1)


if __name__ == '__main__':
    main()
