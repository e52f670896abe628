#!/usr/bin/env bash
# make chaos: real servers (the echo server, The Space) killed and restarted CHAOS_RESTARTS times (20)
# while the client sends every 20 ms (acked emits; chat messages), over WebSocket and polling
# (core/tests/chaos.rs; make test runs it with 3). The figures go into bench/CHAOS.md.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
restarts="${CHAOS_RESTARTS:-20}"
out=$(CHAOS_RESTARTS="$restarts" SWITCHBOARD_PYTHON="${SWITCHBOARD_PYTHON:-$PWD/.venv/bin/python}" \
  cargo test -p switchboard-core --test chaos -- --nocapture 2>&1) || { echo "$out" | grep -E "^CHAOS|panicked at" -A4; echo "$out" | tail -15; exit 1; }
echo "$out" | grep -E '^CHAOS|test result'
echo "$out" | grep '^CHAOS' | sed 's/^CHAOS //' | .venv/bin/python bench/chaos_table.py > bench/CHAOS.md
cat bench/CHAOS.md
