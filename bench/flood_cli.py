#!/usr/bin/env python3
"""Flood benchmark of switchboard-cli: the same measurement as flood_client.py/.js.

    flood_cli.py CLI_BINARY URL [--seconds S] [--size N] [--transport websocket]

Starts `CLI_BINARY --url URL`, waits for the connected line, emits "flood" {seconds, size}
on its stdin, counts the `tick` event lines it prints until `flood_done`, and prints one
JSON line: {"client": "switchboard-cli", "events", "seconds", "events_per_s", "peak_rss_kib"}.
"""
import argparse
import json
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


def main():
    p = argparse.ArgumentParser()
    p.add_argument('cli')
    p.add_argument('url')
    p.add_argument('--seconds', type=float, default=5)
    p.add_argument('--size', type=int, default=16)
    p.add_argument('--transport', default='websocket')
    args = p.parse_args()
    proc = start_connected(args.cli, args.url, args.transport)
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
    proc.stdin.close()
    proc.wait(timeout=30)
    print(json.dumps({'client': 'switchboard-cli', 'events': events, 'seconds': round(seconds, 6),
                      'events_per_s': round(events / seconds, 1), 'server_count': count,
                      'peak_rss_kib': rss}))
    if count is not None and count != events:
        print(f'switchboard-cli received {events} of {count} events', file=sys.stderr)
        sys.exit(1)


if __name__ == '__main__':
    main()
