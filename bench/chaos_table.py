"""The CHAOS lines of core/tests/chaos.rs (stdin) as bench/CHAOS.md (stdout)."""
import datetime
import json
import sys

rows = [json.loads(line) for line in sys.stdin if line.strip()]
restarts = rows[0]["restarts"]
print("# Chaos\n")
print(f"`make chaos` on {datetime.date.today()}: the python-socketio echo server killed and "
      f"restarted {restarts} times while the client emits `ack_echo` with a 3 s ack timeout "
      "every 20 ms. Every emit must end once, by its ack or its timeout; every reconnect must "
      "be reported.\n")
print("| transport | restarts | sent | acked | timed out | lost | ended twice | reconnects reported |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    cells = [r["transport"].lower()] + [r[k] for k in ("restarts", "sent", "acked", "timed_out", "lost", "twice", "reconnects")]
    print("| " + " | ".join(str(c) for c in cells) + " |")
print("\nTimed out: emits the server had taken, or not yet, when it was killed (their answers died with it).")
