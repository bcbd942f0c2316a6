#!/bin/sh
# The information band's cost in holds (issue 22): the same player, the same
# feed of long holds, under Xvfb at 1920x1080, with and without the band (and
# its weather, from the local test service), in one sitting. Prints the CPU
# of each run as a % of one core (../shared/bench/proctree.py) and the load
# average beside it. Usage: scripts/bench-band.sh [SECONDS] (default 120).
set -eu
SECS=${1:-120}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PROCTREE=${PROCTREE:-$ROOT/../shared/bench/proctree.py}
T=$(mktemp -d)
trap 'kill $XVFB $WX 2>/dev/null; rm -rf "$T"' EXIT
cd "$ROOT"
make -s vitrine
Xvfb -displayfd 3 -screen 0 1920x1080x24 -nolisten tcp 3>"$T/disp" 2>/dev/null &
XVFB=$!
python3 tests/tools/wxhttpd.py >"$T/port" 2>/dev/null &
WX=$!
sleep 1
export DISPLAY=":$(cat "$T/disp")"
PORT=$(awk '{print $2}' "$T/port")
# The default content without its ticker lines: a crawl animates every
# frame, which would hide what the band costs in holds.
python3 - "$ROOT/content/feed.xml" "$T/feed.xml" <<'PY'
import re, sys
s = open(sys.argv[1], encoding="utf-8").read()
s = re.sub(r"<ticker .*?</ticker>\s*", "", s, flags=re.S)
open(sys.argv[2], "w", encoding="utf-8").write(s)
PY
cp -R "$ROOT/content/images" "$T/images"
for band in off bottom; do
    cat >"$T/vitrine.conf" <<CONF
[content]
feed = $T/feed.xml
drop =
theme = $ROOT/themes/default
[screen]
band = $band
[weather]
source = open-meteo
url = http://127.0.0.1:$PORT/open-meteo
[paths]
cache = $T/cache-$band
state = $T/state-$band
CONF
    # 30 s holds: the window measures holds, the clock's (or band's) minute
    # redraws and the preparation of the next slides, nothing else.
    r=$(python3 "$PROCTREE" --warmup 10 --secs "$SECS" -- \
        ./vitrine play -c "$T/vitrine.conf" --duration 30000 2>/dev/null || true)
    echo "band=$band $r load=$(cut -d' ' -f1-3 /proc/loadavg)"
done
