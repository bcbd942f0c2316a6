#!/bin/sh
# make soak: the player for SOAK_SECONDS (default 300) on SDL's dummy driver,
# playing the default content plus a generated 200-slide feed at 0.2 s per
# slide, while the feed is rewritten every 3 s and a drop-folder image
# appears and disappears every 2 s. Then the same for SOAK_SAN_SECONDS
# (default 60) with the sanitized build (LeakSanitizer at exit).
# Checks: no crash (exit 0), resident memory after warm-up grows by less
# than 1 MiB, every slide of the generated feed was played (from the --stats
# trace), no leak. Prints PASS/FAIL lines and the RSS figures.
# usage: tests/soak.sh [PLAIN_BINARY [SANITIZED_BINARY]]
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
bin=${1:-./vitrine}
san=${2:-}
secs=${SOAK_SECONDS:-300}
san_secs=${SOAK_SAN_SECONDS:-60}
case $bin in /*) ;; *) bin=$ROOT/$bin ;; esac
case $san in /*|'') ;; *) san=$ROOT/$san ;; esac
T=$(mktemp -d /tmp/vitrine-soak-XXXXXX)
PLAYER=
cleanup() {
    [ -n "$PLAYER" ] && kill "$PLAYER" 2>/dev/null && wait "$PLAYER" 2>/dev/null
    [ -n "${KEEP_SOAK:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
unset DISPLAY WAYLAND_DISPLAY
failed=0
ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; failed=$((failed + 1)); }

cp -R content themes "$T/"
cp tests/fixtures/images/small.jpg "$T/drop-source.jpg"
cd "$T" || exit 2
# short fades, so that 0.2 s slides still go through the transition code
sed -i 's/^transition_ms = .*/transition_ms = 100/' themes/default/theme.ini
# 200 notices, each eligible all day every day, equal weight.
gen() { # VERSION
    {
        echo '<feed version="1"><items>'
        i=0
        while [ $i -lt 200 ]; do
            printf '<notice id="soak-%03d"><title>Annonce %d (%s)</title>' $i $i "$1"
            printf '<body>Texte de la version %s, pour le test d’endurance.</body></notice>\n' "$1"
            i=$((i + 1))
        done
        echo '</items></feed>'
    } >soak.xml.tmp && mv soak.xml.tmp soak.xml
}
gen 1
cat >vitrine.conf <<CONF
[content]
feed = content/feed.xml
feed = soak.xml
drop = content/drop
[paths]
cache = $T/cache
state = $T/state
CONF

# run BINARY SECONDS TAG: plays, disturbs, samples RSS once a second.
run() {
    "$1" play --window 640x360 --duration 200 --stats "stats-$3.txt" --quit-after "$2" \
        >"play-$3.log" 2>&1 &
    PLAYER=$!
    t0=$(date +%s) v=1 n=0
    : >"rss-$3.txt"
    while kill -0 "$PLAYER" 2>/dev/null; do
        sleep 1
        n=$((n + 1))
        t=$(($(date +%s) - t0)) # seconds really elapsed: the loop's work takes time too
        rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$PLAYER/status" 2>/dev/null)
        [ -n "$rss" ] && echo "$t $rss" >>"rss-$3.txt"
        if [ $((n % 3)) -eq 0 ]; then v=$((v + 1)); gen $v; fi
        if [ $((n % 2)) -eq 0 ]; then
            if [ -e content/drop/soak-drop.jpg ]; then rm -f content/drop/soak-drop.jpg
            else cp drop-source.jpg content/drop/soak-drop.jpg.part &&
                mv content/drop/soak-drop.jpg.part content/drop/soak-drop.jpg; fi
        fi
    done
    wait "$PLAYER"
    rc=$?
    PLAYER=
    return $rc
}

# ---- plain build: crash, memory, coverage ----
run "$bin" "$secs" plain
rc=$?
if [ "$rc" -eq 0 ]; then ok "soak ran ${secs} s and exited cleanly"
else ko "soak exit" "status $rc after ${secs} s: $(tail -n 5 play-plain.log)"; fi

warm=$((secs / 5))
[ $warm -gt 60 ] && warm=60
# Resident memory swings by a few MB with the pictures of the two slides in
# memory, so compare peaks over long windows: the first half after warm-up
# against the second half. A leak of 1 MiB or more still shows as growth.
mid=$(((warm + secs) / 2))
win=$((secs - mid))
awk -v warm="$warm" -v mid="$mid" '
    $1 >= warm && $1 < mid && $2 > base { base = $2 }
    $1 >= mid && $2 > last { last = $2 }
    { if ($2 > peak) peak = $2 }
    END { printf "%d %d %d\n", base, last, peak }' rss-plain.txt >rss-summary.txt
read -r base last peak <rss-summary.txt
growth=$((last - base))
echo "RSS: ${base} kB after ${warm} s warm-up, ${last} kB at the end, peak ${peak} kB;" \
    "growth ${growth} kB over $((secs - warm - win)) s"
if [ "$base" -gt 0 ] && [ "$last" -gt 0 ] && [ "$growth" -lt 1024 ]; then ok "RSS grows by less than 1 MiB ($growth kB)"
else ko "RSS growth" "${growth} kB (from $base to $last kB)"; fi

slides=$(grep -c '^slide ' stats-plain.txt)
played=$(sed -n 's/^slide .* id=\(soak-[0-9]*\) .*/\1/p' stats-plain.txt | sort -u | wc -l)
drops=$(grep -c 'id=drop-soak-drop.jpg' stats-plain.txt)
echo "slides: $slides shown, $played of the 200 soak slides, the dropped image $drops times"
# A full rotation takes about (200 + the default content) slide times; a run
# shorter than two of them cannot promise every slide.
per=$(awk -v n="$slides" -v s="$secs" 'BEGIN { printf "%.3f", n ? s / n : 1 }')
need=$(awk -v p="$per" 'BEGIN { printf "%d", 2 * 240 * p }')
if [ "$played" -eq 200 ]; then ok "every soak slide was played ($slides slides in ${secs} s)"
elif [ "$secs" -lt "$need" ]; then echo "PASS soak coverage not checked: ${secs} s < ${need} s"
else ko "coverage" "$played of 200 soak slides in $slides slides"; fi
reloads=$(grep -c 'content reloaded' play-plain.log)
if [ "$reloads" -ge $((secs / 6)) ]; then ok "the feed was reloaded $reloads times"
else ko "reloads" "only $reloads reloads in ${secs} s"; fi

# ---- sanitized build: leaks and memory errors over the same workload ----
if [ -n "$san" ]; then
    export ASAN_OPTIONS="detect_leaks=1:quarantine_size_mb=16"
    export LSAN_OPTIONS="suppressions=$ROOT/tests/lsan.supp:print_suppressions=0"
    run "$san" "$san_secs" san
    rc=$?
    if [ "$rc" -eq 0 ] && ! grep -q 'Sanitizer' play-san.log; then
        ok "sanitized soak ${san_secs} s: no leak, no memory error"
    else
        ko "sanitized soak" "status $rc: $(grep -A12 'Sanitizer' play-san.log | head -30)"
    fi
fi
echo "soak: $failed failed"
[ "$failed" -eq 0 ]
