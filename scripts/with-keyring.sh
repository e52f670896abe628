#!/usr/bin/env bash
# scripts/with-keyring.sh CMD [ARGS...]
#
# Runs CMD with a real, throwaway Secret Service: a private D-Bus session bus
# (dbus-run-session) on which gnome-keyring-daemon serves org.freedesktop.secrets
# with a fresh, already UNLOCKED "login" keyring as the default collection.
# Nothing asks for a password, so it works without a TTY, in CI and under
# `xvfb-run -a`. The keyring lives in a temporary directory (XDG_DATA_HOME and
# XDG_RUNTIME_DIR point there, HOME is left alone) that is deleted afterwards,
# and the daemon is stopped. CMD's exit status is returned.
#
# Needs: dbus-run-session (dbus-daemon / dbus-x11), gnome-keyring-daemon
# (gnome-keyring), dbus-send (dbus-bin). Try it: scripts/with-keyring.sh secret-tool search --all x y
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

say() { printf '[with-keyring] %s\n' "$*" >&2; }

# ---------------------------------------------------------------- outer half
# Start a private session bus and run ourselves again inside it.
if [ -z "${_SWITCHBOARD_WITH_KEYRING_BUS:-}" ]; then
  for tool in dbus-run-session gnome-keyring-daemon dbus-send; do
    command -v "$tool" >/dev/null 2>&1 || {
      say "$tool not found: run scripts/install-deps.sh test (Debian packages dbus-x11 gnome-keyring)"
      exit 127
    }
  done
  exec dbus-run-session -- env _SWITCHBOARD_WITH_KEYRING_BUS=1 bash "${BASH_SOURCE[0]}" "$@"
fi

# ---------------------------------------------------------------- inner half
unset _SWITCHBOARD_WITH_KEYRING_BUS
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || {
  say "dbus-run-session gave no DBUS_SESSION_BUS_ADDRESS"
  exit 1
}

tmp="$(mktemp -d "${TMPDIR:-/tmp}/switchboard-keyring.XXXXXX")"
chmod 700 "$tmp"
mkdir -m 700 -p "$tmp/data" "$tmp/runtime"
export XDG_DATA_HOME="$tmp/data"     # keyrings are kept in $XDG_DATA_HOME/keyrings
export XDG_RUNTIME_DIR="$tmp/runtime" # the daemon's control socket: $XDG_RUNTIME_DIR/keyring

daemon_pid=""
cleanup() {
  if [ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null; then
    kill "$daemon_pid" 2>/dev/null || true
    wait "$daemon_pid" 2>/dev/null || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A throwaway password: the "login" keyring is created with it and unlocked.
password="switchboard-test-$$-$RANDOM"
# --foreground keeps the daemon our own child, so we know its PID and can stop it.
# With --unlock it reads the password from stdin, creates the login keyring if
# there is none, unlocks it and makes it the default collection.
gnome-keyring-daemon --foreground --unlock --components=secrets \
  <<<"$password" >"$tmp/daemon.out" 2>"$tmp/daemon.err" &
daemon_pid=$!

name_has_owner() {
  dbus-send --session --print-reply=literal --dest=org.freedesktop.DBus \
    /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:"$1" 2>/dev/null |
    grep -q true
}

# Wait (up to 10 s) until our daemon owns org.freedesktop.secrets. Without this
# a client could D-Bus-activate a second, locked daemon.
for _ in $(seq 1 100); do
  if name_has_owner org.freedesktop.secrets; then break; fi
  if ! kill -0 "$daemon_pid" 2>/dev/null; then
    say "gnome-keyring-daemon exited early:"
    cat "$tmp/daemon.err" >&2 || true
    exit 1
  fi
  sleep 0.1
done
if ! name_has_owner org.freedesktop.secrets; then
  say "gnome-keyring-daemon did not take org.freedesktop.secrets within 10 s:"
  cat "$tmp/daemon.err" >&2 || true
  exit 1
fi

# Export whatever environment the daemon announces (GNOME_KEYRING_CONTROL, ...).
while IFS= read -r line; do
  case "$line" in
    [A-Z_]*=*) export "${line?}" ;;
  esac
done < <(gnome-keyring-daemon --start --components=secrets 2>/dev/null || true)
export GNOME_KEYRING_CONTROL="${GNOME_KEYRING_CONTROL:-$XDG_RUNTIME_DIR/keyring}"

set +e
"$@"
status=$?
set -e
exit "$status"
