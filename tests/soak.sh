#!/bin/sh
# make soak: the player for SOAK_SECONDS (default 300) on SDL's dummy driver,
# playing the default content plus a generated 200-slide feed at 0.2 s per
# slide, and three short films (H.264, HEVC, VP9, made with ffmpeg; each
# plays whole, docs/video.md), while the feed is rewritten every
# SOAK_FEED_EVERY s (default 3) and a drop-folder image appears and
# disappears every 2 s. Then the same for
# SOAK_SAN_SECONDS (default 60) with the sanitized build (LeakSanitizer at
# exit).
# Checks: no crash (exit 0), resident memory after warm-up grows by less
# than 1 MiB, every slide of the generated feed was played (from the --stats
# trace), every film played to its end, no leak. Prints PASS/FAIL lines and
# the RSS figures. The 30-minute loop of films and images:
#   make soak SOAK_SECONDS=1800
# A long run with a reload about every second (docs/performance.md):
#   KEEP_SOAK=1 SOAK_SECONDS=1200 SOAK_FEED_EVERY=1 tests/soak.sh ./vitrine
# SOAK_GROWTH_WARN=1 prints the RSS growth as a WARN line instead of failing
# on it (to look at other checks while the memory is being investigated).
# usage: tests/soak.sh [PLAIN_BINARY [SANITIZED_BINARY]]
cd "$(dirname "$0")/.." || exit 2
ROOT=$(pwd)
bin=${1:-./vitrine}
san=${2:-}
secs=${SOAK_SECONDS:-300}
san_secs=${SOAK_SAN_SECONDS:-60}
every=${SOAK_FEED_EVERY:-3}
case $bin in /*) ;; *) bin=$ROOT/$bin ;; esac
case $san in /*|'') ;; *) san=$ROOT/$san ;; esac
T=$(mktemp -d /tmp/vitrine-soak-XXXXXX)
PLAYER=
cleanup() {
    [ -n "$PLAYER" ] && kill "$PLAYER" 2>/dev/null && wait "$PLAYER" 2>/dev/null
    if [ -n "${KEEP_SOAK:-}" ]; then echo "soak: files kept in $T"; else rm -rf "$T"; fi
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
# Three 1 s films in a feed of their own (none when ffmpeg is missing).
films=0
if command -v ffmpeg >/dev/null; then
    for f in h264:libx264:mp4 hevc:libx265:mkv vp9:libvpx-vp9:webm; do
        name=${f%%:*} rest=${f#*:}
        ffmpeg -v error -y -f lavfi -i "testsrc2=s=320x180:r=30:d=1" -c:v "${rest%%:*}" \
            -pix_fmt yuv420p "film-$name.${rest#*:}" && films=$((films + 1))
    done
fi
{
    echo '<feed version="1"><items>'
    for f in film-*.*; do
        [ -e "$f" ] && echo "<poster id=\"${f%%.*}\"><video>$f</video><title>Film</title>" \
            "<weight>3</weight></poster>"
    done
    echo '</items></feed>'
} >films.xml
cat >vitrine.conf <<CONF
[content]
feed = content/feed.xml
feed = soak.xml
feed = films.xml
drop = content/drop
[paths]
cache = $T/cache
state = $T/state
CONF

# run BINARY SECONDS TAG: plays, disturbs, samples RSS once a second.
run() {
    # shellcheck disable=SC2086 # SOAK_PLAY_ARGS: extra options, split on spaces
    "$1" play --window 640x360 --duration 200 --stats "stats-$3.txt" --quit-after "$2" \
        ${SOAK_PLAY_ARGS:-} >"play-$3.log" 2>&1 &
    PLAYER=$!
    t0=$(date +%s) v=1 n=0
    : >"rss-$3.txt"
    while kill -0 "$PLAYER" 2>/dev/null; do
        sleep 1
        n=$((n + 1))
        t=$(($(date +%s) - t0)) # seconds really elapsed: the loop's work takes time too
        # "second VmRSS RssAnon RssFile" (kB): anonymous memory is the heap
        # and the pictures, file memory the libraries and fonts mapped in.
        rss=$(awk '/^VmRSS:/ { r = $2 } /^RssAnon:/ { a = $2 } /^RssFile:/ { f = $2 }
                   END { if (r != "") print r, a, f }' "/proc/$PLAYER/status" 2>/dev/null)
        [ -n "$rss" ] && echo "$t $rss" >>"rss-$3.txt"
        if [ $((n % every)) -eq 0 ]; then v=$((v + 1)); gen $v; fi
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

# SOAK_WARMUP: seconds left out before measuring (default a fifth of the
# run, at most 60). The allocator's arenas settle over the first minutes
# (docs/performance.md, "Memory over weeks"): CI leaves out 180 s of 480.
warm=${SOAK_WARMUP:-}
if [ -z "$warm" ]; then
    warm=$((secs / 5))
    [ $warm -gt 60 ] && warm=60
fi
# Resident memory breathes: it sits near one level and jumps by up to 9 MB
# for the second or so that a photo slide is decoded (the full-size picture,
# mmapped and given back at once). One sample a second lands on such a jump
# at random, so a peak says nothing about growth (peaks over the two halves
# gave +2.5 MB on a run whose level rose by 0.2 MB). The level is the median
# over a window (jumps are a few samples in 60): compare the median of the
# first W s after warm-up with that of the last W s, and extrapolate the
# slope between the two windows' centres to the whole run after warm-up.
# A leak of 1 MiB over the run shows as 1 MiB.
win=60
[ $(((secs - warm) / 3)) -lt $win ] && win=$(((secs - warm) / 3))
[ $win -lt 1 ] && win=1
span=$((secs - warm)) dist=$((secs - warm - win))
[ $dist -lt 1 ] && dist=1
# median FILE COLUMN FROM TO: the median of COLUMN over the lines whose
# first column t has FROM <= t < TO (empty when there are none).
median() {
    awk -v c="$2" -v a="$3" -v b="$4" '$1 >= a && $1 < b && $c != "" { print $c }' "$1" |
        sort -n | awk '{ v[NR] = $1 }
            END { if (NR) print NR % 2 ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
# growth FILE COLUMN: "first last growth" for that column (kB).
growth() {
    g1=$(median "$1" "$2" "$warm" $((warm + win)))
    g2=$(median "$1" "$2" $((secs - win)) 999999999)
    if [ -n "$g1" ] && [ -n "$g2" ]; then echo "$g1 $g2 $(((g2 - g1) * span / dist))"; fi
}
peak=$(awk '$2 > p { p = $2 } END { print p + 0 }' rss-plain.txt)
growth rss-plain.txt 2 >rss-summary.txt
read -r first last grew <rss-summary.txt
if [ -n "$grew" ]; then
    echo "RSS: median ${first} kB over the ${win} s after the ${warm} s warm-up, ${last} kB" \
        "over the last ${win} s (peak ${peak} kB); growth over the ${span} s after warm-up:" \
        "${grew} kB"
    if [ "$grew" -lt 1024 ]; then ok "RSS grows by less than 1 MiB (${grew} kB)"
    elif [ -n "${SOAK_GROWTH_WARN:-}" ]; then
        echo "WARN RSS growth: ${grew} kB over ${span} s (median ${first} kB, then ${last} kB)"
    else ko "RSS growth" "${grew} kB over ${span} s (median ${first} kB, then ${last} kB)"; fi
else
    ko "RSS growth" "no RSS sample in the first or the last ${win} s after warm-up"
fi
# The allocator's view (glibc builds): bytes in use, heap and mmapped blocks.
sed -n 's/^sec t=\([0-9]*\) .*used_kb=\([0-9]*\).*/\1 \2/p' stats-plain.txt >heap-plain.txt
growth heap-plain.txt 2 >heap-summary.txt
read -r first last grew <heap-summary.txt
[ -n "$grew" ] && echo "heap in use: median ${first} kB, then ${last} kB; growth ${grew} kB"

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
ended=$(grep '^video ' stats-plain.txt | grep -c 'state=3')
notended=$(grep '^video ' stats-plain.txt | grep -v 'state=3' | grep -c .)
if [ "$films" -eq 0 ]; then echo "soak: no films (ffmpeg missing)"
elif [ "$ended" -ge 1 ] && [ "$notended" -le 1 ]; then
    ok "films played to their end $ended times (stopped early: $notended, at most the last)"
else ko "films" "$ended ended, $notended stopped early: $(grep '^video ' stats-plain.txt | head)"; fi
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
