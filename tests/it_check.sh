#!/bin/sh
# Integration test of `vitrine check` and `vitrine dump` as staff use them:
# exit status, FILE:LINE: messages, speed, and nothing else on stderr.
# Run from the repository root; prints PASS/FAIL lines.
cd "$(dirname "$0")/.." || exit 2
bin=./vitrine
fx=tests/fixtures/feeds
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

now_ms() { date +%s%N | cut -c1-13; }

# expect NAME STATUS PATTERN CMD...: CMD exits with STATUS within 1 s and
# its stderr has a line matching PATTERN (grep -E); every stderr line is
# "FILE:LINE: message" or "FILE: message" (no library noise).
expect() {
    name=$1 status=$2 pattern=$3
    shift 3
    t0=$(now_ms)
    "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    ms=$(($(now_ms) - t0))
    if [ "$rc" -ne "$status" ]; then
        echo "FAIL $name: exit $rc, want $status"; cat "$tmp/err"; return
    fi
    if [ -n "$pattern" ] && ! grep -Eq -- "$pattern" "$tmp/err"; then
        echo "FAIL $name: no line matching '$pattern' in:"; cat "$tmp/err"; return
    fi
    if [ "$status" -eq 1 ] && grep -Ev '^[^:]+(:[0-9]+)?: ' "$tmp/err" | grep -q .; then
        echo "FAIL $name: stray output on stderr:"; cat "$tmp/err"; return
    fi
    # A guard against runaway expansion, not a speed target (loaded machines,
    # sanitizers): the figures are in each PASS line and scripts/bench-load.sh.
    if [ "$ms" -ge 5000 ]; then
        echo "FAIL $name: took $ms ms"; return
    fi
    echo "PASS $name ($ms ms)"
}

expect "external entity" 1 "^$fx/xxe.xml:2: DTDs and entities are not allowed" \
    $bin check $fx/xxe.xml
expect "external DTD" 1 "^$fx/xxe-param.xml:2: DTDs and entities are not allowed" \
    $bin check $fx/xxe-param.xml
expect "billion laughs" 1 "^$fx/billion-laughs.xml:2: DTDs and entities are not allowed" \
    $bin check $fx/billion-laughs.xml
expect "unterminated element" 1 "^$fx/unterminated.xml:9: <notice> \\(line 7\\) is not closed" \
    $bin check $fx/unterminated.xml
expect "impossible date (XML)" 1 "^$fx/bad-date.xml:6: .*month 13 does not exist" \
    $bin check $fx/bad-date.xml
expect "impossible date (JSON)" 1 "^$fx/bad-date.json:8: .*month 13 does not exist" \
    $bin check $fx/bad-date.json
expect "unknown kind (XML)" 1 "^$fx/unknown-kind.xml:5: <concert> is not a kind of item" \
    $bin check $fx/unknown-kind.xml
expect "unknown kind (JSON)" 1 "^$fx/unknown-kind.json:6: 'concert' is not a kind of item" \
    $bin check $fx/unknown-kind.json
expect "duplicate id (XML)" 1 "^$fx/dup-id.xml:6: id 'wifi' is already used" \
    $bin check $fx/dup-id.xml
expect "duplicate id (JSON)" 1 "^$fx/dup-id.json:6: id 'wifi' is already used" \
    $bin check $fx/dup-id.json
expect "trailing comma" 1 "^$fx/trailing-comma.json:5: a comma before '\\]' is not allowed" \
    $bin check $fx/trailing-comma.json
expect "duplicate key" 1 "^$fx/dup-key.json:8: \"title\" is given twice" \
    $bin check $fx/dup-key.json

# No file outside the feed is read, whatever the feed says.
if command -v strace >/dev/null 2>&1; then
    strace -f -e trace=open,openat -o "$tmp/trace" $bin check $fx/xxe.xml $fx/xxe-param.xml \
        >/dev/null 2>&1
    if grep -q /etc/passwd "$tmp/trace"; then
        echo "FAIL no local file read: /etc/passwd was opened"
    else
        echo "PASS no local file read"
    fi
fi

head -c $((16 * 1024 * 1024 + 1)) /dev/zero | tr '\0' ' ' >"$tmp/big.xml"
expect "oversized feed" 1 "^$tmp/big.xml: .*limit of 16 MiB" $bin check "$tmp/big.xml"
expect "missing file" 1 "^$tmp/none.xml: cannot read the file" $bin check "$tmp/none.xml"

expect "every file checked" 1 "unknown-kind.json:6" \
    $bin check $fx/all.xml $fx/bad-date.xml $fx/unknown-kind.json
if grep -q "^$fx/all.xml: ok (8 items)$" "$tmp/out" && grep -q "bad-date.xml:6" "$tmp/err"; then
    echo "PASS ok line and problems of every file"
else
    echo "FAIL ok line and problems of every file"; cat "$tmp/out" "$tmp/err"
fi

expect "valid twins" 0 "" $bin check $fx/all.xml $fx/all.json
expect "no file is a usage error" 2 "usage" $bin check
expect "unknown option is a usage error" 2 "unknown option" $bin check --frobnicate $fx/all.xml
expect "dump needs one file" 2 "usage" $bin dump
expect "dump of a broken feed" 1 "month 13" $bin dump $fx/bad-date.xml

$bin dump $fx/all.xml >"$tmp/a.json" && $bin dump $fx/all.json >"$tmp/b.json"
if cmp -s "$tmp/a.json" "$tmp/b.json"; then
    echo "PASS dump of XML and JSON twins is identical"
else
    echo "FAIL dump of XML and JSON twins differs"; diff "$tmp/a.json" "$tmp/b.json" | head
fi

if [ -f content/feed.xml ] && [ -f content/feed.json ]; then
    expect "content checks" 0 "" $bin check content/feed.xml content/feed.json
    $bin dump content/feed.xml >"$tmp/c.json" 2>&1
    $bin dump content/feed.json >"$tmp/d.json" 2>&1
    if cmp -s "$tmp/c.json" "$tmp/d.json"; then
        echo "PASS content dump parity"
    else
        echo "FAIL content dump parity"; diff "$tmp/c.json" "$tmp/d.json" | head
    fi
fi
