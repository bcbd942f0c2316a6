#!/bin/sh
# Films in the live player (SDL's dummy driver, the surface backend, mpv's
# software render API). The clips are made here with ffmpeg: each picture is
# a flat grey whose level says its frame number (40 + 6 N), so the stats
# file's "vframe" samples (the centre pixels of both slides of a transition)
# show which frame a transition starts from and ends on. Checks: H.264 with
# sound, HEVC, VP9 and 1080p H.264 play to their end; a transition into a
# film starts from its first frame and one out of it from its last; no black
# frame around a film; the play log records the seconds shown; every kind
# of broken file is skipped without a gap, logged once and reported in the
# status file; `vitrine check` describes films and names the broken ones;
# memory stays flat over a loop of films and images. Then the two ways a
# film reaches the screen, side by side: libmpv's OpenGL render API (SDL's
# opengl renderer on Xvfb's Mesa, --backend gpu) and the software one
# drawing into the frame itself (dummy driver), each on a film red above and
# blue below (a screenshot mid-film: right side up, right colours).
cd "$(dirname "$0")/.." || exit 2
T=$(mktemp -d)
pid=
xpid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; [ -n "$xpid" ] && kill $xpid 2>/dev/null; [ -n "${KEEP:-}" ] || rm -rf "$T"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
unset DISPLAY WAYLAND_DISPLAY
ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }

if ! command -v ffmpeg >/dev/null; then
    echo "SKIP video: ffmpeg is not installed (scripts/deps.sh)"
    exit 0
fi
if ./vitrine check "$T/none.mp4" 2>&1 | grep -q "has no video"; then
    echo "SKIP video: this build has no video (VIDEO=0)"
    exit 0
fi

# 1 s at 30 images/s: frame N is grey 40 + 6 N (the last, N = 29, is 214).
ramp() { # size codec file [extra args]
    size=$1 codec=$2 out=$3
    shift 3
    ffmpeg -v error -y -f lavfi -i "color=c=black:s=$size:r=30:d=1,format=gray,geq=lum='40+N*6'" \
        "$@" -c:v "$codec" -pix_fmt yuv420p "$T/c/$out" || echo "FAIL ffmpeg $out"
}
mkdir -p "$T/c"
ramp 320x180 libx264 sound.mp4 -f lavfi -i "sine=f=440:d=1" -c:a aac -shortest -preset ultrafast
ramp 320x180 libx265 hevc.mkv -x265-params log-level=error
ramp 320x180 libvpx-vp9 vp9.webm -deadline realtime
ramp 1920x1080 libx264 hd.mov -preset ultrafast
ffmpeg -v error -y -f lavfi -i "testsrc2=s=1920x1080:r=60:d=1" -c:v libx264 -preset ultrafast \
    -pix_fmt yuv420p "$T/c/hd60.mp4"
: >"$T/c/empty.mp4"
head -c 20000 /dev/urandom >"$T/c/corrupt.mkv"
head -c 3000 "$T/c/sound.mp4" >"$T/c/trunc.mp4"
ffmpeg -v error -y -f lavfi -i "sine=d=1" "$T/c/audio.webm"
ffmpeg -v error -y -f lavfi -i "color=c=gray:s=7680x4320:r=1:d=1" -c:v libx264 \
    -preset ultrafast "$T/c/8k.mp4"
# A film damaged in its middle: the decoder meets garbage mid-play.
ffmpeg -v error -y -f lavfi -i "testsrc2=s=320x180:r=30:d=2" -c:v libx264 -preset ultrafast \
    "$T/c/mid.mp4"
sz=$(stat -c %s "$T/c/mid.mp4")
head -c 4000 /dev/urandom | dd of="$T/c/mid.mp4" bs=1 seek=$((sz / 2)) conv=notrunc 2>/dev/null
ffmpeg -v error -y -f lavfi -i "color=c=red:s=320x90:r=30:d=1[a];color=c=blue:s=320x90:r=30:d=1[b];[a][b]vstack" \
    -c:v libx264 -preset ultrafast -pix_fmt yuv420p "$T/c/two.mp4"

cat >"$T/c/good.xml" <<'EOF'
<feed version="1"><items>
<notice id="img1"><title>Bonjour</title><duration>1</duration></notice>
<poster id="sound"><video>sound.mp4</video><title>Film</title></poster>
<poster id="hevc"><video>hevc.mkv</video></poster>
<notice id="img2"><title>Deux</title><duration>1</duration></notice>
<poster id="vp9"><video>vp9.webm</video></poster>
<place id="hd"><title>Lieu</title><video>hd.mov</video></place>
</items></feed>
EOF
cat >"$T/c/two.xml" <<'EOF'
<feed version="1"><items>
<poster id="two"><video>two.mp4</video><loops>3</loops></poster>
<notice id="img1"><title>Bonjour</title><duration>1</duration></notice>
<poster id="hevc"><video>hevc.mkv</video></poster>
</items></feed>
EOF
cat >"$T/c/sixty.xml" <<'EOF'
<feed version="1"><items><poster id="hd60"><video>hd60.mp4</video></poster></items></feed>
EOF
cat >"$T/c/bad.xml" <<'EOF'
<feed version="1"><items>
<notice id="img1"><title>Un</title><duration>1</duration></notice>
<poster id="b-empty"><video>empty.mp4</video></poster>
<poster id="b-corrupt"><video>corrupt.mkv</video></poster>
<notice id="img2"><title>Deux</title><duration>1</duration></notice>
<poster id="b-trunc"><video>trunc.mp4</video></poster>
<poster id="b-audio"><video>audio.webm</video></poster>
<notice id="img3"><title>Trois</title><duration>1</duration></notice>
<poster id="b-8k"><video>8k.mp4</video></poster>
<poster id="b-missing"><video>missing.mp4</video></poster>
<poster id="mid"><video>mid.mp4</video></poster>
</items></feed>
EOF

run() { # name feed seconds
    ./vitrine play --set paths.state="$T/$1" --set paths.cache="$T/cache" --set content.drop= \
        --window 480x270 --stats "$T/$1.stats" --quit-after "$3" "$T/c/$2" 2>"$T/$1.err" &
    pid=$!
}

# 1. Good films in a loop with images, and the memory over the loop: the
# resident size swings with the film playing (the 1080p one), so the peaks
# of two windows of one loop (~11 s) each are compared.
run good good.xml 24
sleep 2
i=0
: >"$T/rss"
while [ $i -lt 42 ] && kill -0 $pid 2>/dev/null; do
    echo "$i $(awk '/VmRSS/ {print $2}' /proc/$pid/status 2>/dev/null)" >>"$T/rss"
    sleep 0.5
    i=$((i + 1))
done
rss1=$(awk '$1 < 21 && $2 > m {m = $2} END {print m}' "$T/rss")
rss2=$(awk '$1 >= 21 && $2 > m {m = $2} END {print m}' "$T/rss")
wait $pid
rc=$?
pid=
if [ $rc -eq 0 ] && grep -q '^total ' "$T/good.stats"; then
    ok "the player quits cleanly after playing films"
else
    ko "the player quits cleanly after playing films" "status $rc: $(tail -5 "$T/good.err")"
fi

python3 - "$T/good.stats" "$T/good" <<'PY'
import glob, json, re, sys
stats, state = sys.argv[1], sys.argv[2]
lines = open(stats).read().splitlines()
def kv(line):
    return dict(x.split("=", 1) for x in line.split()[1:] if "=" in x)
slides = [kv(l) for l in lines if l.startswith("slide ")]
videos = [kv(l) for l in lines if l.startswith("video ")]
vframes = [kv(l) for l in lines if l.startswith("vframe ")]
def res(ok, name, why=""):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + why))
for vid, what in (("sound", "H.264 with sound"), ("hevc", "HEVC"), ("vp9", "VP9"),
                  ("hd", "1080p H.264")):
    ended = [v for v in videos if v["id"] == vid and v["state"] == "3"]
    res(ended, "a %s film plays to its end" % what,
        "no ended 'video id=%s' line in %s" % (vid, [l for l in lines if vid in l]))
grey = lambda px: int(px[-2:], 16)
into = [f for f in vframes if f["p"] == "0.00" and f["to_video"] == "1"]
outof = [f for f in vframes if f["p"] == "0.00" and f["from_video"] == "1"]
bad_in = [f["to"] for f in into if abs(grey(f["to"]) - 40) > 8]
bad_out = [f["from"] for f in outof if abs(grey(f["from"]) - 214) > 14]
res(into and not bad_in, "a transition into a film starts from its first frame (%d)" % len(into),
    "grey levels %s, frame 0 is 40" % bad_in)
res(outof and not bad_out, "a transition out of a film starts from its last frame (%d)"
    % len(outof), "grey levels %s, the last frame is 214" % bad_out)
black = [f for f in vframes if min(grey(f["from"]), grey(f["to"])) < 24]
res(vframes and not black, "no black frame around a film (%d samples)" % len(vframes),
    str(black))
both = [f for f in vframes if f["from_video"] == "1" and f["to_video"] == "1"]
res(both, "two films in a row crossfade", "no transition from a film to a film")
late = [s for s in slides[1:] if float(s["late_ms"]) > 500]
res(len(slides) >= 8 and not late, "films are ready before their turn (%d slides)" % len(slides),
    "late slides: %s" % late)
plays = []
for f in glob.glob(state + "/playlog-*.jsonl"):
    plays += [json.loads(l) for l in open(f) if l.strip()]
vp = [p for p in plays if p.get("kind") == "video"]
short = [p for p in vp if not 0.7 <= p["duration"] <= 2.5]
res(len(vp) >= 3 and not short, "the play log records films with the seconds shown (%d)"
    % len(vp), "entries %s" % (short or plays[:6]))
PY
if ldd ./vitrine 2>/dev/null | grep -q libasan; then
    echo "memory not measured: AddressSanitizer's quarantine holds freed memory (${rss1} -> ${rss2} KiB)"
elif [ -n "$rss1" ] && [ -n "$rss2" ] && [ $((rss2 - rss1)) -lt 10000 ]; then
    ok "memory stays flat over a loop of films and images (peaks ${rss1} -> ${rss2} KiB)"
else
    ko "memory stays flat over a loop of films and images" "${rss1} -> ${rss2} KiB"
fi
if ! grep -q "video" "$T/good.err"; then
    ok "good films log nothing"
else
    ko "good films log nothing" "$(grep video "$T/good.err")"
fi

# 1b. A film's decoder gets the threads its picture rate needs: one for
# 1080p at 30 images/s, two at 60, twice that on ARM; one a core at most.
per=1
case "$(uname -m)" in arm* | aarch64) per=2 ;; esac
cores=$(nproc)
want30=$((per < cores ? per : cores))
want60=$((2 * per < cores ? 2 * per : cores))
s30=s
[ "$want30" = 1 ] && s30=
run sixty sixty.xml 3
wait $pid
pid=
if grep -q "hd.mov: 1920x1080 at 30 images/s, decoded on $want30 thread$s30\$" "$T/good.err" &&
    grep -q "hd60.mp4: 1920x1080 at 60 images/s, decoded on $want60 thread" "$T/sixty.err"; then
    ok "a film is decoded on the threads its picture rate needs (1080p30: $want30, 1080p60: $want60)"
else
    ko "a film is decoded on the threads its picture rate needs" \
        "$(grep -h "decoded on" "$T/good.err" "$T/sixty.err")"
fi

# 2. Broken films: skipped without a gap, one line each, in the status file.
run bad bad.xml 9
wait $pid
rc=$?
pid=
[ $rc -eq 0 ] || ko "the player quits cleanly after broken films" "status $rc"
python3 - "$T/bad.stats" "$T/bad.err" "$T/bad/status.json" <<'PY'
import json, sys
lines = open(sys.argv[1]).read().splitlines()
err = open(sys.argv[2]).read()
def res(ok, name, why=""):
    print(("PASS " if ok else "FAIL ") + name + ("" if ok else ": " + why))
t = [float(l.split()[1][2:]) for l in lines if l.startswith("slide ")]
ids = [l.split(" id=")[1].split()[0] for l in lines if l.startswith("slide ")]
gaps = [round(b - a, 2) for a, b in zip(t, t[1:]) if "mid" not in ids[t.index(a)]]
shown = [i for i in ids if i.startswith("b-")]
res(not shown, "broken films are never shown", str(shown))
# a 1 s slide, a 0.8 s fade: the next slide is never more than a second late
res(len(t) >= 4 and max(gaps) < 2.9, "a broken film is skipped within a second (%d slides, "
    "longest gap %.2f s)" % (len(t), max(gaps or [0])), "gaps %s" % gaps)
for f, what in (("empty.mp4", "empty"), ("corrupt.mkv", "corrupt"), ("trunc.mp4", "truncated"),
                ("audio.webm", "without picture"), ("8k.mp4", "8K"), ("missing.mp4", "missing")):
    n = sum(1 for l in err.splitlines() if "/" + f in l and not l.startswith("<7>"))
    res(n == 1, "a %s film is logged once" % what, "%d lines for %s:\n%s" % (n, f, err))
mid = [l for l in lines if l.startswith("video ") and "id=mid" in l]
res(mid, "a film damaged mid-play ends and the loop goes on", "no video line for mid")
try:
    st = json.load(open(sys.argv[3]))
    fault = st["player"].get("video_fault", "")
except Exception as e:
    fault = "unreadable: %s" % e
res(fault.startswith("b-"), "the status file names a film that could not play", fault)
PY

# 3. vitrine check describes films, names the broken ones and advises Pis.
out=$(./vitrine check --pi 5 "$T/c/hd.mov" "$T/c/hevc.mkv" 2>&1)
if echo "$out" | grep -q "hd.mov: ok (h264 1920x1080" &&
    echo "$out" | grep -q "hd.mov.*warning.*Raspberry Pi 5" &&
    ! echo "$out" | grep -q "hevc.mkv.*warning"; then
    ok "check describes films and warns when the Pi decodes them on its CPU"
else
    ko "check describes films and warns when the Pi decodes them on its CPU" "$out"
fi
out=$(./vitrine check "$T/c/bad.xml" 2>&1)
rc=$?
n=$(echo "$out" | grep -c "bad.xml:[0-9]*: video")
if [ $rc -eq 1 ] && [ "$n" -eq 6 ]; then
    ok "check names every broken film of a feed, with its line"
else
    ko "check names every broken film of a feed, with its line" "status $rc, $n lines: $out"
fi

# 4. OpenGL, OpenGL ES (a Pi's) and software side by side (all at once: 7 s).
render_two() { # name backend: a screenshot is asked 2 s in, while the film (3 s) plays
    ./vitrine play --set paths.state="$T/$1" --set paths.cache="$T/cache" --set content.drop= \
        --backend "$2" --window 480x270 --stats "$T/$1.stats" --quit-after 7 "$T/c/two.xml" \
        2>"$T/$1.err" &
    echo $! >"$T/$1.pid"
}
pixel() { # png x y -> "r,g,b"
    convert "$1" -format "%[fx:int(255*p{$2,$3}.r)],%[fx:int(255*p{$2,$3}.g)],%[fx:int(255*p{$2,$3}.b)]" \
        info: 2>/dev/null
}
if command -v Xvfb >/dev/null; then
    exec 3>"$T/displayfd"
    Xvfb -displayfd 3 -screen 0 640x360x24 -nolisten tcp >/dev/null 2>&1 &
    xpid=$!
    exec 3>&-
    for _ in $(seq 50); do [ -s "$T/displayfd" ] && break; sleep 0.1; done
    (
        export SDL_VIDEODRIVER=x11 DISPLAY=":$(cat "$T/displayfd")"
        SDL_RENDER_DRIVER=opengl render_two gl gpu
        SDL_RENDER_DRIVER=opengles2 render_two gles gpu
    )
fi
render_two sw surface
sleep 2
for r in gl gles sw; do [ -s "$T/$r.pid" ] && kill -USR1 "$(cat "$T/$r.pid")"; done
for r in gl gles sw; do
    [ -s "$T/$r.pid" ] || continue
    p=$(cat "$T/$r.pid")
    while kill -0 "$p" 2>/dev/null; do sleep 0.2; done
done
[ -n "$xpid" ] && kill "$xpid" 2>/dev/null
xpid=
for r in gl gles sw; do
    case $r in
    gl) what="OpenGL" want=opengl disp="gpu opengl " ;;
    gles) what="OpenGL ES" want=opengl disp="gpu opengles2 " ;;
    *) what="the CPU, into the frame" want=software disp="surface " ;;
    esac
    if [ ! -s "$T/$r.pid" ]; then
        echo "SKIP video drawn by $what: Xvfb is not installed (scripts/deps.sh)"
        continue
    fi
    how=$(sed -n 's/.*"video_render":[^"]*"\([a-z]*\)".*/\1/p' "$T/$r/status.json" 2>/dev/null)
    top=$(pixel "$T/$r/screenshot.png" 240 60)
    bottom=$(pixel "$T/$r/screenshot.png" 240 210)
    ended=$(grep '^video .* id=two .*state=3' "$T/$r.stats" 2>/dev/null | grep -c .)
    colours=
    case "$top $bottom" in 25[45],0,0\ 0,0,25[45]) colours=1 ;; esac
    if [ "$how" = "$want" ] && grep -q "display: .*$disp" "$T/$r.err" && [ -n "$colours" ] && [ "$ended" -ge 1 ] &&
        ! grep -q "video" "$T/$r.err"; then
        ok "a film drawn by $what: upright, true colours, played to its end"
    else
        ko "films drawn by $what" "status says '$how', top $top, bottom $bottom (red above blue \
expected), ended $ended times: $(grep -v '^<6>' "$T/$r.err" | tail -3)"
    fi
done
