#!/usr/bin/env bash
# make fuzz: every fuzz target of a cargo-fuzz crate (socketio/fuzz: the codecs; core/fuzz:
# the protocol translators) under libFuzzer (nightly), FUZZ_RUNS inputs each (1,000,000
# unless told); then, per target, the inputs run, the panics found, the time taken and the
# peak memory. Installs cargo-fuzz when it is missing. Exits non-zero when a target panicked
# or ran out of memory (libFuzzer stops at the first; its input is in artifacts/TARGET/).
#
#   scripts/fuzz.sh socketio/fuzz
#   FUZZ_RUNS=1000000       inputs per target
#   FUZZ_SANITIZER=address  cargo fuzz's -s (address, none, ...)
#   FUZZ_TARGETS="a b"      only these targets
#   FUZZ_RSS_MB=2048        a target using more memory than this fails
set -euo pipefail
cd "$(dirname "$0")/../${1:?which fuzz crate: socketio/fuzz or core/fuzz}"

PER=${FUZZ_RUNS:-1000000}
SANITIZER=${FUZZ_SANITIZER:-address}
RSS_MB=${FUZZ_RSS_MB:-2048}

ms() { echo $(( $(date +%s%N) / 1000000 )); }
# Seconds since a time from ms(), with one decimal.
secs_since() { local d=$(( $(ms) - $1 )); printf '%d.%d' $(( d / 1000 )) $(( d % 1000 / 100 )); }

if ! rustup run nightly rustc --version >/dev/null 2>&1; then
    echo "make fuzz needs a nightly toolchain (rustup toolchain install nightly)" >&2
    exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install cargo-fuzz --locked
fi

echo "== building the fuzz targets (nightly, sanitizer: $SANITIZER)"
build_start=$(ms)
cargo +nightly fuzz build -s "$SANITIZER"
echo "built in $(secs_since "$build_start") s"
[ -n "${FUZZ_TARGETS:-}" ] || FUZZ_TARGETS=$(cargo +nightly fuzz list | tr '\n' ' ')
read -r -a TARGETS <<<"$FUZZ_TARGETS"

mkdir -p target/fuzz-logs
failed=0
total_runs=0
total_panics=0
rows=()
run_start=$(ms)
for t in "${TARGETS[@]}"; do
    mkdir -p "corpus/$t" "artifacts/$t"
    log="target/fuzz-logs/$t.log"
    seeds=()
    [ -d "seeds/$t" ] && seeds=("seeds/$t")
    echo "== $t: $PER inputs"
    start=$(ms)
    rc=0
    cargo +nightly fuzz run -s "$SANITIZER" "$t" "corpus/$t" "${seeds[@]}" -- \
        -runs="$PER" -timeout=10 -rss_limit_mb="$RSS_MB" -print_final_stats=1 >"$log" 2>&1 || rc=$?
    secs=$(secs_since "$start")
    # libFuzzer: "Done 200000 runs in 9 second(s)" at the end of a clean run;
    # after a crash, the count of inputs executed so far is in the final stats.
    runs=$(sed -n 's/^Done \([0-9]*\) runs in.*/\1/p' "$log" | tail -1)
    [ -n "$runs" ] || runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\)/\1/p' "$log" | tail -1)
    [ -n "$runs" ] || runs=0
    seed=$(sed -n 's/.*Seed: \([0-9]*\).*/\1/p' "$log" | head -1)
    # The code edges covered, from libFuzzer's last status line.
    cov=$(sed -n 's/.* cov: \([0-9]*\) .*/\1/p' "$log" | tail -1)
    # Peak memory, from libFuzzer's status lines ("rss: 55Mb").
    rss=$(sed -n 's/.* rss: \([0-9]*\)Mb.*/\1/p' "$log" | sort -n | tail -1)
    panics=0
    if [ "$rc" -ne 0 ]; then
        panics=1
        failed=1
        echo "   $t FAILED (exit $rc), from $1/$log:"
        grep -E -A3 'panicked at|ERROR: (libFuzzer|AddressSanitizer)' "$log" | head -12 | sed 's/^/   | /' || true
        grep -E 'Test unit written to|^\s*cargo fuzz run' "$log" | head -2 | sed 's/^/   | /' || true
    fi
    total_runs=$(( total_runs + runs ))
    total_panics=$(( total_panics + panics ))
    rows+=("$(printf '%-16s %10s %7s %9s s %9s %8s   %s' "$t" "$runs" "$panics" "$secs" "${cov:-?}" "${rss:-?}" "${seed:-?}")")
done
all_secs=$(secs_since "$run_start")

echo
printf '%-16s %10s %7s %11s %9s %8s   %s\n' target inputs panics time edges "rss MB" seed
for r in "${rows[@]}"; do echo "$r"; done
printf '%-16s %10s %7s %9s s\n' total "$total_runs" "$total_panics" "$all_secs"
echo "(logs in $1/target/fuzz-logs; a panic's input in $1/artifacts/TARGET/)"
exit "$failed"
