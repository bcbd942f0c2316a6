#!/bin/sh
# Live content, end to end: `vitrine play` runs on a copy of the default
# content with the dummy SDL driver; the test edits the feed, drops images in
# the drop folder, breaks the feed, then serves a feed over HTTP and stops the
# server. Every check reads what the player reports in state/status.json.
# Prints PASS/FAIL lines (tests/run.sh). Needs python3 and ImageMagick.
ROOT=$(pwd)
VITRINE="$ROOT/vitrine"
LIVE="python3 $ROOT/tests/tools/live.py"
TMP=$(mktemp -d /tmp/vitrine-live-XXXXXX)
PLAYER=""
SERVER=""
cleanup() {
    [ -n "$PLAYER" ] && kill "$PLAYER" 2>/dev/null && wait "$PLAYER" 2>/dev/null
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

check() { # name, command...: PASS when the command succeeds
    name=$1
    shift
    if out=$("$@" 2>&1); then
        echo "PASS $name ($out s)"
    else
        echo "FAIL $name: $out"
        [ -f "$TMP/play.log" ] && tail -20 "$TMP/play.log"
    fi
}

cp -R content themes "$TMP/"
cd "$TMP" || exit 1
ST=state/status.json
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

"$VITRINE" play --window 640x360 --duration 1000 --quit-after 120 >play.log 2>&1 &
PLAYER=$!
check "player starts and reports a slide" $LIVE wait-model $ST horaires-accueil 10

# 1. An edit of the feed shows within 3 s of the file being closed.
python3 - <<'PY'
p = "content/feed.xml"
s = open(p, encoding="utf-8").read()
item = ('<notice id="test-live-edit"><title>Modifié à chaud</title>'
        '<priority>takeover</priority></notice>\n  </items>')
open(p + ".orig", "w", encoding="utf-8").write(s)
with open(p, "w", encoding="utf-8") as f:
    f.write(s.replace("</items>", item, 1))
PY
check "edited feed on screen within 3 s" $LIVE wait-showing $ST test-live-edit 3

# 2. A broken feed keeps the last good one playing, and says why.
slides=$($LIVE slides $ST)
cp content/feed.xml content/feed.xml.good
printf '<feed version="1"><items><notice id="x">' >content/feed.xml
check "broken feed reported in the status" $LIVE wait-error $ST 0 3
check "broken feed: last good one still on screen" $LIVE wait-showing $ST test-live-edit 3
sleep 2
now=$($LIVE slides $ST)
if [ "$now" -gt "$slides" ]; then echo "PASS slides keep coming ($slides -> $now)"; else
    echo "FAIL slides stopped at $now"; fi

# 3. Removing the item takes it off the screen at the next boundary.
cp content/feed.xml.orig content/feed.xml
check "removed item leaves the screen within 3 s" $LIVE wait-not-showing $ST test-live-edit 3
check "fixed feed clears the error" $LIVE wait-good $ST 0 3

# 4. A JPEG copied slowly into the drop folder is never shown half-written,
#    and shows within 3 s of being closed.
convert -size 1600x900 plasma:fractal -quality 95 "$TMP/big.jpg" 2>/dev/null ||
    convert -size 1600x900 xc:orange "$TMP/big.jpg"
printf '{"title": "Déposé par l’accueil", "priority": "takeover"}\n' >content/drop/test-live.json
$LIVE never-showing $ST drop-test-live.jpg 60 >never.out 2>&1 &
WATCHER=$!
$LIVE slow-copy "$TMP/big.jpg" content/drop/test-live.jpg 3
kill $WATCHER 2>/dev/null
if wait $WATCHER; then :; fi
if grep -q appeared never.out; then echo "FAIL half-written JPEG shown: $(cat never.out)"; else
    echo "PASS slow copy not shown before it was closed"; fi
check "dropped JPEG on screen within 3 s" $LIVE wait-showing $ST drop-test-live.jpg 3

# 5. A plain JPEG (no sidecar) joins the rotation; removing files removes posters.
rm content/drop/test-live.json content/drop/test-live.jpg
cp "$TMP/big.jpg" "content/drop/2026-01-01_2099-12-31 Affiche.jpg"
check "plain JPEG in the model within 3 s" \
    $LIVE wait-model $ST drop-2026-01-01_2099-12-31-affiche.jpg 3
check "deleted poster leaves the screen" $LIVE wait-not-showing $ST drop-test-live.jpg 3

kill $PLAYER
wait $PLAYER 2>/dev/null
PLAYER=""

# 6. A feed over HTTP: stopping the server changes nothing on screen, and the
#    status gives the feed's age.
python3 "$ROOT/tests/tools/httpd.py" 0 >httpd.out 2>/dev/null &
SERVER=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do grep -qs PORT httpd.out && break; sleep 0.2; done
PORT=$(awk '{print $2}' httpd.out)
cat >vitrine.conf <<CONF
[content]
feed = content/feed.xml
feed = http://127.0.0.1:$PORT/feed.xml
[network]
poll = 1
timeout = 2
CONF
"$VITRINE" check vitrine.conf >/dev/null && echo "PASS vitrine check accepts the configuration" ||
    echo "FAIL vitrine check vitrine.conf"
"$VITRINE" play --window 640x360 --duration 1000 --quit-after 60 >>play.log 2>&1 &
PLAYER=$!
check "network feed in the model" $LIVE wait-model $ST avis-reseau 6
kill $SERVER
wait $SERVER 2>/dev/null
SERVER=""
check "server stopped: error in the status" $LIVE wait-error $ST 1 6
slides=$($LIVE slides $ST)
sleep 2
check "server stopped: network item still loaded" $LIVE wait-model $ST avis-reseau 1
now=$($LIVE slides $ST)
age=$($LIVE get $ST sources.1.age_s)
if [ "$now" -gt "$slides" ] && [ "$age" != None ]; then
    echo "PASS server stopped: still playing ($slides -> $now slides), feed age $age s"
else
    echo "FAIL server stopped: slides $slides -> $now, age $age"
fi
"$VITRINE" status -c vitrine.conf >status.txt 2>&1 && grep -q "last good" status.txt &&
    echo "PASS vitrine status prints the sources" || { echo "FAIL vitrine status"; cat status.txt; }
