#!/bin/sh
# bench-console.sh — the console's targets, measured in one sitting
# (docs/console.md, docs/performance.md):
#   - idle: CPU (% of one core, over IDLE_SECONDS) and PSS, after start (alone,
#     then beside a player on the dummy driver) and after work;
#   - a preview PNG against `vitrine render` of the same slide, and a cached preview;
#   - the item list of a 500-item feed (server time, from Server-Timing);
#   - a login with the real Argon2id cost.
# usage: scripts/bench-console.sh [IDLE_SECONDS]   (default 10)
set -eu
cd "$(dirname "$0")/.."
IDLE=${1:-10}
[ -x ./vitrine ] || make -s vitrine
T=$(mktemp -d)
cpid=
ppid=
trap 'kill $cpid $ppid 2>/dev/null; rm -rf "$T"' EXIT
mkdir -p "$T/c" "$T/s"
cp -R content/images "$T/c/images"

# A 500-item feed: the default content's items, copied under new ids.
python3 - "$T/c/feed.json" <<'PY'
import json, sys
d = json.load(open("content/feed.json"))
base = [it for it in d["items"] if it["kind"] != "ticket"]
items = []
for i in range(500):
    it = dict(base[i % len(base)])
    it["id"] = "%s-%03d" % (it["id"], i)
    items.append(it)
d["items"] = items
json.dump(d, open(sys.argv[1], "w"), ensure_ascii=False, indent=2)
PY
# One slide alone, for vitrine render: an event with a photo.
python3 - "$T/c/feed.json" "$T/one.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
it = next(i for i in d["items"] if i["kind"] == "event" and "image" in i)
d["items"] = [it]
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False, indent=2)
print(it["id"], file=open(sys.argv[2] + ".id", "w"))
PY
ONE=$(cat "$T/one.json.id")
cp -R content/images "$T/images"

printf 'motdepasse-bench\nmotdepasse-bench\n' | ./vitrine console --data "$T/d" --add-user bench 2>/dev/null
./vitrine console --content "$T/c" --data "$T/d" --state "$T/s" --listen 127.0.0.1:0 2>"$T/log" &
cpid=$!
i=0
while ! grep -q "listening on" "$T/log" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
P=$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/log")
B=http://127.0.0.1:$P

ticks() { awk '{print $14 + $15}' "/proc/$cpid/stat"; }
pss() { awk '/^Pss:/ {print $2}' "/proc/$cpid/smaps_rollup"; }
hz=$(getconf CLK_TCK)
idle() { # label
    sleep 1
    a=$(ticks)
    sleep "$IDLE"
    b=$(ticks)
    cpu=$(awk -v a="$a" -v b="$b" -v hz="$hz" -v s="$IDLE" 'BEGIN { printf "%.2f", (b - a) * 100 / hz / s }')
    echo "idle $1: CPU $cpu % of one core over $IDLE s, PSS $(($(pss) / 1024)) MB ($(pss) kB)"
}
idle "after start"
# On a screen the console runs beside the player, which maps the same
# libraries: PSS shares their pages between the two (docs/console.md).
SDL_VIDEODRIVER=dummy ./vitrine play --set paths.state="$T/ps" --set paths.cache="$T/pc" \
    --set content.drop= content/feed.xml 2>/dev/null &
ppid=$!
sleep 2
idle "beside a player"
kill $ppid 2>/dev/null
wait $ppid 2>/dev/null

st() { sed -n 's/^Server-Timing: app;dur=\([0-9.]*\).*/\1/ip' "$1" | tr -d '\r'; }
t0=$(date +%s%N)
curl -s -c "$T/jar" -o "$T/login.json" -d '{"user":"bench","password":"motdepasse-bench"}' "$B/api/login"
t1=$(date +%s%N)
CSRF=$(sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p' "$T/login.json")
echo "login (Argon2id 19 MiB, 2 passes): $(((t1 - t0) / 1000000)) ms here"

# Item list of 500 items: 20 runs, the median server time.
: >"$T/list"
for r in $(seq 20); do
    curl -s -b "$T/jar" -D "$T/h" -o "$T/items.json" "$B/api/items"
    st "$T/h" >>"$T/list"
done
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["items"]))' "$T/items.json")
echo "item list of $n items: median $(sort -n "$T/list" | sed -n 10p) ms server time (max $(sort -n "$T/list" | tail -n 1) ms)"

# vitrine render of that one slide (the whole command: start, fonts, draw, PNG, sheet).
best=
for r in 1 2 3; do
    t0=$(date +%s%N)
    ./vitrine render --out "$T/r" "$T/one.json" >/dev/null
    t1=$(date +%s%N)
    ms=$(((t1 - t0) / 1000000))
    [ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
done
echo "vitrine render of '$ONE' alone: $best ms (best of 3)"

# The same slide as a full-size preview: the first (theme and fonts loaded),
# then uncached again under another day's key (a changed title), then cached.
curl -s -b "$T/jar" -D "$T/h" -o "$T/p1.png" "$B/api/preview/$ONE.png?o=landscape"
cold=$(st "$T/h")
: >"$T/warm"
for r in 1 2 3; do
    curl -s -b "$T/jar" -H "X-CSRF-Token: $CSRF" -D "$T/h" -o "$T/p2.png" \
        -d "$(python3 -c 'import json,sys; it=json.load(open(sys.argv[1]))["items"][0]; it["subtitle"]="essai %s" % sys.argv[2]; print(json.dumps(it))' "$T/one.json" "$r")" \
        "$B/api/preview?o=landscape"
    st "$T/h" >>"$T/warm"
done
warm=$(sort -n "$T/warm" | sed -n 2p)
: >"$T/cached"
for r in $(seq 20); do
    curl -s -b "$T/jar" -D "$T/h" -o "$T/p3.png" "$B/api/preview/$ONE.png?o=landscape"
    st "$T/h" >>"$T/cached"
done
cached=$(sort -n "$T/cached" | sed -n 10p)
echo "preview of '$ONE' (1920x1080 PNG): first $cold ms, uncached $warm ms (median of 3), cached $cached ms (median of 20)"
awk -v c="$cold" -v w="$warm" -v r="$best" 'BEGIN { printf "ratios to render: first %.2fx, uncached %.2fx (target <= 3x)\n", c / r, w / r }'
idle "after the work above"
