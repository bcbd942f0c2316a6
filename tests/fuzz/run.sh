#!/bin/sh
# Runs each libFuzzer target for SECONDS, one after the other (the machine's
# cores are shared): make fuzz FUZZ_SECONDS=N. The seeds in
# tests/fuzz/corpus/NAME/ are read; what the fuzzer learns goes to
# build-fuzz/corpus/NAME/; a crash is saved as build-fuzz/crashes/NAME-*
# and fails the run. Prints one line per target and a summary.
# usage: tests/fuzz/run.sh SECONDS build-fuzz/fuzz_NAME...
cd "$(dirname "$0")/../.." || exit 2
secs=${1:-60}
shift
failed=0
total_runs=0
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}"
mkdir -p build-fuzz/crashes build-fuzz/logs
for bin in "$@"; do
    name=${bin##*/fuzz_}
    seeds=tests/fuzz/corpus/$name
    work=build-fuzz/corpus/$name
    log=build-fuzz/logs/$name.log
    mkdir -p "$work" "$seeds"
    dict=
    [ -f "tests/fuzz/$name.dict" ] && dict="-dict=tests/fuzz/$name.dict"
    # shellcheck disable=SC2086
    "$bin" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 $dict -artifact_prefix="build-fuzz/crashes/$name-" \
        "$work" "$seeds" >"$log" 2>&1
    rc=$?
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1)
    runs=${runs:-0}
    total_runs=$((total_runs + runs))
    if [ "$rc" -ne 0 ]; then
        failed=$((failed + 1))
        echo "FAIL fuzz_$name: exit $rc after $runs runs; see $log and build-fuzz/crashes/"
        grep -m 3 -E 'ERROR: |SUMMARY: |runtime error' "$log"
    else
        echo "PASS fuzz_$name: $runs runs in ${secs}s, $cov, corpus $(ls "$work" | wc -l)"
    fi
done
echo "fuzz: $# targets, $total_runs runs, $failed failed"
[ "$failed" -eq 0 ]
