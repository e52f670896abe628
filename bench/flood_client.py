#!/usr/bin/env python3
"""Flood benchmark client (python-socketio AsyncClient).

    flood_client.py URL [--seconds S] [--size N] [--namespace /]
                        [--transports websocket,polling]

Connects to URL, emits "flood" {seconds, size}, counts "tick" events until
"flood_done" and prints one JSON line:
    {"client": "python", "events": n, "seconds": s, "events_per_s": x}
"seconds" runs from the flood emit to flood_done. Exits 1 when the count
differs from the one the server reports, or on connection errors.
"""
import argparse
import asyncio
import json
import sys
import time

import socketio
from engineio.payload import Payload

# python-engineio refuses a long-polling response with more than 16 packets
# ("Too many packets in payload" -> transport error), and both servers pack
# everything queued into one response. Lift the cap for this client only.
Payload.max_decode_packets = 1_000_000


async def flood(args):
    # ssl_verify=False: the test servers use self-signed certificates.
    client = socketio.AsyncClient(reconnection=False, ssl_verify=False)
    ns = args.namespace
    events = 0
    done = asyncio.get_running_loop().create_future()

    def on_tick(*_):
        nonlocal events
        events += 1

    def on_done(info=None, *_):
        if not done.done():
            done.set_result((time.perf_counter(), (info or {}).get('count')))

    client.on('tick', on_tick, namespace=ns)
    client.on('flood_done', on_done, namespace=ns)
    try:
        await client.connect(args.url, namespaces=[ns],
                             transports=args.transports.split(','),
                             wait_timeout=10)
        start = time.perf_counter()
        await client.emit('flood', {'seconds': args.seconds, 'size': args.size},
                          namespace=ns)
        end, count = await asyncio.wait_for(done, args.seconds + 60)
    finally:
        await client.disconnect()
    seconds = end - start
    print(json.dumps({
        'client': 'python',
        'events': events,
        'seconds': round(seconds, 6),
        'events_per_s': round(events / seconds, 1),
    }), flush=True)
    if count != events:
        sys.exit(f'flood_client.py: server sent {count} ticks, '
                 f'received {events}')


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('url')
    p.add_argument('--seconds', type=float, default=3)
    p.add_argument('--size', type=int, default=64)
    p.add_argument('--namespace', default='/')
    p.add_argument('--transports', default='websocket')
    args = p.parse_args()
    try:
        asyncio.run(flood(args))
    except (socketio.exceptions.ConnectionError, asyncio.TimeoutError) as exc:
        sys.exit(f'flood_client.py: {type(exc).__name__}: {exc}')


if __name__ == '__main__':
    main()
