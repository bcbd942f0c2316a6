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
# Optional: BENCH_GPU=1 also runs the OpenGL renderer (llvmpipe here);
# KEEP_BENCH=1 keeps the feeds, logs and stats files (the path is printed).
#
# The player runs as the unit runs it: its own configuration, the play log
# on, a systemd watchdog of 30 s (NOTIFY_SOCKET and WATCHDOG_USEC; nobody
# listens, the pings go nowhere), no --duration. --stats never wakes its loop.
# Every figure comes with the load average (1 min) before and after its run:
# a loaded machine moves the p99 and the dropped frames first.
#
# The video loop (docs/video.md; BENCH_PARTS="images video" by default, either
# alone works): a 1080p30 H.264 clip made with ffmpeg, played full screen by
# vitrine, by `mpv` alone (vo=x11: the same kind of output, software scaling
# into an X11 shared-memory image) and by the Chromium kiosk's <video>: CPU,
# peak PSS, dropped video frames; then a loop of images and 5 s films with
# crossfades: the longest frame interval of the transitions next to a film.
# BENCH_GPU=1 adds vitrine's film on SDL's OpenGL renderer (libmpv's GL
# render API; llvmpipe here, so the CPU does the GPU's work).
#
# The slow motion of photos (BENCH_PARTS=motion, not in the default parts):
# the image loop with the theme's slow_motion off, then on, on the software
# backend, then both on the OpenGL renderer (llvmpipe here): CPU of the
# whole loop and of the holds (seconds with no fade and no preparation, the
# photo moving or not), p99 frame time and dropped frames. Compare the
# ratios of one sitting: the machine is shared.
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
    if [ -n "${KEEP_BENCH:-}" ]; then echo "bench: files kept in $T" >&2; else rm -rf "$T"; fi
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
        ./vitrine play -c "$T/vitrine.conf" --theme "${BTHEME:-$T/theme}" --stats "$stats" "$@" "$feedf")
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
    # Still: seconds of the holds, whether the photo moves or not (no fade
    # overlaps them, the worker prepared nothing), the first two left out.
    still=$(awk 'function v(k, i, kv){for(i=1;i<=NF;i++){split($i,kv,"=");if(kv[1]==k)return kv[2]}return 0}
        NR==FNR{if($1=="fade"){fe[n]=v("t");fs[n]=fe[n]-v("ms")/1000;n++};next}
        $1=="sec"{t=v("t");ok=v("prep_ms")==0;for(j=0;j<n;j++)if(fe[j]>t-1&&fs[j]<t)ok=0;if(ok&&++k>2){s+=v("cpu_pct");m++}}
        END{if(m)printf "%.2f",s/m; else print "-"}' "$stats" "$stats")
    echo "$label $out fade_fps=$fades p99_ms=$p99 dropped=$long hold_cpu_pct=$holdcpu idle_hold_cpu_pct=$idlecpu still_cpu_pct=$still late_slides=$late backend=\"$(sed -n 's/.*backend=//p' "$stats" | head -n 1)\" load=$l0..$l1"
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

PARTS=${BENCH_PARTS:-images video}
echo "machine: $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1), Xvfb 1920x1080x24, no GPU"
echo "date: $(date -u +%Y-%m-%dT%H:%MZ), ${SECS} s per run after ${WARM} s warm-up"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
case " $PARTS " in *" images "*)
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
    ;;
esac

# ---- slow motion -----------------------------------------------------------
case " $PARTS " in *" motion "*)
for m in off on; do
    cp -R "$T/theme" "$T/theme-$m"
    sed -i "s/^slow_motion *=.*/slow_motion = $m/" "$T/theme-$m/theme.ini"
done
for b in surface gpu; do
    for m in off on; do
        BTHEME="$T/theme-$m" run_vitrine "motion-$m-$b" "$T/feed/feed.xml" --backend "$b"
    done
done
    ;;
esac

# ---- the video loop ------------------------------------------------------
case " $PARTS " in *" video "*) ;; *) exit 0 ;; esac
command -v ffmpeg >/dev/null || { echo "video: ffmpeg is missing (scripts/deps.sh)"; exit 0; }
mkdir -p "$T/vfeed"
CLIP="$T/vfeed/clip.mp4"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30" -t 20 -pix_fmt yuv420p \
    -c:v libx264 -preset veryfast -crf 23 "$CLIP"
ffmpeg -v error -y -f lavfi -i "testsrc2=size=1920x1080:rate=30" -t 5 -pix_fmt yuv420p \
    -c:v libx264 -preset veryfast -crf 23 "$T/vfeed/short.mp4"
cp -R "$T/feed/images" "$T/vfeed/images" # a link would lead outside the feed's folder: refused
cat >"$T/vfeed/film.xml" <<EOF
<feed version="1"><items>
<poster id="film"><video>clip.mp4</video><loops>100</loops></poster>
</items></feed>
EOF
{
    echo '<feed version="1"><settings><duration>3</duration><agenda_days>0</agenda_days>'
    echo '</settings><items>'
    six 0 | awk '/<place/{n++} n <= 2'
    echo '<poster id="film-a"><video>short.mp4</video></poster>'
    six 0 | awk '/<place/{n++} n > 2 && n <= 4'
    echo '<poster id="film-b"><video>short.mp4</video></poster></items></feed>'
} >"$T/vfeed/mixed.xml"
./vitrine check -q "$T/vfeed/mixed.xml" >&2 || true

renderer() { # how the last run drew its films, from its status file
    sed -n 's/.*"video_render":[^"]*"\([a-z]*\)".*/\1/p' "$T/state/status.json" 2>/dev/null
}

# 1. One 1080p30 H.264 film full screen (a poster without caption), no clock.
vstats="$T/stats-video.txt"
out=$(python3 "$PROCTREE" --warmup "$WARM" --secs "$SECS" -- \
    ./vitrine play -c "$T/vitrine.conf" --theme "$T/theme" --no-clock --stats "$vstats" "$T/vfeed/film.xml" \
    2>"$T/video.log")
echo "video_vitrine $out dropped_video_frames=$(field "$vstats" dropped) renderer=$(renderer)"
if [ "${BENCH_GPU:-0}" = 1 ]; then # the OpenGL renderer (on llvmpipe here: not a Pi's GPU)
    out=$(python3 "$PROCTREE" --warmup "$WARM" --secs "$SECS" -- ./vitrine play -c "$T/vitrine.conf" \
        --theme "$T/theme" --no-clock --backend gpu --stats "$vstats" "$T/vfeed/film.xml" 2>"$T/video-gl.log")
    echo "video_vitrine_gl $out dropped_video_frames=$(field "$vstats" dropped) renderer=$(renderer)"
fi

# 2. mpv alone on the same clip, to the same kind of output; its dropped
# frames are asked over its IPC socket just before the end of the run.
cat >"$T/mpv.sh" <<EOF
#!/bin/sh
exec mpv --no-config --vo=x11 --fs --no-audio --hwdec=no --loop-file=inf --osc=no \
    --really-quiet --input-ipc-server="$T/mpv.sock" "$CLIP"
EOF
chmod +x "$T/mpv.sh"
(
    sleep $((WARM + SECS - 2))
    python3 -c 'import json, socket, sys
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.sendall(b"{\"command\": [\"get_property\", \"frame-drop-count\"]}\n")
print(json.loads(s.recv(4096).decode().splitlines()[0]).get("data", "-"))' "$T/mpv.sock" \
        >"$T/mpv.drops" 2>/dev/null
) &
QPID=$!
out=$(python3 "$PROCTREE" --warmup "$WARM" --secs "$SECS" -- "$T/mpv.sh")
wait "$QPID"
echo "video_mpv $out dropped_video_frames=$(cat "$T/mpv.drops" 2>/dev/null || echo -)"

# 3. The Chromium kiosk playing it as a <video>.
if command -v chromium >/dev/null 2>&1; then
    cat >"$T/chromium-video.sh" <<EOF
#!/bin/sh
CLIP="$CLIP" exec "$SHARED/kiosk/run-chromium-video.sh" 2>"$T/chromium-video.log"
EOF
    chmod +x "$T/chromium-video.sh"
    out=$(python3 "$PROCTREE" --warmup 8 --secs "$SECS" -- "$T/chromium-video.sh")
    cdrop=$(sed -n 's/.*KIOSK video total=\([0-9]*\) dropped=\([0-9]*\).*/\2_of_\1/p' \
        "$T/chromium-video.log" | tail -n 1)
    echo "video_chromium $out dropped_video_frames=${cdrop:--}"
fi

# 4. Images and 5 s films in a loop, 1 s crossfades: the longest frame
# interval of the transitions into and out of a film (max_ms of their fade).
mstats="$T/stats-mixed.txt"
out=$(python3 "$PROCTREE" --warmup 2 --secs "$SECS" -- \
    ./vitrine play -c "$T/vitrine.conf" --theme "$T/theme" --stats "$mstats" "$T/vfeed/mixed.xml")
maxi=$(awk '/^slide /{f=($0 ~ / id=film-/)} /^fade /{for(i=1;i<=NF;i++){split($i,kv,"=");
    if(kv[1]=="max_ms")m=kv[2]+0} if(f||pf){if(m>mx)mx=m;n++} pf=f}
    END{printf "%.1f_ms_over_%d_transitions", mx, n}' "$mstats")
late=$(awk '/^slide /{for(i=1;i<=NF;i++){split($i,kv,"=");if(kv[1]=="late_ms"&&kv[2]>0)n++}}
    END{print n+0}' "$mstats")
echo "video_transitions $out max_frame_interval=$maxi refresh_ms=$(awk \
    '/refresh_hz=/{sub(/.*refresh_hz=/,"");printf "%.1f", 1000/$1; exit}' "$mstats") late_slides=$late"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
