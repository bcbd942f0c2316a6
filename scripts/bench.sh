#!/bin/sh
# Benchmark of the live player on the reference loop, beside a browser kiosk.
#
#   scripts/bench.sh [SECONDS]        (default 60; needs Xvfb and python3)
#
# The loop: six 1920x1280 JPEG photos, each with a text panel, and a clock;
# 3 s hold + 1 s crossfade, on Xvfb at 1920x1080 (no GPU). ../shared/bench/kiosk
# has the same loop as a web page. Prints fps during fades, p99 frame time,
# dropped frames, CPU (% of one core, whole loop and holds only), peak PSS and
# the time from just before exec to the first frame presented; then the same
# loop with a 500-slide feed (memory); then Chromium on the kiosk page when it
# is installed (apt-get install chromium; never needed by `make test`).
# Optional: BENCH_GPU=1 also runs the OpenGL renderer (llvmpipe here).
#
# The player runs as the unit runs it: its own configuration, the play log
# on, a systemd watchdog of 30 s (NOTIFY_SOCKET and WATCHDOG_USEC; nobody
# listens, the pings go nowhere), no --duration. --stats never wakes its loop.
# Every figure comes with the load average (1 min) before and after its run:
# a loaded machine moves the p99 and the dropped frames first.
set -eu
cd "$(dirname "$0")/.."
SECS=${1:-60}
WARM=${WARM:-5}
SHARED=${SHARED:-../shared/bench}
[ -d "$SHARED" ] || SHARED=$(cd .. && pwd)/shared/bench
[ -d "$SHARED" ] || SHARED=$(cd ../.. && pwd)/shared/bench
PROCTREE="$SHARED/proctree.py"
[ -f "$PROCTREE" ] || { echo "bench: $PROCTREE not found (set SHARED=)" >&2; exit 2; }
command -v Xvfb >/dev/null || { echo "bench: Xvfb is missing: apt-get install xvfb" >&2; exit 2; }
make -s vitrine >/dev/null

T=$(mktemp -d /tmp/vitrine-bench.XXXXXX)
XPID=
cleanup() {
    [ -n "$XPID" ] && kill "$XPID" 2>/dev/null
    rm -rf "$T"
}
trap cleanup EXIT INT TERM

# ---- the reference loop as a feed and a theme ----------------------------
mkdir -p "$T/feed/images" "$T/feed500"
for i in 1 2 3 4 5 6; do
    if [ -f "$SHARED/kiosk/img$i.jpg" ]; then
        cp "$SHARED/kiosk/img$i.jpg" "$T/feed/images/"
    else
        convert -size 1920x1280 plasma:fractal -blur 0x2 -quality 88 "$T/feed/images/img$i.jpg"
    fi
done
ln -s "$T/feed/images" "$T/feed500/images"
cp -R themes/default "$T/theme"
printf '[paths]\nstate = %s/state\ncache = %s/cache\n[content]\ndrop = %s/drop\n' "$T" "$T" "$T" \
    >"$T/vitrine.conf"
# Same split and timing as the kiosk page: photo 62 % wide, 1 s linear fade.
sed -i -e 's/^transition *=.*/transition = fade/' -e 's/^transition_ms *=.*/transition_ms = 1000/' \
    -e '0,/^image_ratio *=.*/s//image_ratio = 0.62/' "$T/theme/theme.ini"

item() { # n title subtitle body
    cat <<EOF
    <place id="bench-$1">
      <title>$2</title>
      <subtitle>$3</subtitle>
      <body>$4</body>
      <image>images/img$(( ($1 - 1) % 6 + 1 )).jpg</image>
      <duration>3</duration>
    </place>
EOF
}
six() { # offset
    o=$1
    item $((o + 1)) "Fête du Gâteau Basque" "Dimanche 15 septembre · Place de la Mairie" \
        "Démonstrations, dégustations et concours du meilleur gâteau basque. Animations pour toute la famille, danses basques et chœur."
    item $((o + 2)) "Concert : Benito Lertxundi" "Samedi 12 octobre · 20 h 30 · Église Saint-Laurent" \
        "Le grand chanteur basque en concert exceptionnel. Billetterie à l’Office de Tourisme."
    item $((o + 3)) "Villa Arnaga" "Maison d’Edmond Rostand" \
        "Visitez la demeure et les jardins à la française de l’auteur de Cyrano de Bergerac. Ouvert tous les jours d’avril à novembre."
    item $((o + 4)) "Thermes de Cambo-les-Bains" "Cures et remise en forme" \
        "Accueil délocalisé de l’Office de Tourisme aux Thermes : informations, billetterie, réservations."
    item $((o + 5)) "Journée Chiquito" "Fronton municipal" \
        "Pelote basque : parties, initiations et restauration sur place."
    item $((o + 6)) "Hôtel-Restaurant Partenaire" "Cuisine du terroir basque" \
        "Menu du jour, terrasse ombragée, à deux pas du centre. Réservation conseillée."
}
feed() { # count
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<feed version="1"><settings><office>Office de Tourisme de Cambo-les-Bains</office>'
    echo '<duration>3</duration><agenda_days>0</agenda_days></settings><items>'
    o=0
    while [ "$o" -lt "$1" ]; do
        six "$o"
        o=$((o + 6))
    done
    echo '</items></feed>'
}
feed 6 >"$T/feed/feed.xml"
feed 498 >"$T/feed500/feed.xml" # 83 rounds of six: 498 slides
./vitrine check "$T/feed/feed.xml" >/dev/null 2>&1 || ./vitrine check "$T/feed/feed.xml" >&2 || true

# ---- the display --------------------------------------------------------
# A free display number, from Xvfb itself (other runs may hold some).
exec 3>"$T/displayfd"
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp >/dev/null 2>&1 &
XPID=$!
exec 3>&-
for _ in $(seq 50); do [ -s "$T/displayfd" ] && break; sleep 0.1; done
export DISPLAY=":$(cat "$T/displayfd")"
# As under the unit (WatchdogSec=30): a ping every 15 s, sent to no one.
export NOTIFY_SOCKET="$T/notify.sock" WATCHDOG_USEC=30000000

field() { # file key -> value of key= on the line
    sed -n "s/.*[ ^]$2=\([^ ]*\).*/\1/p" "$1" | tail -n 1
}

load1() { # the 1-minute load average
    cut -d' ' -f1 /proc/loadavg
}

HOLD_AWK='/^sec /{a=-1;c=0;p=0;for(i=1;i<=NF;i++){split($i,kv,"=");if(kv[1]=="anim")a=kv[2];if(kv[1]=="cpu_pct")c=kv[2];if(kv[1]=="prep_ms")p=kv[2]} if(a==0&&(!idle||p==0)&&++k>2){s+=c;n++}} END{if(n)printf "%.2f",s/n; else print "-"}'

# runs the player under proctree; $1 = label, $2 = feed, rest = options
run_vitrine() {
    label=$1 feedf=$2
    shift 2
    stats="$T/stats-$label.txt"
    l0=$(load1)
    out=$(python3 "$PROCTREE" --warmup "$WARM" --secs "$SECS" -- \
        ./vitrine play -c "$T/vitrine.conf" --theme "$T/theme" --stats "$stats" "$@" "$feedf")
    l1=$(load1)
    # fps from present to present: a fade of n frames has n - 1 intervals
    # over its span (first present to last).
    fades=$(awk '/^fade /{for(i=1;i<=NF;i++){split($i,kv,"=");if(kv[1]=="frames")f+=kv[2]-1;if(kv[1]=="span_ms")m+=kv[2]}} END{if(m>0)printf "%.1f",f*1000/m; else print "-"}' "$stats")
    # Holds: seconds without an animation frame (only the clock may change);
    # idle: those where the worker prepared nothing either.
    holdcpu=$(awk -v idle=0 "$HOLD_AWK" "$stats")
    idlecpu=$(awk -v idle=1 "$HOLD_AWK" "$stats")
    # Late: a slide that started more than one refresh period after its due
    # time (the end of the hold before it), whatever the cause.
    hz=$(field "$stats" refresh_hz)
    late=$(awk -v hz="$hz" '/^slide /{for(i=1;i<=NF;i++){split($i,kv,"=");if(kv[1]=="late_ms"){if(kv[2]>1000/hz)n++;if(kv[2]>w)w=kv[2]}}} END{printf "%d worst_late_ms=%.1f",n,w}' "$stats")
    p99=$(field "$stats" p99_ms)
    long=$(awk '/^total /{for(i=1;i<=NF;i++){split($i,kv,"=");if(kv[1]=="long")print kv[2]}}' "$stats")
    echo "$label $out fade_fps=$fades p99_ms=$p99 dropped=$long hold_cpu_pct=$holdcpu idle_hold_cpu_pct=$idlecpu late_slides=$late backend=\"$(sed -n 's/.*backend=//p' "$stats" | head -n 1)\" load=$l0..$l1"
}

first_frame() { # median of 5 cold starts, in ms from just before exec to the first present
    for k in 1 2 3 4 5; do
        s="$T/ff.txt"
        t0=$(date +%s%3N)
        ./vitrine play -c "$T/vitrine.conf" --theme "$T/theme" --stats "$s" --quit-after 1 \
            "$T/feed/feed.xml" 2>/dev/null
        t1=$(field "$s" unix_ms)
        echo $((t1 - t0))
    done | sort -n | sed -n 3p
}

echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1), Xvfb 1920x1080x24, no GPU"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ), ${SECS} s per run after ${WARM} s warm-up"
l0=$(load1)
ff=$(first_frame)
echo "first_frame_ms=$ff load=$l0..$(load1)"
run_vitrine loop "$T/feed/feed.xml"
run_vitrine loop500 "$T/feed500/feed.xml"
if [ "${BENCH_GPU:-0}" = 1 ]; then
    run_vitrine opengl "$T/feed/feed.xml" --backend gpu
fi

if command -v chromium >/dev/null 2>&1; then
    cat >"$T/chromium.sh" <<EOF
#!/bin/sh
exec "$SHARED/kiosk/run-chromium.sh" 2>"$T/chromium.log"
EOF
    chmod +x "$T/chromium.sh"
    l0=$(load1)
    out=$(env -u NOTIFY_SOCKET -u WATCHDOG_USEC python3 "$PROCTREE" --warmup 8 --secs "$SECS" -- "$T/chromium.sh")
    l1=$(load1)
    fps=$(sed -n 's/.*KIOSK fade_fps=\([0-9.]*\).*/\1/p' "$T/chromium.log" | awk '{s+=$1;n++} END{if(n)printf "%.1f",s/n; else print "-"}')
    echo "chromium $out fade_fps=$fps load=$l0..$l1"
else
    echo "chromium: not installed (apt-get install chromium), skipped"
fi
