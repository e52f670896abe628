#!/usr/bin/env python3
"""Flood benchmark of switchboard-cli: the same measurement as flood_client.py/.js.

    flood_cli.py CLI_BINARY URL[,URL...] [--count C --kind text|json|binary|stamp] [--size N]
                 [--rate R] [--connections K] [--seconds S] [--transport websocket] [--history FILE]
                 [--slow-reader MB_PER_S]

Starts CLI_BINARY in API mode (no --url), sends K `connect` actions (ids c00, c01, ...; the
i-th to the i-th URL, round robin), and once all are connected emits "flood" on each:
{count: C, size, kind} (exactly C ticks per connection) or, without --count, the old
time-based {seconds, size}. Counts the `tick` lines it prints per id (by their first bytes,
without parsing them) until every `flood_done`, and prints one JSON line: {"client":
"switchboard-cli", "kind", "size", "connections", "count", "events", "seconds",
"events_per_s", "mb_per_s", "cpu_s", "cpu_us_per_event", "peak_rss_kib", "server_count"}
(client "switchboard-cli+history" when every event is also kept in the SQLite file FILE).
CPU is the CLI process's user + system time (/proc/PID/stat, all its threads) from the
flood emits to the last flood_done. Exits 1 when a connection got other than C ticks.
Kind "stamp" with --rate R: each tick is its send time, and the line adds the latency from
the server's emit to this harness reading the CLI's line: "latency_ms_p50", "_p99", "_max".
"""
import argparse
import collections
import fcntl
import json
import os
import re
import subprocess
import sys
import time

# A read under this many bytes means the CLI writes slowly: wait a little before the next.
QUIET = 64 * 1024
# Blocks whose first line is shorter than 1/MANY_LINES of the block have their ticks counted by
# a regex over the block (a byte at a time: slower than finding the lines with memchr when
# they are long, such as 87 KB of base64).
MANY_LINES = 64


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


def flood_record(client, args, events, seconds, cpu, rss_kib, **extra):
    """One flood's JSON line, the same for every client (see flood_fair.py)."""
    record = {'client': client, **extra}
    if args.count is not None:
        record.update(kind=args.kind, size=args.size, connections=args.connections,
                      count=args.count * args.connections)
    record.update(events=events, seconds=round(seconds, 6), events_per_s=round(events / seconds, 1),
                  mb_per_s=round(events * args.size / seconds / 1e6, 2), cpu_s=round(cpu, 4),
                  cpu_us_per_event=round(cpu * 1e6 / events, 3) if events else None,
                  peak_rss_kib=rss_kib)
    return record


def shortfalls(label, received, sent, count):
    """Each connection that received other than the server sent (or than `count`, when fixed)."""
    return [f'{label(i)}: received {n} ticks of {count if count is not None else s} (server sent {s})'
            for i, (n, s) in enumerate(zip(received, sent))
            if n != s or (count is not None and n != count)]


def latency_fields(rate, latencies):
    """p50, p99 and max of the stamped ticks' latencies (ms)."""
    if not latencies:
        return {}
    xs = sorted(latencies)
    at = lambda q: round(xs[min(len(xs) - 1, int(q * len(xs)))], 3)
    return {'rate': rate, 'latency_ms_p50': at(0.5), 'latency_ms_p99': at(0.99), 'latency_ms_max': round(xs[-1], 3)}


def blocks(fd, pace=None, eager=False):
    """(data, end) for each read from fd (1 MiB at most): data[:end] is its whole lines (not
    copied out); with `pace` (MB/s), a slow reader: it sleeps after each read as long as that
    takes.

    Otherwise, unless `eager`, a read that found less than QUIET bytes is followed by a
    millisecond's sleep, so the next one takes what gathered: reading each few lines as they
    came cost this harness about 2.4 s of CPU per million events (46k reads, each a wakeup
    that the CLI's writes paid for too), taken from the server and the CLI on a 2-core
    machine. The pipe holds 1 MiB, so the CLI does not wait on it meanwhile."""
    try:
        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, 1 << 20)
    except (OSError, AttributeError):
        pass
    rest = b''
    while True:
        chunk = os.read(fd, 1 << 20)
        if pace:
            time.sleep(len(chunk) / (pace * 1e6))
        elif not eager and 0 < len(chunk) < QUIET:
            time.sleep(0.001)
        if not chunk:
            return
        data = rest + chunk if rest else chunk
        end = data.rfind(b'\n') + 1
        if end:
            yield data, end
        rest = data[end:]


def lines_of(data, end):
    """(start, stop) of each line in data[:end], found with memchr (splitlines looks at every byte)."""
    pos = 0
    while (nl := data.find(b'\n', pos, end)) >= 0:
        yield pos, nl
        pos = nl + 1


def main():
    p = argparse.ArgumentParser()
    p.add_argument('cli')
    p.add_argument('url')
    p.add_argument('--seconds', type=float, default=5)
    p.add_argument('--size', type=int, default=16)
    p.add_argument('--count', type=int, help='ticks per connection (fixed-count flood)')
    p.add_argument('--kind', default='text', choices=['text', 'json', 'binary', 'stamp'])
    p.add_argument('--rate', type=float, help='ticks per second per connection (paced by the server)')
    p.add_argument('--connections', type=int, default=1)
    p.add_argument('--transport', default='websocket')
    p.add_argument('--history')
    p.add_argument('--slow-reader', type=float, metavar='MB_PER_S',
                   help='read the CLI\'s output at most this fast (its memory must stay flat)')
    args = p.parse_args()
    extra = ['--history', args.history] if args.history else []
    proc = subprocess.Popen([args.cli, *extra], stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
    urls, ids = args.url.split(','), [f'c{i:02d}' for i in range(args.connections)]

    def send(actions):
        proc.stdin.write(''.join(json.dumps(a) + '\n' for a in actions).encode())

    send({'type': 'connect', 'id': cid, 'options': {'url': urls[i % len(urls)], 'transport': args.transport,
                                                   'reconnect': False}} for i, cid in enumerate(ids))
    # A tick line starts with these bytes (the CLI writes an update's fields in this order);
    # any other line is parsed, so a change of format is slower, not wrong. Ticks are
    # counted a block at a time by a regex, not a line at a time by Python: this harness
    # shares the machine with the server and the CLI, and a Python loop per line took
    # about 2 µs of CPU per event from them.
    tick = rb'\{"type":"event","id":"(c\d\d)","direction":"in","namespace":"/","event":"tick"'
    tick_line, ticks_after_newlines = re.compile(tick), re.compile(b'\n' + tick)
    counts, sent, connected = dict.fromkeys(ids, 0), {}, set()
    spec = ({'seconds': args.seconds, 'size': args.size} if args.count is None
            else {'count': args.count, 'size': args.size, 'kind': args.kind})
    if args.rate:
        spec['rate'] = args.rate
    stamped = args.kind == 'stamp'
    latencies = []
    cpu0 = start = None
    done = False
    # Stamped ticks are read as they come: their latency includes this read.
    for data, end in blocks(proc.stdout.fileno(), args.slow_reader, eager=stamped):
        if not stamped and data.find(b'\n') < end // MANY_LINES:
            # The first line, then every line after a newline.
            first = tick_line.match(data, 0, end)
            found = collections.Counter(ticks_after_newlines.findall(data, 0, end))
            if first and sum(found.values()) + 1 == data.count(b'\n', 0, end):
                found[first[1]] += 1
                for cid, n in found.items():
                    counts[cid.decode()] += n
                continue
        for a, b in lines_of(data, end):
            if m := tick_line.match(data, a, b):
                counts[m[1].decode()] += 1
                if stamped:
                    latencies.append(time.time() * 1000 - json.loads(data[a:b])['args'][0])
                continue
            msg = json.loads(data[a:b])
            if msg.get('type') == 'connection' and msg.get('state') == 'connected':
                connected.add(msg['id'])
                if len(connected) == len(ids):
                    cpu0, start = cpu_seconds(proc.pid), time.perf_counter()
                    send({'type': 'emit', 'id': cid, 'event': 'flood', 'args': [spec]} for cid in ids)
            elif msg.get('type') == 'connection' and msg.get('state') == 'disconnected':
                sys.exit(f'switchboard-cli lost a connection: {msg}')
            elif msg.get('type') == 'event' and msg.get('direction') == 'in' and msg.get('event') == 'tick':
                counts[msg['id']] += 1
            elif msg.get('type') == 'event' and msg.get('direction') == 'in' and msg.get('event') == 'flood_done':
                sent[msg['id']] = msg['args'][0].get('count')
                done = len(sent) == len(ids)
        if done:
            break
    else:
        sys.exit(f'switchboard-cli ended: {len(sent)} of {len(ids)} floods done')
    seconds = time.perf_counter() - start
    cpu = cpu_seconds(proc.pid) - cpu0
    rss = peak_rss_kib(proc.pid)
    proc.stdin.close()
    proc.wait(timeout=30)
    events = sum(counts.values())
    extra = {'slow_reader_mb_per_s': args.slow_reader} if args.slow_reader else {}
    extra.update(latency_fields(args.rate, latencies))
    record = flood_record('switchboard-cli+history' if args.history else 'switchboard-cli', args, events, seconds,
                          cpu, rss, **extra)
    record['server_count'] = sum(sent.values())
    print(json.dumps(record), flush=True)
    bad = shortfalls(lambda i: ids[i], [counts[c] for c in ids], [sent[c] for c in ids], args.count)
    if bad:
        sys.exit('switchboard-cli: ' + '; '.join(bad))


if __name__ == '__main__':
    main()
