"""The CHAOS lines of core/tests/chaos.rs (stdin) as bench/CHAOS.md (stdout)."""
import datetime
import json
import sys

rows = [json.loads(line) for line in sys.stdin if line.strip()]
restarts = rows[0]["restarts"]
print("# Chaos\n")
print(f"`make chaos` on {datetime.date.today()}: a real server killed and restarted {restarts} times "
      "while the client sends every 20 ms, over WebSocket and over polling:\n")
print("- **console**: the python-socketio echo server; acked `ack_echo` emits with a 3 s ack timeout. "
      "Each must end once, by its ack or its `ack_timeout`.")
print("- **space**: The Space's reference server, which forgets its rooms at each restart; chat "
      "messages in a room another member watches. Each must end once, confirmed or failed in "
      "words (the client rejoins the room first), and the room must never get one twice.\n")
print("Every reconnect must be reported.\n")
print("| load | transport | restarts | sent | answered | failed / timed out | lost | ended twice | delivered twice | reconnects reported |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    cells = [r.get("load", "Console").lower(), r["transport"].lower()]
    cells += [r.get(k, 0) for k in ("restarts", "sent", "acked", "timed_out", "lost", "twice", "delivered_twice", "reconnects")]
    print("| " + " | ".join(str(c) for c in cells) + " |")
print("\nFailed / timed out: requests the server had taken, or not yet, when it was killed (their answers died with it).")
