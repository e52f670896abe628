#!/usr/bin/env bash
# scripts/test-install.sh [DEB]
#
# Tests the built .deb the way a person installs and starts it, without root and without
# touching the system:
#   1. unpacks it with `dpkg -x` into a throwaway root (the package's own scripts and
#      dependencies are not run: the libraries it needs must already be on the machine);
#   2. checks the desktop entry (usr/share/applications/*.desktop): Exec names the installed
#      binary, Icon an installed hicolor icon, Categories has Development and Network, and
#      desktop-file-validate finds no error; and the icons (usr/share/icons/hicolor/NxN/apps/):
#      each is really NxN, and the 32x32 and 128x128 that tauri.conf.json lists are there;
#   3. starts the installed binary under Xvfb with a throwaway HOME, XDG folders and keyring
#      (scripts/with-keyring.sh) and waits up to TEST_INSTALL_TIMEOUT seconds (60) for its
#      window to paint: a picture of the window with many colours (one not painted yet is a
#      single flat colour); checks that the window's WM_CLASS is the desktop entry's
#      StartupWMClass, prints the time from the start to the first painted picture, and
#      stops the app.
# DEB defaults to the newest target/release/bundle/deb/*.deb (make bundle). The pictures
# (window.png, screen.png) and the app's output (app.log) are kept in target/test-install/.
#
# Needs dpkg, xvfb-run, ImageMagick (import, identify), xwininfo and xprop (x11-utils),
# desktop-file-validate (desktop-file-utils) and scripts/with-keyring.sh's tools:
# scripts/install-deps.sh test installs them all.
set -eEuo pipefail
# A step that fails where no check expected it still says where.
trap 'printf "[test-install] FAIL: line %s: %s (status %s)\n" "$LINENO" "$BASH_COMMAND" "$?" >&2' ERR

SELF="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"
cd "$(dirname "$SELF")/.."
ROOT="$PWD"

OUT="$ROOT/target/test-install"
TIMEOUT="${TEST_INSTALL_TIMEOUT:-60}"
# The window's title (tauri.conf.json: app > windows > title).
WINDOW_TITLE="Switchboard"
# A painted window has hundreds of colours (text is drawn anti-aliased); one not painted
# yet has one, a frame around it a few.
MIN_COLOURS=32

say() { printf '[test-install] %s\n' "$*"; }
fail() {
  printf '[test-install] FAIL: %s\n' "$*" >&2
  exit 1
}

# ------------------------------------------------------------------ the window half
# Runs inside xvfb-run and scripts/with-keyring.sh (the outer half below starts it so):
#   test-install.sh --window BIN HOME [WM_CLASS]
app_pid=""

stop_app() {
  [ -n "$app_pid" ] || return 0
  # The app runs in its own process group (setsid) with WebKit's helper processes.
  kill -TERM -- "-$app_pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 -- "-$app_pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL -- "-$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
}

app_output() {
  echo "--- the app's last output (all of it in target/test-install/app.log):" >&2
  tail -n 30 "$OUT/app.log" >&2 || true
}

window_id() { # nothing while there is no such window
  { xwininfo -name "$WINDOW_TITLE" 2>/dev/null || true; } | awk '/Window id:/ { print $4; exit }'
}

window_half() {
  local bin="$1" home="$2" wm_class="${3:-}"
  export HOME="$home"
  export XDG_CONFIG_HOME="$home/.config" XDG_CACHE_HOME="$home/.cache" XDG_STATE_HOME="$home/.local/state"
  # No update check leaves the machine under test.
  export SWITCHBOARD_NO_UPDATE_CHECK=1
  # XDG_DATA_HOME and XDG_RUNTIME_DIR: with-keyring.sh's own throwaway folder.
  trap stop_app EXIT

  local start now elapsed_ms id="" colours=0 sd status
  start="$(date +%s%N)"
  setsid "$bin" >"$OUT/app.log" 2>&1 &
  app_pid=$!
  while :; do
    now="$(date +%s%N)"
    elapsed_ms=$(((now - start) / 1000000))
    if ! kill -0 "$app_pid" 2>/dev/null; then
      status=0
      wait "$app_pid" || status=$?
      app_pid=""
      app_output
      fail "the installed app exited (status $status) $((elapsed_ms / 1000)) s after its start, before its window painted"
    fi
    id="$(window_id)"
    if [ -n "$id" ] && import -window "$id" "$OUT/window.png" 2>/dev/null; then
      colours="$(identify -format '%k' "$OUT/window.png" 2>/dev/null || echo 0)"
      [ "$colours" -ge "$MIN_COLOURS" ] && break
    fi
    if [ "$elapsed_ms" -ge $((TIMEOUT * 1000)) ]; then
      import -window root "$OUT/screen.png" 2>/dev/null || true
      app_output
      if [ -z "$id" ]; then
        fail "no window named \"$WINDOW_TITLE\" within $TIMEOUT s (the whole screen: target/test-install/screen.png)"
      fi
      fail "the window \"$WINDOW_TITLE\" did not paint within $TIMEOUT s: its picture has $colours colour(s), a painted one has at least $MIN_COLOURS (target/test-install/window.png)"
    fi
    sleep 0.5
  done
  sd="$(identify -format '%[fx:standard_deviation]' "$OUT/window.png" 2>/dev/null || echo '?')"
  say "the window painted $(printf '%d.%d' $((elapsed_ms / 1000)) $((elapsed_ms % 1000 / 100))) s after the start (polled every 0.5 s): $(identify -format '%wx%h' "$OUT/window.png"), $colours colours, standard deviation $sd"
  import -window root "$OUT/screen.png" 2>/dev/null || true

  # A dock groups the window with its launcher by WM_CLASS = StartupWMClass.
  local classes
  classes="$({ xprop -id "$id" WM_CLASS 2>/dev/null || true; } | sed -n 's/^WM_CLASS([A-Z_]*) = //p')"
  say "window WM_CLASS: ${classes:-(none)}"
  if [ -n "$wm_class" ] && ! grep -qF "\"$wm_class\"" <<<"$classes"; then
    fail "the desktop entry's StartupWMClass=$wm_class is not the window's WM_CLASS (${classes:-none})"
  fi
  if ! kill -0 "$app_pid" 2>/dev/null; then
    app_output
    fail "the app exited right after its window painted"
  fi
  stop_app
}

if [ "${1:-}" = --window ]; then
  shift
  window_half "$@"
  exit 0
fi

# ------------------------------------------------------------------- the outer half
need() { # TOOL DEBIAN_PACKAGE
  command -v "$1" >/dev/null 2>&1 ||
    fail "$1 not found: run scripts/install-deps.sh test (Debian package $2)"
}
need dpkg dpkg
need dpkg-deb dpkg
need xvfb-run xvfb
need import imagemagick
need identify imagemagick
need xwininfo x11-utils
need xprop x11-utils
need desktop-file-validate desktop-file-utils
need setsid util-linux

if [ $# -ge 1 ]; then
  deb="$1"
else
  shopt -s nullglob
  debs=(target/release/bundle/deb/*.deb)
  shopt -u nullglob
  [ ${#debs[@]} -gt 0 ] || fail "no .deb in target/release/bundle/deb/: build one first (make bundle)"
  # shellcheck disable=SC2012 # names made by the bundler: no newlines
  deb="$(ls -t "${debs[@]}" | head -n 1)"
  [ ${#debs[@]} -eq 1 ] || say "${#debs[@]} .deb files in target/release/bundle/deb/: testing the newest"
fi
[ -f "$deb" ] || fail "$deb: no such file"
dpkg-deb --info "$deb" >/dev/null 2>&1 || fail "$deb is not a .deb that dpkg-deb can read"
say "$deb ($(du -h "$deb" | cut -f1))"
dpkg-deb --field "$deb" Package Version Architecture Maintainer Homepage Depends | sed 's/^/    /'

tmp="$(mktemp -d "${TMPDIR:-/tmp}/switchboard-test-install.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
root="$tmp/root"
dpkg -x "$deb" "$root" || fail "dpkg -x could not unpack $deb"

# ----------------------------------------------------------------- the desktop entry
shopt -s nullglob
entries=("$root"/usr/share/applications/*.desktop)
shopt -u nullglob
[ ${#entries[@]} -eq 1 ] ||
  fail "want one desktop entry in usr/share/applications/, found ${#entries[@]}: ${entries[*]#"$root"/}"
entry="${entries[0]}"
shown="${entry#"$root"/}"
say "$shown:"
sed 's/^/    /' "$entry"

entry_value() { # KEY: its value in the [Desktop Entry] group, or nothing
  awk -v key="$1" '
    /^\[/ { group = $0; next }
    group == "[Desktop Entry]" && index($0, key "=") == 1 { print substr($0, length(key) + 2); exit }
  ' "$entry"
}

[ "$(entry_value Type)" = Application ] || fail "$shown: Type is \"$(entry_value Type)\", not Application"
[ -n "$(entry_value Name)" ] || fail "$shown: no Name"

exec_line="$(entry_value Exec)"
[ -n "$exec_line" ] || fail "$shown: no Exec"
exec_bin="${exec_line%% *}"
exec_bin="${exec_bin#\"}"
exec_bin="${exec_bin%\"}"
case "$exec_bin" in
  /*) bin="$root$exec_bin" ;;
  *) bin="$root/usr/bin/$exec_bin" ;;
esac
if [ ! -f "$bin" ] || [ ! -x "$bin" ]; then
  fail "$shown: Exec=$exec_line, but the package installs no program ${bin#"$root"} (it has: $(cd "$root" && find usr/bin -type f 2>/dev/null | tr '\n' ' '))"
fi

icon="$(entry_value Icon)"
[ -n "$icon" ] || fail "$shown: no Icon"
case "$icon" in
  /*) [ -f "$root$icon" ] || fail "$shown: Icon=$icon, but the package installs no such file" ;;
  *)
    shopt -s nullglob
    icon_files=("$root"/usr/share/icons/hicolor/*/apps/"$icon".png)
    shopt -u nullglob
    [ ${#icon_files[@]} -gt 0 ] ||
      fail "$shown: Icon=$icon, but the package installs no usr/share/icons/hicolor/*/apps/$icon.png"
    ;;
esac

categories="$(entry_value Categories)"
for category in Development Network; do
  [[ ";$categories" == *";$category;"* ]] ||
    fail "$shown: Categories=$categories lacks $category (packaging/linux/switchboard.desktop.hbs)"
done

wm_class="$(entry_value StartupWMClass)"

# Hints (such as two main categories, which is what we want) are not errors.
if ! validate="$(desktop-file-validate "$entry" 2>&1)"; then
  printf '%s\n' "$validate" >&2
  fail "desktop-file-validate finds errors in $shown"
fi
[ -z "$validate" ] || printf '%s\n' "$validate" | sed "s|$root/||; s/^/    /"

# -------------------------------------------------------------------------- icons
icon_dir="$root/usr/share/icons/hicolor"
[ -d "$icon_dir" ] || fail "no usr/share/icons/hicolor/ in the package"
sizes=()
while IFS= read -r -d '' png; do
  rel="${png#"$icon_dir"/}" # 128x128/apps/switchboard.png, 256x256@2/apps/...
  dir="${rel%%/*}"
  want="${dir%%@*}"
  got="$(identify -format '%wx%h' "$png" 2>/dev/null)" || fail "usr/share/icons/hicolor/$rel is not an image ImageMagick can read"
  [ "$got" = "$want" ] || fail "usr/share/icons/hicolor/$rel is $got, not the $want of its folder"
  [ "$(basename "$png" .png)" = "$icon" ] && sizes+=("$dir")
done < <(find "$icon_dir" -path '*/apps/*.png' -print0)
say "icons of $icon: ${sizes[*]:-none}"
for size in 32x32 128x128; do
  [[ " ${sizes[*]} " == *" $size "* ]] ||
    fail "no usr/share/icons/hicolor/$size/apps/$icon.png (tauri.conf.json bundle > icon lists icons/$size.png)"
done

# ------------------------------------------------------------------ start the app
# dpkg -x installs no dependencies: say which library is missing rather than let the
# app die with a loader error.
missing="$({ ldd "$bin" 2>/dev/null || true; } | awk '/not found/ { print $1 }' | tr '\n' ' ')"
[ -z "$missing" ] ||
  fail "${bin#"$root"} needs shared libraries this machine lacks: $missing(the .deb's Depends: $(dpkg-deb --field "$deb" Depends))"

mkdir -p "$OUT" "$tmp/home"
rm -f "$OUT/window.png" "$OUT/screen.png" "$OUT/app.log"
say "starting ${bin#"$root"} under Xvfb with HOME=$tmp/home (up to $TIMEOUT s for its window)"
if ! xvfb-run -a -s "-screen 0 1440x900x24" \
  scripts/with-keyring.sh bash "$SELF" --window "$bin" "$tmp/home" "$wm_class"; then
  fail "the window test failed (the pictures and the app's output: target/test-install/)"
fi
say "PASS: $(basename "$deb") installs its binary, desktop entry and icons, and its window opens and paints"
