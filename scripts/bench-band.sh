#!/bin/sh
# The information band's cost (issue 22): the same player on the same feed,
# under Xvfb at 1920x1080, without and with the band (and its weather, from
# the local test service), in one sitting. From the player's --stats file:
# CPU in holds (the mean cpu_pct of the seconds with no animation frame and
# no slide being prepared), frames dropped in transitions, and the p99 frame
# time, with the load average beside them.
# Usage: scripts/bench-band.sh [SECONDS] (default 120).
set -eu
SECS=${1:-120}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
T=$(mktemp -d)
XVFB="" WX=""
trap 'kill $XVFB $WX 2>/dev/null; rm -rf "$T"' EXIT
cd "$ROOT"
make -s vitrine
cp vitrine "$T/vitrine" # one binary for both runs, whatever happens to the tree
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
playlog = false
[weather]
source = open-meteo
url = http://127.0.0.1:$PORT/open-meteo
[paths]
cache = $T/cache-$band
state = $T/state-$band
CONF
    # 4 s holds and the theme's crossfades, like the reference loop.
    "$T/vitrine" play -c "$T/vitrine.conf" --duration 4000 --stats "$T/stats-$band" \
        --quit-after "$SECS" >/dev/null 2>&1 || true
    python3 - "$T/stats-$band" "$band" "$(cut -d' ' -f1-3 /proc/loadavg)" <<'PY'
import re, sys
holds, total = [], None
for line in open(sys.argv[1]):
    f = dict(re.findall(r"(\w+)=([\d.]+)", line))
    if line.startswith("sec ") and int(f["t"]) >= 5:
        if f["anim"] == "0" and float(f["prep_ms"]) == 0:
            holds.append(float(f["cpu_pct"]))
    elif line.startswith("total "):
        total = f
mean = sum(holds) / len(holds) if holds else float("nan")
print("band=%-6s cpu_in_holds=%.3f%% (%d s) dropped=%s p99_ms=%s cpu_s=%s load=%s" % (
    sys.argv[2], mean, len(holds), total and total["long"], total and total["p99_ms"],
    total and total["cpu_s"], sys.argv[3]))
PY
done
