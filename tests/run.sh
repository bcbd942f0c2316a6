#!/bin/sh
# Runs every test binary given as arguments (cmocka), then every integration
# script tests/it_*.sh, and ends with the plain summary "N passed, N failed".
# Integration scripts print "PASS name" / "FAIL name" lines; a script that
# exits non-zero without a FAIL line counts as one failure.
# TEST_RUNNER prefixes each binary (qemu-aarch64 for the arm64 build);
# IT_GLOB picks the integration scripts (default tests/it_*.sh).
cd "$(dirname "$0")/.." || exit 2
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for bin in "$@"; do
    # shellcheck disable=SC2086
    CMOCKA_MESSAGE_OUTPUT=STDOUT ${TEST_RUNNER:-} "$bin" >"$log" 2>&1
    rc=$?
    p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log" | tail -n 1)
    p=${p:-0}
    f=${f:-0}
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1 # crashed or failed outside cmocka's count
    fi
    if [ "$f" -ne 0 ]; then
        cat "$log"
        echo "FAILED: $bin"
    else
        echo "ok   $bin ($p)"
    fi
    passed=$((passed + p))
    failed=$((failed + f))
done

for script in ${IT_GLOB:-tests/it_*.sh}; do
    [ -e "$script" ] || continue
    sh "$script" >"$log" 2>&1
    rc=$?
    p=$(grep -c '^PASS ' "$log")
    f=$(grep -c '^FAIL ' "$log")
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
        f=1
    fi
    if [ "$f" -ne 0 ]; then
        cat "$log"
        echo "FAILED: $script"
    else
        echo "ok   $script ($p)"
    fi
    passed=$((passed + p))
    failed=$((failed + f))
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
