#!/bin/sh
# The service unit: hardened to an exposure of 1.4 or lower, each setting that
# systemd-analyze still flags justified in docs/security.md, and clean under
# systemd-analyze verify (with ExecStart pointed at this build's binary).
set -u
if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "PASS systemd (skipped: no systemd-analyze)"
    exit 0
fi
# The player's unit is held to its measured 1.4, each flagged setting
# justified in docs/security.md ("The player's service unit").
out=$(systemd-analyze security --offline=yes systemd/vitrine.service 2>&1)
level=$(echo "$out" | sed -n 's/.*Overall exposure level for vitrine.service: \([0-9.]*\).*/\1/p')
if [ -n "$level" ] && awk "BEGIN { exit !($level <= 1.4) }"; then
    echo "PASS vitrine.service: security exposure $level (at most 1.4)"
else
    echo "$out" | tail -5
    echo "FAIL vitrine.service: security exposure '$level' (want <= 1.4)"
fi
missing=""
for name in $(echo "$out" | sed -n 's/^✗ \([A-Za-z]*\)=.*/\1/p' | sort -u); do
    grep -q "\`$name=" docs/security.md || missing="$missing $name"
done
if [ -z "$missing" ]; then
    echo "PASS every flagged setting is justified in docs/security.md"
else
    echo "FAIL not justified in docs/security.md:$missing"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# The player's unit, and the staff console's.
for unit in vitrine.service vitrine-console.service; do
    out=$(systemd-analyze security --offline=yes "systemd/$unit" 2>&1)
    level=$(echo "$out" | sed -n "s/.*Overall exposure level for $unit: \\([0-9.]*\\).*/\\1/p")
    if [ -n "$level" ] && awk "BEGIN { exit !($level <= 2.0) }"; then
        echo "PASS $unit: security exposure $level"
    else
        echo "$out" | tail -5
        echo "FAIL $unit: security exposure '$level' (want <= 2.0)"
    fi
    sed "s|/usr/local/bin/vitrine|$(pwd)/vitrine|" "systemd/$unit" >"$tmp/$unit"
    if v=$(systemd-analyze verify "$tmp/$unit" 2>&1) && [ -z "$v" ]; then
        echo "PASS $unit: verify"
    else
        echo "$v"
        echo "FAIL $unit: verify"
    fi
done
