#!/usr/bin/env python3
"""Ack round trips of switchboard-cli: the same measurement as acks_client.js.

    acks_cli.py CLI_BINARY URL --in-flight N [--seconds S]

Starts `CLI_BINARY --url URL --transport websocket`, keeps N `ack_echo` emits with an ack
in flight (each answer sends the next), counts answers for S seconds and prints one JSON
line: {"client": "switchboard-cli", "in_flight": N, "acks", "seconds", "acks_per_s"}.
"""
import argparse
import json
import sys
import time

from cli_harness import start_connected


def main():
    p = argparse.ArgumentParser()
    p.add_argument('cli')
    p.add_argument('url')
    p.add_argument('--in-flight', type=int, default=1)
    p.add_argument('--seconds', type=float, default=5)
    args = p.parse_args()
    proc = start_connected(args.cli, args.url, 'websocket')
    next_id = 0

    def emit(count):
        nonlocal next_id
        lines = []
        for _ in range(count):
            next_id += 1
            lines.append(json.dumps({'type': 'emit', 'event': 'ack_echo', 'args': [next_id], 'ack': True,
                                     'emit_id': next_id, 'ack_timeout_ms': 120000}))
        proc.stdin.write('\n'.join(lines) + '\n')
        proc.stdin.flush()

    start = time.perf_counter()
    end = start + args.seconds
    emit(args.in_flight)
    acks, outstanding = 0, args.in_flight
    for line in proc.stdout:
        if '"ack_timeout"' in line:
            sys.exit(f'an ack timed out: {line}')
        if '"type":"ack"' not in line:
            continue
        acks += 1
        outstanding -= 1
        if time.perf_counter() < end:
            emit(1)
            outstanding += 1
        elif outstanding == 0:
            break
    seconds = time.perf_counter() - start
    proc.stdin.close()
    proc.wait(timeout=30)
    print(json.dumps({'client': 'switchboard-cli', 'in_flight': args.in_flight, 'acks': acks,
                      'seconds': round(seconds, 6), 'acks_per_s': round(acks / seconds, 1)}))


if __name__ == '__main__':
    main()
