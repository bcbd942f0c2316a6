#!/bin/sh
# Integration test of `vitrine play` on SDL's dummy video driver (no display
# needed): it rotates slides with short durations, writes its trace (the
# --stats file: one "slide" line per slide shown), falls back to the office
# slide when the feed is unusable, exits cleanly within 1 s of SIGTERM, and
# moves the first slide's photo when the theme asks for slow motion.
cd "$(dirname "$0")/.." || exit 2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
unset DISPLAY WAYLAND_DISPLAY

ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }
now_ms() { date +%s%3N; }

# 1. Rotation, then SIGTERM.
./vitrine play --duration 400 --stats "$T/s1.txt" content/feed.xml 2>"$T/err1.txt" &
pid=$!
sleep 4 # 4 slides take 2.8 s after the first: room for a slow start on a busy machine
if kill -0 "$pid" 2>/dev/null; then
    t0=$(now_ms)
    kill -TERM "$pid"
    wait "$pid"
    rc=$?
    t1=$(now_ms)
    if [ "$rc" -eq 0 ] && [ $((t1 - t0)) -le 1000 ]; then
        ok "play exits cleanly on SIGTERM ($((t1 - t0)) ms)"
    else
        ko "play exits cleanly on SIGTERM" "status $rc after $((t1 - t0)) ms"
    fi
else
    wait "$pid"
    ko "play keeps running" "exited early with status $?: $(tail -n 3 "$T/err1.txt")"
fi
n=$(grep -c '^slide ' "$T/s1.txt" 2>/dev/null)
ids=$(sed -n 's/^slide .* id=\([^ ]*\) .*/\1/p' "$T/s1.txt" | sort -u | wc -l)
if [ "${n:-0}" -ge 4 ] && [ "$ids" -ge 3 ]; then
    ok "play rotates ($n slides, $ids different, in 4 s)"
else
    ko "play rotates" "$n slides, $ids different in 4 s; trace: $(cat "$T/s1.txt")"
fi
if grep -q '^first_frame ' "$T/s1.txt" && grep -q '^total ' "$T/s1.txt"; then
    ok "trace has the first frame and the closing totals"
else
    ko "trace has the first frame and the closing totals" "$(cat "$T/s1.txt")"
fi
if grep -q '^fade .*kind=\(fade\|push\|wipe\)' "$T/s1.txt"; then
    ok "transitions run"
else
    ko "transitions run" "no fade line in the trace"
fi

# 2. An unusable feed: the fallback slide plays, the problem is logged.
printf '<feed version="1"><items><event id="x"></event>' >"$T/bad.xml"
./vitrine play --duration 200 --quit-after 1.5 --stats "$T/s2.txt" "$T/bad.xml" 2>"$T/err2.txt"
rc=$?
if [ "$rc" -eq 0 ] && grep -q '^slide .*type=fallback' "$T/s2.txt"; then
    ok "an unusable feed plays the fallback slide"
else
    ko "an unusable feed plays the fallback slide" "status $rc; $(cat "$T/s2.txt" "$T/err2.txt")"
fi
if grep -q 'bad.xml' "$T/err2.txt"; then
    ok "an unusable feed is named in the log"
else
    ko "an unusable feed is named in the log" "$(cat "$T/err2.txt")"
fi

# 3. Windowed preview, --quit-after, a ticker band and the clock.
./vitrine play --window 640x360 --duration 300 --quit-after 1.2 --stats "$T/s3.txt" \
    content/feed.xml 2>"$T/err3.txt"
rc=$?
if [ "$rc" -eq 0 ] && grep -q '^slide ' "$T/s3.txt"; then
    ok "windowed preview with --quit-after"
else
    ko "windowed preview with --quit-after" "status $rc; $(tail -n 3 "$T/err3.txt")"
fi

# 4. Bad options are usage errors.
./vitrine play --window banana content/feed.xml 2>/dev/null
[ $? -eq 2 ] && ok "bad --window is a usage error" || ko "bad --window is a usage error" "status $?"

# 5. Slow motion from the first slide on: the first slide is asked for before
# the window opens (and the backend is known); it must move all the same. A
# one-slide feed holds 20 s: with slow_motion = on, frames are drawn during
# its hold ("anim" of the stats file), with off none are.
mkdir -p "$T/m/images"
cp content/images/choeur.jpg "$T/m/images/"
cat >"$T/m/feed.xml" <<'XML'
<feed version="1"><items><place id="p1"><title>Chœur</title><image>images/choeur.jpg</image>
<duration>20</duration></place></items></feed>
XML
for m in on off; do
    cp -R themes/default "$T/m/theme-$m"
    sed -i "s/^slow_motion *=.*/slow_motion = $m/" "$T/m/theme-$m/theme.ini"
    ./vitrine play --set paths.state="$T/m/state" --set paths.cache="$T/m/cache" --set content.drop= \
        --theme "$T/m/theme-$m" --window 640x360 --stats "$T/m/$m.txt" --quit-after 3 \
        "$T/m/feed.xml" 2>"$T/m/$m.err"
done
on=$(sed -n 's/^sec t=2 .*anim=\([0-9]*\).*/\1/p' "$T/m/on.txt")
off=$(sed -n 's/^sec t=2 .*anim=\([0-9]*\).*/\1/p' "$T/m/off.txt")
if [ "${on:-0}" -ge 20 ] && [ "${off:-1}" -eq 0 ]; then
    ok "the first slide's photo moves with slow_motion = on ($on frames in its second second), not with off"
else
    ko "the first slide's photo moves with slow_motion = on, not with off" \
        "on: ${on:-none} frames, off: ${off:-none}; $(tail -n 3 "$T/m/on.err")"
fi
