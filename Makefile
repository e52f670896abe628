# Switchboard: set-up, running and testing.
#
#   make deps    install everything the tests need (scripts/install-deps.sh test)
#   make run     build and start the app, with the reference servers on
#                127.0.0.1:8765-8769 listed as demo servers
#                (make run-app: the same without installing or building)
#   make test    the gates (rustfmt, clippy, no import circle in core, tsc and
#                ESLint, actionlint on .github/workflows), every test suite: Rust
#                (with a real Secret Service), UI unit tests, the echo servers'
#                tests, the end-to-end tests of the real app window under Xvfb
#                (axe-core on every view they show), then make test-install
#   make bundle  the .deb and .rpm of a release build (target/release/bundle/);
#                the release workflow builds every installer (docs/RELEASING.md)
#   make test-install  make bundle, then the .deb installed into a throwaway root
#                and started under Xvfb (scripts/test-install.sh)
#   make bench   the benchmarks (bench/run.sh)
#   make bench-ui  the release app's window under Xvfb flooded with 1,000 and 10,000
#                events/s for 10 s: frames, shown vs sent, RSS, start time (bench/UI.md)
#   make chaos   real servers restarted 20 times under acked emits and chat messages,
#                per transport (make test runs it with 3): sent, answered, lost, twice
#   make fuzz    1,000,000 inputs through each fuzz target of the socketio codecs and
#                the protocol translators (libFuzzer, nightly; installs cargo-fuzz):
#                inputs, panics, time and peak memory per target
#   make clean   remove build outputs (make distclean: also .venv and node_modules)
#
# Each step of a recipe is its own line, so a failure names the step; make
# stops at the first one that fails.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON_VENV := $(CURDIR)/.venv/bin/python
DEMO_PORT ?= 8765
APP_BIN ?= target/debug/switchboard
BENCH_UI_APP ?= target/release/switchboard
# The app's `custom-protocol` feature (on by default in Cargo.toml) embeds ui/dist;
# extra cargo features for the app build can be given here.
APP_FEATURES ?=
CARGO_APP_FLAGS := $(if $(strip $(APP_FEATURES)),--features $(APP_FEATURES))
# xvfb-run's default screen is 640x480x8: too small and too few colours for the window.
XVFB_RUN := xvfb-run -a -s "-screen 0 1440x900x24"

.PHONY: help deps run run-app test bundle test-install bench bench-ui chaos fuzz clean distclean

help:
	@sed -n '3,24p' Makefile | sed 's/^# \{0,1\}//'

deps:
	scripts/install-deps.sh test

run:
	scripts/install-deps.sh app
	npm --prefix ui run build
	cargo build --workspace $(CARGO_APP_FLAGS)
	$(MAKE) --no-print-directory run-app

run-app:
	DEMO_PORT=$(DEMO_PORT) scripts/run-demo.sh $(APP_BIN)

test: deps
	cargo fmt --all --check
	node scripts/lint-workflows.mjs
	.venv/bin/python scripts/check-imports.py --self-test
	.venv/bin/python scripts/check-imports.py core/src socketio/src
	npm --prefix ui run build
	SWITCHBOARD_PYTHON=$(PYTHON_VENV) scripts/with-keyring.sh cargo test --workspace
	cargo clippy --workspace --all-targets -- -D warnings
	@git diff --quiet -- ui/src/bindings || { echo "ui/src/bindings changed when the Rust types were exported: commit the new bindings"; git diff --stat -- ui/src/bindings; exit 1; }
	npm --prefix ui test
	.venv/bin/python servers/test_echo_servers.py
	.venv/bin/python servers/session_host/test_server.py
	.venv/bin/python servers/dorm/test_server.py
	SWITCHBOARD_PYTHON=$(PYTHON_VENV) node servers/file_exchange/test.mjs
	.venv/bin/python servers/space/test_server.py
	cargo build --workspace $(CARGO_APP_FLAGS)
	$(XVFB_RUN) scripts/with-keyring.sh node e2e/run.mjs
	$(MAKE) --no-print-directory test-install

# Tauri writes the .rpm itself (no rpmbuild); the AppImage is left to the release
# workflow, as its tools are downloaded while bundling. No updater signatures here: their
# key is a secret of the release workflow, and without it they would fail the build.
bundle:
	scripts/install-deps.sh bundle
	npm run bundle -- --bundles deb,rpm --config '{"bundle":{"createUpdaterArtifacts":false}}'

# The last step of `make test`. scripts/test-install.sh alone tests the .deb already built.
test-install: deps bundle
	scripts/test-install.sh

bench:
	bash bench/run.sh

# Not built here: BENCH_UI_APP (default the release build) must exist (cargo build --release).
bench-ui:
	BENCH_APP=$(BENCH_UI_APP) $(XVFB_RUN) scripts/with-keyring.sh node bench/ui.mjs

chaos: deps
	SWITCHBOARD_PYTHON=$(PYTHON_VENV) bash bench/chaos.sh

# Not part of `make test` or CI (a short seeded run of the translators' inputs is).
# FUZZ_RUNS changes the inputs per target (scripts/fuzz.sh).
fuzz:
	scripts/fuzz.sh socketio/fuzz
	scripts/fuzz.sh core/fuzz

clean:
	cargo clean
	rm -rf ui/dist e2e/out bench/out

distclean: clean
	rm -rf .venv node_modules ui/node_modules servers/echo_node/node_modules servers/file_exchange/node_modules e2e/node_modules
