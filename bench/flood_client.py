#!/usr/bin/env python3
"""Flood benchmark client (python-socketio AsyncClient): what receiving a flood costs this process.

    flood_client.py URL[,URL...] [--count C --kind text|json|binary] [--size N]
                    [--connections K] [--seconds S] [--namespace /] [--transports websocket]

Opens K clients (the i-th to the i-th URL, round robin), emits "flood" on each:
{count: C, size, kind} (exactly C ticks per client) or, without --count, the old
time-based {seconds, size}. Counts "tick" per client until every "flood_done" and prints
one JSON line: {"client": "python", "kind", "size", "connections", "count", "events",
"seconds", "events_per_s", "mb_per_s", "cpu_s", "cpu_us_per_event", "peak_rss_kib"}.
"seconds" and the CPU (getrusage(RUSAGE_SELF), user + system) run from the flood emits to
the last flood_done. Exits 1 when a client got other than C ticks (or than the server's count).
"""
import argparse
import asyncio
import json
import resource
import sys
import time

import socketio
from engineio.payload import Payload

from flood_cli import flood_record, shortfalls

# python-engineio refuses a long-polling response with more than 16 packets
# ("Too many packets in payload" -> transport error), and both servers pack
# everything queued into one response. Lift the cap for this client only.
Payload.max_decode_packets = 1_000_000


def cpu_seconds():
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


async def flood(args):
    ns, urls = args.namespace, args.url.split(',')
    # ssl_verify=False: the test servers use self-signed certificates.
    clients = [socketio.AsyncClient(reconnection=False, ssl_verify=False) for _ in range(args.connections)]
    counts = [0] * args.connections
    loop = asyncio.get_running_loop()
    dones = [loop.create_future() for _ in clients]

    for i, client in enumerate(clients):
        def on_tick(*_, i=i):
            counts[i] += 1

        def on_done(info=None, *_, i=i):
            if not dones[i].done():
                dones[i].set_result((info or {}).get('count'))

        client.on('tick', on_tick, namespace=ns)
        client.on('flood_done', on_done, namespace=ns)
    spec = ({'seconds': args.seconds, 'size': args.size} if args.count is None
            else {'count': args.count, 'size': args.size, 'kind': args.kind})
    try:
        for i, client in enumerate(clients):
            await client.connect(urls[i % len(urls)], namespaces=[ns],
                                 transports=args.transports.split(','), wait_timeout=10)
        cpu0, start = cpu_seconds(), time.perf_counter()
        for client in clients:
            await client.emit('flood', spec, namespace=ns)
        sent = await asyncio.wait_for(asyncio.gather(*dones),
                                      args.seconds + 60 if args.count is None else 900)
        seconds, cpu = time.perf_counter() - start, cpu_seconds() - cpu0
    finally:
        for client in clients:
            await client.disconnect()
    events = sum(counts)
    record = flood_record('python', args, events, seconds, cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    print(json.dumps(record), flush=True)
    bad = shortfalls(lambda i: f'client {i}', counts, sent, args.count)
    if bad:
        sys.exit('flood_client.py: ' + '; '.join(bad))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('url')
    p.add_argument('--seconds', type=float, default=3)
    p.add_argument('--size', type=int, default=64)
    p.add_argument('--count', type=int, help='ticks per connection (fixed-count flood)')
    p.add_argument('--kind', default='text', choices=['text', 'json', 'binary'])
    p.add_argument('--connections', type=int, default=1)
    p.add_argument('--namespace', default='/')
    p.add_argument('--transports', default='websocket')
    args = p.parse_args()
    try:
        asyncio.run(flood(args))
    except (socketio.exceptions.ConnectionError, asyncio.TimeoutError) as exc:
        sys.exit(f'flood_client.py: {type(exc).__name__}: {exc}')


if __name__ == '__main__':
    main()
