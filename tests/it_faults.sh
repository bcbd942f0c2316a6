#!/bin/sh
# Shutdown: SIGTERM and SIGINT stop `vitrine play` cleanly within 1 s, with
# its logs flushed: the trace (--stats) ends with its closing totals, the
# status file is whole JSON naming the last slide, and stderr ends with the
# player's last line. Runs on SDL's dummy driver. Prints PASS/FAIL lines.
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
unset DISPLAY WAYLAND_DISPLAY
now_ms() { date +%s%3N; }
cp -R content themes "$T/"
cd "$T" || exit 2
cat >vitrine.conf <<CONF
[content]
feed = content/feed.xml
drop = content/drop
[paths]
cache = $T/cache
state = $T/state
CONF

for sig in TERM INT; do
    rm -rf state stats.txt
    # A background job of a script ignores SIGINT (POSIX); give the player
    # the default disposition back, as systemd and a terminal do.
    python3 -c 'import os, signal, sys
signal.signal(signal.SIGINT, signal.SIG_DFL)
os.execv(sys.argv[1], sys.argv[1:])' "$ROOT/vitrine" play --window 640x360 --duration 300 \
        --stats stats.txt >"play-$sig.log" 2>&1 &
    pid=$!
    # wait until it has shown a few slides
    for _ in $(seq 1 50); do
        [ "$(cat stats.txt 2>/dev/null | grep -c '^slide ')" -ge 3 ] && break
        sleep 0.1
    done
    t0=$(now_ms)
    kill -"$sig" "$pid"
    # never leave a player behind: a hung one is killed after 3 s
    (sleep 3; kill -KILL "$pid" 2>/dev/null) &
    guard=$!
    wait "$pid"
    rc=$?
    ms=$(($(now_ms) - t0))
    kill "$guard" 2>/dev/null
    if [ "$rc" -eq 0 ] && [ "$ms" -le 1000 ]; then
        echo "PASS SIG$sig: clean exit in $ms ms"
    else
        echo "FAIL SIG$sig: status $rc after $ms ms; $(tail -n 3 "play-$sig.log")"
    fi
    if tail -n 1 stats.txt | grep -q '^total '; then
        echo "PASS SIG$sig: trace flushed (ends with its totals)"
    else
        echo "FAIL SIG$sig: trace does not end with its totals: $(tail -n 2 stats.txt)"
    fi
    if python3 -c 'import json,sys; s=json.load(open(sys.argv[1])); assert s["showing"]["item"] is not None' \
        state/status.json 2>/dev/null; then
        echo "PASS SIG$sig: status file whole, names the last slide"
    else
        echo "FAIL SIG$sig: status file: $(head -c 300 state/status.json 2>&1)"
    fi
    if grep -q 'Sanitizer\|runtime error' "play-$sig.log"; then
        echo "FAIL SIG$sig: $(grep -A5 'Sanitizer\|runtime error' "play-$sig.log" | head -8)"
    fi
done

# ---- the clock jumps (NTP after boot): forward a day, then back two hours.
# libfaketime moves the wall clock under the running player (the monotonic
# clock stays true); slides keep their rhythm: no stall, no burst.
FT=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1
[ -e "$FT" ] || FT=$(ls /usr/lib/*/faketime/libfaketimeMT.so.1 2>/dev/null | head -n 1)
if [ -z "$FT" ] || [ ! -e "$FT" ] || grep -q san "$ROOT/.last-build-vitrine" 2>/dev/null; then
    echo "PASS clock jumps: skipped (no libfaketime, or a sanitized build)"
else
    echo "+0" >faketime.txt
    rm -f stats.txt
    LD_PRELOAD=$FT FAKETIME_TIMESTAMP_FILE=$T/faketime.txt FAKETIME_NO_CACHE=1 \
        FAKETIME_DONT_FAKE_MONOTONIC=1 \
        "$ROOT/vitrine" play --window 640x360 --duration 300 --stats stats.txt \
        --quit-after 9 >play-clock.log 2>&1 &
    pid=$!
    sleep 3
    echo "+1d" >faketime.txt
    sleep 3
    echo "-2h" >faketime.txt
    wait "$pid"
    rc=$?
    # gaps between slides, in s of the monotonic clock, after the first one
    gaps=$(sed -n 's/^slide t=\([0-9.]*\) .*/\1/p' stats.txt |
        awk 'NR > 1 { printf "%.2f\n", $1 - prev } { prev = $1 }')
    n=$(echo "$gaps" | grep -c .)
    max=$(echo "$gaps" | sort -n | tail -n 1)
    min=$(echo "$gaps" | sort -n | head -n 1)
    dates=$(grep -c 'unix_ms' stats.txt)
    if [ "$rc" -eq 0 ] && [ "$n" -ge 5 ] &&
        awk -v a="$min" -v b="$max" 'BEGIN { exit !(a >= 0.25 && b <= 2.5) }'; then
        echo "PASS clock jumps: $n slide changes, gaps from $min to $max s"
    else
        echo "FAIL clock jumps: exit $rc, $n slide changes, gaps $min..$max s:" $gaps
        tail -n 5 play-clock.log
    fi
fi
