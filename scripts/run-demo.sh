#!/usr/bin/env bash
# Starts the reference servers on loopback as demo servers and the app with them listed:
#   the echo server (console)      on 127.0.0.1:$DEMO_PORT       (default 8765)
#   the session host server        on 127.0.0.1:$((DEMO_PORT+1))
#   the dorm room server           on 127.0.0.1:$((DEMO_PORT+2))  (signed in as tok-alice)
#   The Space server               on 127.0.0.1:$((DEMO_PORT+3))
#   the file exchange server       on https://127.0.0.1:$((DEMO_PORT+4))/pku (a self-signed
#                                  certificate made now: the app asks to accept it; token tok-pku)
# The servers stop when the app exits. Without a D-Bus session the app gets a throwaway
# keyring (scripts/with-keyring.sh). Usage: scripts/run-demo.sh [APP_BINARY]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

APP="${1:-target/debug/switchboard}"
PORT="${DEMO_PORT:-8765}"
PY=.venv/bin/python
pids=()
certs="$(mktemp -d)"
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$certs"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() { # name port command...
  local name="$1" port="$2"
  shift 2
  if listening "$port"; then
    echo "something already listens on 127.0.0.1:$port: stop it or run with DEMO_PORT=..." >&2
    exit 1
  fi
  "$@" --host 127.0.0.1 --port "$port" >/dev/null &
  pids+=($!)
  for _ in $(seq 1 100); do
    listening "$port" && { echo "$name on 127.0.0.1:$port"; return; }
    kill -0 "${pids[-1]}" 2>/dev/null || { echo "the $name exited" >&2; exit 1; }
    sleep 0.1
  done
  echo "the $name did not start" >&2
  exit 1
}

start "echo server" "$PORT" "$PY" servers/echo_py/server.py
start "session host server" "$((PORT + 1))" "$PY" servers/session_host/server.py
start "dorm room server" "$((PORT + 2))" "$PY" servers/dorm/server.py
start "The Space server" "$((PORT + 3))" "$PY" servers/space/server.py
"$PY" servers/tools/make_cert.py "$certs/cert.pem" "$certs/key.pem" >/dev/null
start "file exchange server" "$((PORT + 4))" node servers/file_exchange/server.js --tls-cert "$certs/cert.pem" --tls-key "$certs/key.pem"

wrap=()
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "no D-Bus session: running the app with a throwaway keyring (scripts/with-keyring.sh)"
  wrap=(scripts/with-keyring.sh)
fi
SWITCHBOARD_DEMO_URL="http://127.0.0.1:$PORT" \
SWITCHBOARD_DEMO_SESSION_HOST_URL="http://127.0.0.1:$((PORT + 1))" \
SWITCHBOARD_DEMO_DORM_URL="http://127.0.0.1:$((PORT + 2))" \
SWITCHBOARD_DEMO_SPACE_URL="http://127.0.0.1:$((PORT + 3))" \
SWITCHBOARD_DEMO_FILE_EXCHANGE_URL="https://127.0.0.1:$((PORT + 4))/pku" \
  "${wrap[@]}" "$APP"
