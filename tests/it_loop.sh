#!/bin/sh
# Slides change on time by themselves (issue 16): the player runs as the
# unit runs it (no --stats, a systemd watchdog of 30 s, so a ping every
# 15 s) on a feed with no ticker and no clock, so that nothing else wakes
# its loop. Holds of 100 ms, 1 s and 3 s, with cuts and 800 ms fades. From
# the play log, each slide must start when the one before it is due to end:
# its own transition plus its hold, within one refresh period (16.7 ms at
# the dummy driver's 60 Hz) plus SLACK_MS for a shared, loaded machine.
# Before the fix, slides waited for the watchdog's wake-up: 15 s late.
# Prints PASS/FAIL lines (tests/run.sh). Needs python3.
ROOT=$(pwd)
VITRINE=${VITRINE:-$ROOT/vitrine}
SLACK_MS=${SLACK_MS:-150}
TMP=$(mktemp -d /tmp/vitrine-loop-XXXXXX)
trap 'rm -rf "$TMP"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

# Durations in the feed are whole seconds; --duration-scale 0.1 makes them
# 100 ms, 1 s and 3 s.
item() { # id seconds transition
    printf '    <notice id="%s"><title>%s</title><duration>%s</duration><transition>%s</transition></notice>\n' \
        "$1" "$1" "$2" "$3"
}
{
    echo '<?xml version="1.0" encoding="UTF-8"?>'
    echo '<feed version="1"><settings><office>Office de Tourisme d’Exemple</office>'
    echo '<agenda_days>0</agenda_days></settings><items>'
    item cut-100ms 1 cut
    item fade-1s 10 fade
    item cut-3s 30 cut
    item fade-100ms 1 fade
    item cut-1s 10 cut
    item fade-3s 30 fade
    echo '</items></feed>'
} >"$TMP/feed.xml"
: >"$TMP/vitrine.conf"
TRANS_MS=$(sed -n 's/^transition_ms *= *//p' "$ROOT/themes/default/theme.ini")

cd "$TMP" || exit 1
python3 "$ROOT/tests/tools/sdnotify.py" --log notify.log --watchdog-usec 30000000 -- \
    "$VITRINE" play -c vitrine.conf --set state="$TMP/state" --set cache="$TMP/cache" \
    --set drop="$TMP/drop" --theme "$ROOT/themes/default" --lang fr --no-clock \
    --window 480x270 --duration-scale 0.1 --quit-after 16 feed.xml >play.log 2>&1
rc=$?

if [ "$rc" -eq 0 ] && grep -q READY=1 notify.log; then
    echo "PASS play runs under a watchdog and says READY"
else
    echo "FAIL play runs under a watchdog and says READY: status $rc; $(tail -n 5 play.log)"
fi

python3 - "$TMP/state" "$TRANS_MS" "$SLACK_MS" <<'PY'
import glob, json, sys
state, trans_ms, slack = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
refresh = 1000 / 60
hold = {"cut-100ms": 100, "fade-1s": 1000, "cut-3s": 3000,
        "fade-100ms": 100, "cut-1s": 1000, "fade-3s": 3000}
rows = []
for path in sorted(glob.glob(state + "/playlog-*.jsonl")):
    rows += [json.loads(l) for l in open(path)]
rows = rows[:-1]  # the last showing is cut short by --quit-after
worst, bad, kinds = -1e9, [], set()
for n, r in enumerate(rows):
    # Slide n's transition (none for the first: nothing to fade from), then
    # its hold; the next slide is due at the end of both.
    t = 0 if n == 0 or r["id"].startswith("cut") else trans_ms
    late = r["duration"] * 1000 - t - hold[r["id"]]
    worst = max(worst, late)
    kinds.add(r["id"])
    if not -2 <= late <= refresh + slack:
        bad.append("%s at %s: %+.0f ms" % (r["id"], r["start"][11:23], late))
if len(rows) >= 8 and len(kinds) == 6 and not bad:
    print("PASS every slide starts on time (%d slides, the latest %+.1f ms after its due "
          "time; bound %.1f ms = one refresh period + %.0f ms for machine noise)"
          % (len(rows), worst, refresh + slack, slack))
else:
    print("FAIL every slide starts on time: %d slides, %d kinds; late: %s"
          % (len(rows), len(kinds), "; ".join(bad) or "none"))
PY
