#!/usr/bin/env bash
# make bench: fixed-count floods (16-char text, 1 KiB JSON, 64 KiB binary) over 1, 4 and 16
# connections from a local Node socket.io echo server to each client in turn (switchboard-cli,
# Node socket.io-client, python-socketio, bench/flood_fair.py); each client's CPU per event,
# events/s, MB/s, peak RSS and the server's CPU share go into bench/RESULTS.md as tables,
# with file memory, ack round trips, a 100 MiB console event and the history's figures.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

SECONDS_PER_RUN="${BENCH_SECONDS:-5}"
SIZE="${BENCH_SIZE:-16}"
ROUNDS="${BENCH_ROUNDS:-3}"
OUT=bench/out
mkdir -p "$OUT"

[ -n "${BENCH_SKIP_INSTALL:-}" ] || scripts/install-deps.sh test >/dev/null
cargo build --release -p switchboard-core --bin switchboard-cli --example encode_file --example send_file --example console_copies --example history_bench
cargo build --release -p socketio --example flood
CLI=target/release/switchboard-cli

# Memory of a send: a 100 MiB file read and encoded as a protocol needs it.
head -c $((100 * 1024 * 1024)) /dev/urandom >"$OUT/100MiB.bin"
target/release/examples/encode_file "$OUT/100MiB.bin" | tee "$OUT/encode.json"
# ... and the whole send: through The Space's reference server, until it confirms.
.venv/bin/python servers/space/server.py --port 0 --max-file-bytes $((110 * 1024 * 1024)) >"$OUT/space.port" 2>"$OUT/space.log" &
space=$!
for _ in $(seq 1 100); do grep -q LISTENING "$OUT/space.port" 2>/dev/null && break; sleep 0.1; done
SPACE_URL="http://127.0.0.1:$(awk '/LISTENING/ {print $2}' "$OUT/space.port")/"
# A second process in the room receives it (its own peak memory).
target/release/examples/send_file "$SPACE_URL" - --receive >"$OUT/receive.json" 2>"$OUT/receive.err" &
receiver=$!
for _ in $(seq 1 100); do grep -q JOINED "$OUT/receive.err" 2>/dev/null && break; sleep 0.1; done
target/release/examples/send_file "$SPACE_URL" "$OUT/100MiB.bin" | tee "$OUT/send.json"
wait $receiver
cat "$OUT/receive.json"
kill $space 2>/dev/null || true
# ... and a file exchange answer (binary: kept for a resend after a drop, plus the one
# going out), 40 MiB as the server takes at most 64 MiB of base64 in one event.
head -c $((40 * 1024 * 1024)) "$OUT/100MiB.bin" >"$OUT/40MiB.bin"
node servers/file_exchange/server.js --http --port 0 >"$OUT/file_exchange.port" 2>"$OUT/file_exchange.log" &
file_exchange=$!
for _ in $(seq 1 100); do grep -q LISTENING "$OUT/file_exchange.port" 2>/dev/null && break; sleep 0.1; done
target/release/examples/send_file "http://127.0.0.1:$(awk '/LISTENING/ {print $2}' "$OUT/file_exchange.port")/pku" "$OUT/40MiB.bin" \
  --file-exchange tok-pku | tee "$OUT/answer.json"
kill $file_exchange 2>/dev/null || true
rm -f "$OUT/100MiB.bin" "$OUT/40MiB.bin"


# The server takes events up to 300 MB (the console's 100 MiB event below).
node servers/echo_node/server.js --port 0 --max-buffer 300000000 >"$OUT/server.port" 2>"$OUT/server.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do grep -q LISTENING "$OUT/server.port" 2>/dev/null && break; sleep 0.1; done
PORT=$(awk '/LISTENING/ {print $2}' "$OUT/server.port")
URL="http://127.0.0.1:$PORT/"

# The fair flood: fixed counts, the client's own CPU per event (it starts its own servers).
# BENCH_TEXT_COUNT, BENCH_JSON_COUNT, BENCH_BINARY_COUNT make it shorter.
.venv/bin/python bench/flood_fair.py "$CLI" --rounds "$ROUNDS" | tee "$OUT/fair.jsonl"

# Timed floods of switchboard-cli with and without a history (HISTORY.md), and of the socketio
# crate alone (its example `flood`, no app API, no JSON lines), to tell its cost from the CLI's.
: >"$OUT/results.jsonl"
for round in $(seq 1 "$ROUNDS"); do
  .venv/bin/python bench/flood_cli.py "$CLI" "$URL" --seconds "$SECONDS_PER_RUN" --size "$SIZE" | tee -a "$OUT/results.jsonl"
  # The same with every event also kept in a history (a fresh SQLite file each round).
  rm -f "$OUT"/flood-history.sqlite3*
  .venv/bin/python bench/flood_cli.py "$CLI" "$URL" --seconds "$SECONDS_PER_RUN" --size "$SIZE" \
    --history "$OUT/flood-history.sqlite3" | tee -a "$OUT/results.jsonl"
  target/release/examples/flood "$URL" "$SECONDS_PER_RUN" | tee -a "$OUT/results.jsonl"
done

# Ack round trips with 1, 100 and 10,000 acks in flight, switchboard-cli and the Node client in turn.
: >"$OUT/acks.jsonl"
for round in $(seq 1 "$ROUNDS"); do
  for n in 1 100 10000; do
    .venv/bin/python bench/acks_cli.py "$CLI" "$URL" --in-flight "$n" --seconds "$SECONDS_PER_RUN" | tee -a "$OUT/acks.jsonl"
    node bench/acks_client.js "$URL" --in-flight "$n" --seconds "$SECONDS_PER_RUN" | tee -a "$OUT/acks.jsonl"
  done
done

# Latency at 1,000 events/s: the server stamps each tick with its send time (kind "stamp").
: >"$OUT/latency.jsonl"
for round in $(seq 1 "$ROUNDS"); do
  .venv/bin/python bench/flood_cli.py "$CLI" "$URL" --count 10000 --kind stamp --rate 1000 | tee -a "$OUT/latency.jsonl"
  node bench/flood_client.js "$URL" --count 10000 --kind stamp --rate 1000 | tee -a "$OUT/latency.jsonl"
done

# A 100 MiB string sent and received on a console connection, over each transport.
: >"$OUT/console.jsonl"
for transport in websocket polling; do
  target/release/examples/console_copies "$URL" "$transport" 100 | tee -a "$OUT/console.jsonl"
done

# The console's history: a million events written, then searched.
target/release/examples/history_bench "${BENCH_HISTORY_EVENTS:-1000000}" "$OUT/history.sqlite3" | tee "$OUT/history.jsonl"
rm -f "$OUT"/history.sqlite3* "$OUT"/flood-history.sqlite3*
.venv/bin/python bench/history_table.py "$OUT/history.jsonl" "$OUT/results.jsonl" >bench/HISTORY.md

.venv/bin/python - "$OUT/results.jsonl" "$SECONDS_PER_RUN" "$SIZE" "$ROUNDS" >bench/RESULTS.md <<'PY'
import json, os, statistics, sys, platform, datetime
path, seconds, size_arg, rounds = sys.argv[1:]
plural = '' if rounds == '1' else 's'
rows = [json.loads(l) for l in open(path) if l.strip()]
by = {}
for r in rows:
    by.setdefault(r['client'], []).append(r)
fair = [json.loads(l) for l in open(path.replace('results.jsonl', 'fair.jsonl')) if l.strip()]
timed_out = [r for r in fair if r.get('timed_out')]
fair = [r for r in fair if not r.get('timed_out')]
def mmm(xs, fmt):
    return f'{fmt(statistics.median(xs))} [{fmt(min(xs))}..{fmt(max(xs))}]' if xs else 'n/a'
print('# Flood benchmark\n')
print(f'`make bench` on {datetime.date.today()} ({platform.machine()}, {platform.system()}, {os.cpu_count()} cores): '
      'a local Node socket.io server (servers/echo_node) emits a fixed number of `tick` events, split over 1, 4 or 16 '
      'connections of one client process, to one client at a time over WebSocket (bench/flood_fair.py). '
      'The headline is what receiving them cost the client: its own user + system CPU from the flood emits until it had '
      'every event (switchboard-cli: /proc/PID/stat of the CLI, driven by a Python harness that counts its stdout lines; '
      'Node: process.cpuUsage(); Python: getrusage), divided by the events. Every client checks it got exactly the count. '
      f'{rounds} round{plural}, clients interleaved; median [min..max] over the rounds.\n')
print('Server CPU is the (busiest) server process\'s CPU over the flood\'s time, 1.00 = one core: at **0.90 or more** '
      'a row is marked *server-bound*, and its events/s and MB/s say how fast the server sends, not how fast the client '
      'could take them; CPU per event is the client\'s own either way.\n')
names = {'switchboard-cli': 'switchboard-cli', 'node': 'Node socket.io-client', 'python': 'python-socketio'}
for kind in dict.fromkeys(r['kind'] for r in fair):
    rs = [r for r in fair if r['kind'] == kind]
    size = rs[0]['size']
    what = {'text': f'{size}-character strings', 'json': f'JSON objects of about {size:,} bytes',
            'binary': f'binary of {size // 1024} KiB'}[kind]
    print(f"\n## {max(r['count'] for r in rs):,} × {what}\n")
    print('| connections | client | CPU per event (µs) | vs Node | events/s | MB/s | peak RSS | server CPU |')
    print('|---:|---|---:|---:|---:|---:|---:|---:|')
    for k in sorted({r['connections'] for r in rs}):
        cpu_med = {}
        for client in names:
            cr = [r for r in rs if r['connections'] == k and r['client'] == client]
            cpu = [r['cpu_us_per_event'] for r in cr if r.get('cpu_us_per_event')]
            if cpu:
                cpu_med[client] = statistics.median(cpu)
        for client, label in names.items():
            cr = [r for r in rs if r['connections'] == k and r['client'] == client]
            if not cr:
                print(f'| {k} | {label} | failed | | | | | |')
                continue
            cpu = [r['cpu_us_per_event'] for r in cr if r.get('cpu_us_per_event')]
            ratio = f"{cpu_med[client] / cpu_med['node']:.2f}×" if client in cpu_med and cpu_med.get('node') else ''
            share = [r['server_cpu_share'] for r in cr]
            bound = ' *server-bound*' if statistics.median(share) >= 0.9 else ''
            rss = max(r['peak_rss_kib'] or 0 for r in cr) / 1024
            bold = '**' if client == 'switchboard-cli' else ''
            print(f"| {k} | {label} | {bold}{mmm(cpu, lambda x: f'{x:,.2f}')}{bold} | {ratio} "
                  f"| {mmm([r['events_per_s'] for r in cr], lambda x: f'{x:,.0f}')} "
                  f"| {statistics.median([r['mb_per_s'] for r in cr]):,.1f} | {rss:.1f} MiB "
                  f"| {mmm(share, lambda x: f'{x:.2f}')}{bound} |")
for r in timed_out:
    print(f"\n{names[r['client']]} did not finish {r['kind']} over {r['connections']} connections in round {r['round']} "
          f"within {r['timed_out']:.0f} s and was stopped.")
print('\nswitchboard-cli prints every event as a JSON line to a pipe (a binary argument as base64), which the '
      'harness reads in blocks (a millisecond apart while little waits) and counts with a regex, so that it takes '
      'little CPU from the server and the CLI on a small machine; the other clients count in a callback. Its CPU comes from /proc in clock ticks (10 ms), '
      'so short runs round it. One server serves all connections here (`flood_fair.py --servers N` spreads them).')

by = {}
for r in [json.loads(l) for l in open(path) if l.strip()]:
    by.setdefault(r['client'], []).append(r)
print(f'\n## Timed floods\n\nThe same server emits {size_arg}-character `tick` strings for {seconds} s to switchboard-cli '
      'with and without `--history`, and to the socketio crate alone (its example `flood`: no app API, no JSON lines), '
      f'{rounds} round{plural}:\n')
print('| client | events/s (median) | min | max | CPU per event (median) | peak RSS |')
print('|---|---:|---:|---:|---:|---:|')
for client, rs in by.items():
    eps = [r['events_per_s'] for r in rs]
    rss = [r.get('peak_rss_kib') for r in rs if r.get('peak_rss_kib')]
    cpu = [r['cpu_us_per_event'] for r in rs if r.get('cpu_us_per_event')]
    print(f"| {client} | {statistics.median(eps):,.0f} | {min(eps):,.0f} | {max(eps):,.0f} | "
          f"{f'{statistics.median(cpu):.2f} µs' if cpu else 'n/a'} | {f'{max(rss) / 1024:.1f} MiB' if rss else 'n/a'} |")
print('\n`switchboard-cli+history` keeps every event in a SQLite history as the app does (`--history`); its CPU is '
      'what the flood cost while it ran (the history makes rows of it and indexes them after, when idle). '
      'These timed figures depend on how much CPU the client leaves the single-threaded server; the tables above do not.')
enc = json.load(open(path.replace('results.jsonl', 'encode.json')))
print('\n## Memory of a file send\n')
print(f"A {enc['file_bytes'] / 1048576:.0f} MiB file read and base64-encoded by `core/files` (release build): "
      f"peak RSS above the process's baseline {(enc['peak_rss_bytes'] - enc['baseline_rss_bytes']) / 1048576:.0f} MiB "
      f"= **{enc['copies']:.2f} copies** of the file (the encoded text alone is 1.33), in {enc['seconds']:.2f} s.")
send = json.load(open(path.replace('results.jsonl', 'send.json')))
print(f"\nThe whole send of that file to The Space's reference server, until `file_sent` confirmed it: "
      f"peak RSS above the baseline {(send['peak_rss_bytes'] - send['baseline_rss_bytes']) / 1048576:.0f} MiB "
      f"= **{send['copies']:.2f} copies**, in {send['seconds']:.2f} s. The encoded text is the one copy: "
      "the socketio crate serializes the event into 256 KiB WebSocket fragments as it sends them (socketio/src/stream.rs), "
      "so the text is never held a second time (rust_socketio held 5.40 copies).")
rec = json.load(open(path.replace('results.jsonl', 'receive.json')))
print(f"\nReceiving that file in a second process in the room, until it was decoded and checked: peak RSS above the "
      f"baseline {(rec['peak_rss_bytes'] - rec['baseline_rss_bytes']) / 1048576:.0f} MiB = **{rec['copies']:.2f} copies**: "
      "the message as it arrived and the event's string parsed from it, then the bytes kept for Save.")
ans = json.load(open(path.replace('results.jsonl', 'answer.json')))
print(f"\nA {ans['file_bytes'] / 1048576:.0f} MiB binary file as the answer to a file exchange session's file "
      f"(the server takes at most 64 MiB of base64), until the server accepted it: peak RSS above the baseline "
      f"{(ans['peak_rss_bytes'] - ans['baseline_rss_bytes']) / 1048576:.0f} MiB = **{ans['copies']:.2f} copies**, "
      f"in {ans['seconds']:.2f} s: the answer is kept (1.33) to be sent again after a dropped connection, and the "
      "copy going out is streamed.")
con = [json.loads(l) for l in open(path.replace('results.jsonl', 'console.jsonl')) if l.strip()]
print('\n## A 100 MiB event on a console connection\n')
print('A string of 100 MiB emitted (until the server acked it) and received (until the event was shown), '
      'peak RSS above the baseline in copies of the string (the string itself is one):\n')
print('| transport | send copies | send s | receive copies | receive s |')
print('|---|---:|---:|---:|---:|')
for c in con:
    print(f"| {c['transport']} | {c['send_copies']:.2f} | {c['send_seconds']:.2f} | {c['receive_copies']:.2f} | {c['receive_seconds']:.2f} |")
acks = [json.loads(l) for l in open(path.replace('results.jsonl', 'acks.jsonl')) if l.strip()]
print('\n## Ack round trips\n')
print(f'`ack_echo` emits with an ack kept N in flight (each answer sends the next) for {seconds} s over WebSocket, '
      f'same server, clients in turn, {rounds} round{plural}; switchboard-cli is driven through its JSON lines by a Python harness.\n')
print('| in flight | switchboard-cli acks/s (median) | Node socket.io-client acks/s (median) |')
print('|---:|---:|---:|')
for n in sorted({a['in_flight'] for a in acks}):
    med = lambda c: statistics.median([a['acks_per_s'] for a in acks if a['client'] == c and a['in_flight'] == n] or [0])
    print(f"| {n:,} | {med('switchboard-cli'):,.0f} | {med('node'):,.0f} |")
print('\nswitchboard-cli is a release build and prints every event as a JSON line to a pipe, '
      'which the harness reads; the other clients count in a callback (socketio-crate: the crate alone, as its example `flood`).')
lat = [json.loads(l) for l in open(path.replace('results.jsonl', 'latency.jsonl')) if l.strip()]
print('\n## Latency at 1,000 events/s\n')
print(f'The server sends 10,000 `tick` events paced at 1,000/s, each carrying the time it was sent; the latency is from '
      f'there to the client: for switchboard-cli, to the harness reading its printed line; for Node, to its callback. '
      f'{rounds} round{plural}, median [min..max] over the rounds.\n')
print('| client | p50 (ms) | p99 (ms) | max (ms) |')
print('|---|---:|---:|---:|')
for client, label in (('switchboard-cli', 'switchboard-cli'), ('node', 'Node socket.io-client')):
    ls = [l for l in lat if l['client'] == client]
    print(f"| {label} | " + ' | '.join(mmm([l[k] for l in ls], lambda x: f'{x:.2f}')
                                        for k in ('latency_ms_p50', 'latency_ms_p99', 'latency_ms_max')) + ' |')
PY
# What is measured elsewhere (make chaos, make fuzz, make test-install, make bench-ui) follows, as written there.
for f in bench/HISTORY.md bench/CHAOS.md bench/FUZZ.md bench/INSTALL.md bench/UI.md; do
  [ -f "$f" ] && { echo; sed 's/^# /## /' "$f"; } >>bench/RESULTS.md
done
cat bench/RESULTS.md
