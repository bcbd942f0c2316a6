#!/bin/sh
# Memory bounds and parser bombs, end to end (issues 16 and 24): `check`
# refuses a feed whose model would pass FEED_MAX_MEMORY and an XML attribute
# bomb, and says what a large feed takes; the player never loads either,
# says why in its status, keeps playing the last good feed, and takes a
# corrected file written just after the bomb at once.
# Prints PASS/FAIL lines (tests/run.sh). Needs python3.
ROOT=$(pwd)
VITRINE="$ROOT/vitrine"
LIVE="python3 $ROOT/tests/tools/live.py"
TMP=$(mktemp -d /tmp/vitrine-memory-XXXXXX)
PLAYER=""
cleanup() {
    [ -n "$PLAYER" ] && kill "$PLAYER" 2>/dev/null && wait "$PLAYER" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

pass() { echo "PASS $1"; }
fail() {
    echo "FAIL $1: $2"
    [ -f "$TMP/play.log" ] && tail -5 "$TMP/play.log"
}

cp -R content themes "$TMP/"
cd "$TMP" || exit 1
ST=state/status.json
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

# 100,000 notices whose titles are invalid bytes, each of which becomes a
# three-byte U+FFFD: 14 MB of file, more than 64 MiB of model.
python3 - <<'PY'
bad = "\xff" * 90
with open("big-model.json", "w", encoding="latin-1") as f:
    f.write('{"version": 1, "items": [\n')
    f.write(",\n".join('{"kind": "notice", "id": "n%d", "title": "%s"}' % (i, bad)
                       for i in range(100000)))
    f.write("\n]}\n")
with open("lean.json", "w", encoding="utf-8") as f:
    f.write('{"version": 1, "items": [\n')
    f.write(",\n".join('{"kind": "event", "id": "ev-%d", "title": "Concert %d", '
                       '"start": "2026-07-14T20:30", "venue": "Église"}' % (i, i)
                       for i in range(20000)))
    f.write("\n]}\n")
attrs = " ".join('a%d="x"' % i for i in range(50000))
with open("bomb.xml", "w") as f:
    f.write('<feed version="1"><items>\n<notice id="n" %s><title>x</title></notice>'
            '</items></feed>\n' % attrs)
PY

# 1. check refuses the feed over the bound, and says why.
if out=$("$VITRINE" check big-model.json 2>&1); then
    fail "check refuses a model over the memory bound" "accepted: $out"
elif echo "$out" | grep -q "MiB of memory, the limit"; then
    pass "check refuses a model over the memory bound"
else
    fail "check refuses a model over the memory bound" "$out"
fi

# 2. check says what a large feed takes.
out=$("$VITRINE" check lean.json 2>&1)
if echo "$out" | grep -q "ok (20000 items, [0-9.]* MiB of memory once loaded, of the 64 MiB"; then
    pass "check says what a large feed takes ($out)"
else
    fail "check says what a large feed takes" "$out"
fi

# 3. The attribute bomb is refused before libxml2 reads it (13 s before).
t0=$(date +%s%N)
out=$("$VITRINE" check bomb.xml 2>&1)
ms=$((($(date +%s%N) - t0) / 1000000))
if echo "$out" | grep -q "has more than 16 attributes" && [ "$ms" -lt 3000 ]; then
    pass "check refuses the attribute bomb ($ms ms)"
else
    fail "check refuses the attribute bomb" "$ms ms: $out"
fi

# 4. The player keeps its last good feed, and its status says why.
"$VITRINE" play --window 640x360 --duration 1000 --quit-after 90 content/feed.json \
    >play.log 2>&1 &
PLAYER=$!
if ! $LIVE wait-model $ST horaires-accueil 15 >/dev/null; then
    fail "player starts" "no model in the status"
    exit 0
fi
items=$($LIVE get $ST feed.items)
cp big-model.json content/feed.json.tmp && mv content/feed.json.tmp content/feed.json
if $LIVE wait-error $ST 0 20 >/dev/null; then
    err=$($LIVE get $ST sources.0.last_error)
    now=$($LIVE get $ST feed.items)
    rss=$(awk '/VmRSS/ { print int($2 / 1024) }' /proc/$PLAYER/status)
    if echo "$err" | grep -q "MiB of memory" && [ "$now" = "$items" ] &&
        kill -0 "$PLAYER" 2>/dev/null; then
        pass "player refuses the feed over the bound, keeps its $items items (RSS $rss MB)"
    else
        fail "player refuses the feed over the bound" "error '$err', $now items"
    fi
    if "$VITRINE" status $ST 2>&1 | grep -q "MiB of memory"; then
        pass "vitrine status says why the feed is refused"
    else
        fail "vitrine status says why the feed is refused" "$("$VITRINE" status $ST 2>&1)"
    fi
else
    fail "player refuses the feed over the bound" "no error in the status"
fi

# 5. A bomb, then a corrected feed a second later: the correction shows at once.
cp bomb.xml content/feed.json.tmp && mv content/feed.json.tmp content/feed.json
sleep 1
cp "$ROOT/content/feed.json" content/feed.json.tmp
python3 - <<'PY'
import json
p = "content/feed.json.tmp"
d = json.load(open(p, encoding="utf-8"))
d["items"].append({"kind": "notice", "id": "corrige", "title": "Corrigé",
                   "priority": "takeover"})
json.dump(d, open(p, "w", encoding="utf-8"), ensure_ascii=False)
PY
mv content/feed.json.tmp content/feed.json
if t=$($LIVE wait-model $ST corrige 5); then
    pass "a corrected feed after a bomb is loaded within $t s"
else
    fail "a corrected feed after a bomb is loaded" "$t; error: $($LIVE get $ST sources.0.last_error)"
fi
if grep -q "has more than 16 attributes" play.log; then
    pass "the player logs the bomb"
else
    fail "the player logs the bomb" "not in the log"
fi
