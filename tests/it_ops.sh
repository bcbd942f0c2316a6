#!/bin/sh
# Operations on a running player (SDL's dummy driver): the systemd watchdog
# stops being pinged when the player freezes, SIGUSR1 writes a screenshot,
# the play log survives kill -9 and `vitrine report` sums it, and the screen
# power hook runs outside screen hours.
cd "$(dirname "$0")/.." || exit 2
T=$(mktemp -d)
trap 'kill -9 $pid 2>/dev/null; rm -rf "$T"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
unset DISPLAY WAYLAND_DISPLAY
ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }
# exec: in the background, $! is then the player itself, not a subshell.
play() {
    exec ./vitrine play --set paths.state="$T/state" --set paths.cache="$T/cache" \
        --set content.drop= "$@"
}

# 1. The watchdog harness: a fake NOTIFY_SOCKET, SIGSTOP, SIGCONT, SIGTERM.
python3 tests/tools/watchdog.py -- ./vitrine play --set paths.state="$T/wd" \
    --set paths.cache="$T/cache" --set content.drop= --duration 300 content/feed.xml

# 2. A screenshot on SIGUSR1, written atomically as a PNG of the frame.
play --window 640x360 --duration 500 content/feed.xml 2>"$T/err2" &
pid=$!
i=0
while ! grep -q '"slides": *[1-9]' "$T/state/status.json" 2>/dev/null && [ $i -lt 50 ]; do
    sleep 0.1
    i=$((i + 1))
done
kill -USR1 $pid
i=0
while [ ! -e "$T/state/screenshot.png" ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
if python3 - "$T/state/screenshot.png" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read(24)
assert d[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
w, h = struct.unpack(">II", d[16:24])
assert (w, h) == (640, 360), (w, h)
PY
then
    ok "SIGUSR1 writes a 640x360 screenshot ($((i * 100)) ms)"
else
    ko "SIGUSR1 writes a screenshot" "$(ls "$T/state") $(tail -3 "$T/err2")"
fi
kill -TERM $pid
wait $pid

# 3. Proof of play: kill -9 twice in the middle of playing (and so, at times,
#    of a write); every complete line stays readable and the report sums them.
#    Each run is killed once it has logged 4 more lines (at most 10 s): a fixed
#    1.3 s gave too few plays when a busy machine slowed the first slide.
lines() { cat "$T"/state/playlog-*.jsonl 2>/dev/null | wc -l; }
for run in 1 2 3; do
    want=$(($(lines) + 4))
    play --duration 60 content/feed.xml 2>/dev/null &
    pid=$!
    i=0
    while [ "$(lines)" -lt "$want" ] && [ $i -lt 100 ]; do
        sleep 0.1
        i=$((i + 1))
    done
    kill -9 $pid
    wait $pid 2>/dev/null
done
if python3 - "$T/state" <<'PY'
import glob, json, subprocess, sys
lines = plays = 0
secs = 0.0
for f in glob.glob(sys.argv[1] + "/playlog-*.jsonl"):
    for raw in open(f, encoding="utf-8"):
        lines += 1
        try:
            e = json.loads(raw)
        except ValueError:
            continue  # a line torn by kill -9
        if e["id"]:
            plays += 1
            secs += e["duration"]
assert plays >= 10, f"only {plays} plays logged"
out = subprocess.run(["./vitrine", "report", "--state", sys.argv[1], "--by", "item", "--csv"],
                     capture_output=True, text=True, check=True).stdout.splitlines()
rows = [r.split(",") for r in out[1:]]
total = sum(int(r[-2]) for r in rows if r[0] not in ("agenda", "fallback"))
tsecs = sum(float(r[-1]) for r in rows if r[0] not in ("agenda", "fallback"))
assert total == plays, f"report counts {total} plays, the log has {plays}"
assert abs(tsecs - secs) < 0.05 * len(rows) + 0.01, (tsecs, secs)
print(f"{plays} plays in {lines} lines")
PY
then
    ok "play log survives kill -9 and the report sums it"
else
    ko "play log survives kill -9" "$(cat "$T"/state/playlog-*.jsonl | tail -3)"
fi

# 4. Outside screen hours the screen blanks and display_off runs; the player
#    keeps running.
dow=$(date +%u)
other=$(( dow % 7 + 1 ))
day=$(echo "Mo Tu We Th Fr Sa Su" | cut -d' ' -f"$other")
(play --duration 200 --quit-after 2 --set screen.hours="$day 10:00-11:00" \
    --set screen.display_off="touch $T/off" --set screen.display_on="touch $T/on" \
    --stats "$T/s4" content/feed.xml 2>"$T/err4")
rc=$?
if [ $rc -eq 0 ] && [ -e "$T/off" ] && grep -q 'type=blank' "$T/s4"; then
    ok "outside screen hours: blank slide and display_off hook"
else
    ko "screen power" "status $rc; $(ls "$T"); $(tail -3 "$T/err4")"
fi
(play --duration 200 --quit-after 1 --set screen.display_off="exit 3" \
    --set screen.display_on="true" \
    --set screen.hours="$day 10:00-11:00" content/feed.xml 2>"$T/err5")
if [ $? -eq 0 ] && grep -q 'display_off hook exited with status 3' "$T/err5"; then
    ok "a failing hook is logged and the player goes on"
else
    ko "a failing hook" "$(tail -3 "$T/err5")"
fi
