#!/usr/bin/env python3
"""bench/HISTORY.md from history_bench's lines and the flood rounds with and without a history.

    history_table.py HISTORY_JSONL FLOOD_JSONL
"""
import datetime
import json
import statistics
import sys


def lines(path):
    return [json.loads(l) for l in open(path) if l.strip()]


def main():
    hist, flood = lines(sys.argv[1]), lines(sys.argv[2])
    ing = next(h for h in hist if h['figure'] == 'history_ingest')
    print('# History\n')
    print(f"Measured on {datetime.date.today()} on this 2-core machine (release builds). "
          f"{ing['events']:,} events of one server written through the history's writer "
          "(core/examples/history_bench.rs, as the app does from its update path): "
          f"taken at **{ing['taken_per_s']:,.0f} events/s** (spilled as JSON lines, a blob per take), all made rows and "
          f"put in the full-text index after {ing['seconds']:.1f} s ({ing['rows_per_s']:,.0f} rows/s, the writer "
          f"alone); the file is {ing['file_mib']:,.0f} MiB. Then each search the console makes, 5 times "
          "(a page is at most 500 rows; the goal is under 200 ms):\n")
    print('| search over 1,000,000 events | rows | median | max |')
    print('|---|---:|---:|---:|')
    for h in hist:
        if h['figure'] == 'history_search':
            print(f"| {h['search']} | {h['rows']:,} | {h['median_ms']:.1f} ms | {h['max_ms']:.1f} ms |")
    by = {}
    for r in flood:
        if r.get('client', '').startswith('switchboard-cli'):
            by.setdefault(r['client'], []).append(r)
    if 'switchboard-cli' in by and 'switchboard-cli+history' in by:
        print('\nA flood of 16-character events from the Node echo server, switchboard-cli with and without '
              '`--history`, rounds interleaved in one run (CPU per event from /proc: the process, writer thread '
              'included, while the flood ran):\n')
        print('| | events/s (median) | min | max | CPU per event (median) | peak RSS |')
        print('|---|---:|---:|---:|---:|---:|')
        med = {}
        for client in ('switchboard-cli', 'switchboard-cli+history'):
            rs = by[client]
            eps = [r['events_per_s'] for r in rs]
            cpu = [r['cpu_us_per_event'] for r in rs if r.get('cpu_us_per_event')]
            med[client] = statistics.median(eps)
            print(f"| {client} | {med[client]:,.0f} | {min(eps):,.0f} | {max(eps):,.0f} | "
                  f"{statistics.median(cpu):.2f} µs | {max(r['peak_rss_kib'] for r in rs) / 1024:.1f} MiB |")
        ratio = med['switchboard-cli+history'] / med['switchboard-cli']
        print(f"\nWith the history the flood ran at **{ratio:.0%}** of the speed without it (the goal is 90% or "
              "more). What it costs per event: its record written by the event path as one JSON line (an "
              "array of its fields, borrowing the update) into the 1 MiB buffer the writer takes whole, and "
              "the writer's one SQLite insert per take; rows and the index are made after the flood, when "
              "the writer is idle.")


if __name__ == '__main__':
    main()
