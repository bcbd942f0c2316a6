#!/bin/sh
# Robustness of the live player's input and output (issues 24 and 17): one bad
# item costs that item only, a replaced content folder is followed, a full
# disk is said once and never tears the play log or keeps a new feed off
# screen, slow image hosts never delay a feed, hostile file names never forge
# a log line, and `vitrine status` tells a dead player from a live one.
# Prints PASS/FAIL lines (tests/run.sh). Players run on SDL's dummy driver.
ROOT=$(pwd)
VITRINE=${VITRINE:-"$ROOT/vitrine"}
LIVE="python3 $ROOT/tests/tools/live.py"
T=$(mktemp -d /tmp/vitrine-robust-XXXXXX)
PIDS=""
MNT=""
cleanup() {
    for p in $PIDS; do kill "$p" 2>/dev/null; done
    for p in $PIDS; do wait "$p" 2>/dev/null; done
    [ -n "$MNT" ] && umount "$MNT" 2>/dev/null
    [ -z "$ROBUST_KEEP" ] && rm -rf "$T"
}
trap cleanup EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
unset DISPLAY WAYLAND_DISPLAY
ok() { echo "PASS $1"; }
ko() {
    echo "FAIL $1: $2"
    [ -n "$3" ] && [ -f "$3" ] && tail -15 "$3"
}

# start DIR [ARGS...]: a player on DIR/content with state and cache in DIR;
# its pid in $PID, its log in DIR/play.log.
start() {
    d=$1
    shift
    (cd "$d" && exec "$VITRINE" play --window 320x180 --duration 300 --quit-after 120 \
        --set paths.state="$d/state" --set paths.cache="$d/cache" "$@" >"$d/play.log" 2>&1) &
    PID=$!
    PIDS="$PIDS $PID"
}
stop() {
    kill "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}

# ---- vitrine report: --from after --to is refused (issue 17 point 9) ----
mkdir -p "$T/rep"
out=$("$VITRINE" report --state "$T/rep" --from 2026-07-20 --to 2026-07-10 2>&1)
rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q -- "--from is after --to"; then
    ok "report refuses --from after --to"
else
    ko "report refuses --from after --to" "exit $rc: $out"
fi

# ---- vitrine status on a dead player (issue 17 point 3) ----
D="$T/dead"
mkdir -p "$D/state"
cp -R content themes "$D/"
echo '{"torn' >"$D/state/status.json.Xy12Ab.tmp" # left by a kill during a write
start "$D" --set content.drop=
if $LIVE wait-model "$D/state/status.json" horaires-accueil 15 >/dev/null; then
    out=$("$VITRINE" status "$D/state/status.json" 2>&1)
    rc=$?
    if [ $rc -eq 0 ] && ! echo "$out" | grep -q "GONE\|frames *0 drawn"; then
        ok "status of a live player: exit 0, no 'frames 0 drawn'"
    else
        ko "status of a live player" "exit $rc: $out"
    fi
    if [ -e "$D/state/status.json.Xy12Ab.tmp" ]; then
        ko "a status.json.*.tmp left by a kill is removed at start" "$(ls "$D/state")"
    else
        ok "a status.json.*.tmp left by a kill is removed at start"
    fi
    kill -9 "$PID"
    wait "$PID" 2>/dev/null
    out=$("$VITRINE" status "$D/state/status.json" 2>&1)
    rc=$?
    if [ $rc -ne 0 ] && echo "$out" | grep -q "PLAYER GONE"; then
        ok "status of a killed player says it is gone, exit $rc"
    else
        ko "status of a killed player" "exit $rc: $out"
    fi
else
    ko "player starts" "no status" "$D/play.log"
fi
# A status file written in the future (the clock was set back): no negative age.
python3 - "$D/state/status.json" "$D/future.json" <<'PY'
import json, sys, time
s = json.load(open(sys.argv[1]))
s["written_unix"] = time.time() + 86397
s["pid"] = 1
s["showing"]["since_unix"] = time.time() + 86397
for src in s["sources"]:
    src["last_good_unix"] = time.time() + 86397
json.dump(s, open(sys.argv[2], "w"))
PY
out=$("$VITRINE" status "$D/future.json" 2>&1)
if echo "$out" | grep -q -- "-[0-9]* s\|-[0-9]* days" || ! echo "$out" | grep -q "clock"; then
    ko "status with a clock set back: no negative age" "$out"
else
    ok "status with a clock set back: no negative age, says the clock"
fi

# ---- one symlinked image costs that poster only (issue 24 point 1) ----
D="$T/link"
mkdir -p "$D"
cp -R content themes "$D/"
ln -s /etc/passwd "$D/content/images/link.jpg"
python3 - "$D/content/feed.xml" <<'PY'
import sys
p = sys.argv[1]
s = open(p, encoding="utf-8").read()
s = s.replace("</items>", '<poster id="p"><title>x</title><image>images/link.jpg</image></poster>\n</items>', 1)
open(p, "w", encoding="utf-8").write(s)
PY
good=$("$VITRINE" check content/feed.xml | sed -n 's/.*ok (\([0-9]*\) items).*/\1/p')
out=$(cd "$D" && "$VITRINE" check content/feed.xml 2>&1)
rc=$?
if [ $rc -eq 1 ] && echo "$out" | grep -q "content/feed.xml: $((good)) items, 1 left out" &&
    echo "$out" | grep -q "poster 'p' is left out: image 'images/link.jpg' is a symbolic link to /etc/passwd"; then
    ok "check: the linked poster is left out, $good items kept"
else
    ko "check on a linked poster" "exit $rc: $out"
fi
out=$(cd "$D" && "$VITRINE" render --size 320x180 --out "$D/r" content/feed.xml 2>&1)
if echo "$out" | grep -q "poster 'p' is left out" && ! ls "$D/r" | grep -q -- "-p\.png$"; then
    ok "render: the linked poster is left out, with the same message"
else
    ko "render on a linked poster" "$out $(ls "$D/r" | tr '\n' ' ')"
fi
start "$D" --set content.drop=
if $LIVE wait-model "$D/state/status.json" horaires-accueil 15 >/dev/null &&
    python3 - "$D/state/status.json" "$good" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
f = s["feed"]
assert f["items"] == int(sys.argv[2]), f"{f['items']} items, want {sys.argv[2]}"
assert "p" not in f["ids"], "the linked poster is in the model"
assert any("poster 'p' is left out" in m for m in f.get("left_out", [])), f.get("left_out")
PY
then
    out=$("$VITRINE" status "$D/state/status.json")
    if echo "$out" | grep -q "problem .*poster 'p' is left out"; then
        ok "player: the linked poster only is left out, and status says why"
    else
        ko "status on a linked poster" "$out"
    fi
else
    ko "player on a linked poster" "" "$D/play.log"
fi
stop "$PID"

# ---- the content folder moved, deleted or replaced (issue 24 point 3) ----
D="$T/moved"
mkdir -p "$D"
cp -R content themes "$D/"
start "$D"
add_item() { # folder id: a takeover notice, so that it shows at once
    python3 - "$1/feed.xml" "$2" <<'PY'
import sys
p, ident = sys.argv[1], sys.argv[2]
s = open(p, encoding="utf-8").read()
item = f'<notice id="{ident}"><title>{ident}</title><priority>takeover</priority></notice>\n</items>'
open(p + ".new", "w", encoding="utf-8").write(s.replace("</items>", item, 1))
PY
    mv "$1/feed.xml.new" "$1/feed.xml"
}
if $LIVE wait-model "$D/state/status.json" horaires-accueil 15 >/dev/null; then
    mv "$D/content" "$D/content.old"
    cp -a "$D/content.old" "$D/content"
    sleep 1.5
    add_item "$D/content" after-replace
    if t=$($LIVE wait-model "$D/state/status.json" after-replace 8); then
        ok "content folder replaced (mv, cp -a): an edit reloads ($t s)"
    else
        ko "content folder replaced: an edit reloads" "$t" "$D/play.log"
    fi
    rm -rf "$D/content"
    sleep 1.5
    cp -a "$D/content.old" "$D/content"
    add_item "$D/content" after-rm
    if t=$($LIVE wait-model "$D/state/status.json" after-rm 8) &&
        [ "$($LIVE get "$D/state/status.json" sources.0.last_error)" = "None" ]; then
        ok "content folder deleted and made again: reloads, no old error ($t s)"
    else
        ko "content folder deleted and made again" "$t $($LIVE get "$D/state/status.json" sources.0.last_error)" "$D/play.log"
    fi
else
    ko "player starts (moved)" "" "$D/play.log"
fi
stop "$PID"

# ---- slow image hosts never hold up a feed (issue 24 point 6) ----
D="$T/slow"
mkdir -p "$D"
cp -R themes "$D/"
python3 "$ROOT/tests/tools/dripd.py" </dev/null >"$D/port" 2>&1 &
SPID=$!
PIDS="$PIDS $SPID"
i=0
while ! grep -q PORT "$D/port" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
port=$(sed -n 's/^PORT //p' "$D/port")
feed() { # id: a feed with six images from slow hosts, and one notice
    python3 - "$port" "$1" <<'PY'
import sys, urllib.request
port, ident = sys.argv[1], sys.argv[2]
posters = "".join(f'<poster id="img{k}"><image>http://127.0.0.1:{port}/drip/{ident}-{k}.png</image></poster>'
                  for k in range(6))
body = (f'<feed version="1"><settings><office>Office de test</office></settings><items>{posters}'
        f'<notice id="{ident}"><title>{ident}</title><priority>takeover</priority></notice>'
        '</items></feed>').encode()
urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/feed", data=body,
                                              method="POST")).read()
PY
}
feed first
start "$D" --set content.feed="http://127.0.0.1:$port/feed.xml" --set content.drop= \
    --set network.poll=1 --set network.timeout=10
if $LIVE wait-model "$D/state/status.json" first 10 >/dev/null; then
    sleep 1
    feed second
    if t=$($LIVE wait-model "$D/state/status.json" second 8); then
        ok "a new feed reaches the screen while 6 images drip at 1 byte/s ($t s)"
    else
        ko "new feed with slow image hosts" "$t" "$D/play.log"
    fi
    sleep 5
    net=$($LIVE get "$D/state/status.json" network)
    if echo "$net" | grep -q "slow (the slowest: http://127.0.0.1:$port/drip/"; then
        ok "status names the slow downloads"
    else
        ko "status names the slow downloads" "network: $net"
    fi
else
    ko "player plays a network feed" "" "$D/play.log"
fi
stop "$PID"
stop "$SPID"

# ---- a full disk (issue 24 point 5): cache and state on a 64 KiB tmpfs ----
D="$T/full"
mkdir -p "$D/disk"
cp -R themes "$D/"
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=64k vitrine-test "$D/disk" 2>/dev/null; then
    echo "SKIP full disk: cannot mount a tmpfs (needs root)"
else
    MNT="$D/disk"
    python3 "$ROOT/tests/tools/dripd.py" </dev/null >"$D/port" 2>&1 &
    SPID=$!
    PIDS="$PIDS $SPID"
    i=0
    while ! grep -q PORT "$D/port" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    port=$(sed -n 's/^PORT //p' "$D/port")
    post() { # id [padding]: a feed, made bigger than the room its old copy frees
        python3 - "$port" "$1" "${2:-0}" <<'PY'
import sys, urllib.request
port, ident, pad = sys.argv[1], sys.argv[2], int(sys.argv[3])
body = (f'<feed version="1"><settings><office>Office de test</office></settings><items>'
        f'<notice id="{ident}"><title>{ident}</title>{"<body>" + "é" * pad + "</body>" if pad else ""}</notice>'
        '<notice id="other"><title>Autre</title></notice></items></feed>').encode()
urllib.request.urlopen(urllib.request.Request(f"http://127.0.0.1:{port}/feed", data=body,
                                              method="POST")).read()
PY
    }
    post before-full
    (cd "$D" && exec "$VITRINE" play --window 320x180 --duration 200 --quit-after 120 \
        --set paths.state="$D/disk/state" --set paths.cache="$D/disk/cache" \
        --set content.feed="http://127.0.0.1:$port/feed.xml" --set content.drop= \
        --set network.poll=1 >"$D/play.log" 2>&1) &
    PID=$!
    PIDS="$PIDS $PID"
    ST="$D/disk/state/status.json"
    if $LIVE wait-model "$ST" before-full 10 >/dev/null; then
        sleep 1
        dd if=/dev/zero of="$D/disk/filler" bs=1k 2>/dev/null # until the disk is full
        # and keep it full: whatever the player frees (an old copy it
        # replaces) is taken again at once
        (k=0; while :; do dd if=/dev/zero of="$D/disk/grab$k" bs=1k 2>/dev/null; k=$((k + 1)); sleep 0.05; done) &
        GRAB=$!
        PIDS="$PIDS $GRAB"
        post after-full 12000
        if t=$($LIVE wait-model "$ST" after-full 8); then
            ok "disk full: a valid new network feed still reaches the screen ($t s)"
        else
            ko "disk full: new network feed" "$t" "$D/play.log"
        fi
        sleep 4 # a few polls and a few hundred slides on a full disk
        out=$("$VITRINE" status "$ST" 2>&1)
        rc=$?
        if [ $rc -ne 0 ] && echo "$out" | grep -q "STATE ERROR .*No space left" &&
            echo "$out" | grep -q "last error  cannot write the cached copy (No space left"; then
            ok "disk full: vitrine status says it plainly, exit $rc"
        else
            ko "disk full: vitrine status says it" "exit $rc: $out" "$D/play.log"
        fi
        n=$(grep -c "cannot write" "$D/play.log")
        if [ "$n" -le 3 ]; then
            ok "disk full: said once per file ($n lines: cache, status, play log)"
        else
            ko "disk full: said once" "$n lines" "$D/play.log"
        fi
        kill "$GRAB"
        wait "$GRAB" 2>/dev/null
        rm -f "$D/disk/filler" "$D/disk/grab"*
        # the status is rewritten on the player's next write: give a loaded
        # machine up to 15 s, and go on as soon as the error is gone
        for _ in $(seq 60); do
            grep -q state_error "$ST" 2>/dev/null || break
            sleep 0.25
        done
        sleep 0.5
        if python3 - "$D/disk/state" "$ST" <<'PY'
import glob, json, sys
n = 0
for f in glob.glob(sys.argv[1] + "/playlog-*.jsonl"):
    for k, raw in enumerate(open(f, encoding="utf-8")):
        json.loads(raw)  # a torn or glued line fails here
        n += 1
assert n >= 1, f"only {n} records"
s = json.load(open(sys.argv[2]))
assert "state_error" not in s, s.get("state_error")
print(n)
PY
        then
            ok "disk full: every play-log line is a whole record; the status recovers"
        else
            ko "disk full: play log whole, status recovers" "" "$D/play.log"
        fi
    else
        ko "player plays from a tmpfs" "" "$D/play.log"
    fi
    stop "$PID"
    stop "$SPID"
    umount "$D/disk" && MNT=""
fi

# ---- no display: the player says so, and how to get one (issue 17 point 8) ----
D="$T/nodisplay"
mkdir -p "$D"
out=$(env -u DISPLAY -u WAYLAND_DISPLAY -u SDL_VIDEODRIVER "$VITRINE" play --quit-after 2 \
    --set paths.state="$D/s" --set paths.cache="$D/c" --set content.drop= content/feed.xml 2>&1)
drv=$(echo "$out" | sed -n 's/.*display: .* at .* Hz, \(surface\|gpu\) .*\(offscreen\|dummy\).*/\2/p')
if [ -z "$drv" ]; then
    echo "SKIP no display: SDL found a display here"
elif echo "$out" | grep -q "no display: .*xvfb-run -a"; then
    ok "no display: the player says it plays on an invisible $drv surface, and how to see it"
else
    ko "no display is said" "$out"
fi
out=$(SDL_VIDEODRIVER=offscreen "$VITRINE" play --quit-after 1 --set paths.state="$D/s" \
    --set paths.cache="$D/c" --set content.drop= content/feed.xml 2>&1)
if echo "$out" | grep -q "no display"; then
    ko "offscreen on purpose is not warned about" "$out"
else
    ok "offscreen on purpose (SDL_VIDEODRIVER=offscreen) plays without a warning"
fi

# ---- hostile file names never forge a log line (issue 24 point 7) ----
D="$T/names"
mkdir -p "$D"
cp -R content themes "$D/"
nl='
'
cp content/images/gateau.jpg "$D/content/drop/a${nl}<0>vitrine: FORGED disk failure${nl}.jpg"
printf '{"title": "x", "until": "nope"}' >"$D/content/drop/b${nl}<0>vitrine: FORGED again$(printf '\033')[2J.json"
cp content/images/gateau.jpg "$D/content/drop/b${nl}<0>vitrine: FORGED again$(printf '\033')[2J.jpg"
start "$D"
$LIVE wait-model "$D/state/status.json" horaires-accueil 15 >/dev/null
sleep 2
stop "$PID"
if grep -q "FORGED" "$D/play.log" && ! grep -q "^<0>" "$D/play.log" &&
    ! grep -q "$(printf '\033')" "$D/play.log"; then
    ok "a file name with a newline, '<0>' and ESC is logged escaped: no forged line"
else
    ko "hostile file names in the log" "$(grep -n "FORGED\|^<0>" "$D/play.log" | head -5)"
fi
