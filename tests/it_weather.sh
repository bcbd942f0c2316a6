#!/bin/sh
# The weather and the shop window, end to end: a local weather service
# (tests/tools/wxhttpd.py) serves the recorded answers of both providers,
# then errors, garbage, a slow drip, a huge answer and old data; the real
# player runs on SDL's dummy driver with the information band and after-hours
# mode, and every check reads state/status.json or the player's screenshot.
# Prints PASS/FAIL lines (tests/run.sh). Needs python3 and ImageMagick.
ROOT=$(pwd)
VITRINE="$ROOT/vitrine"
TMP=$(mktemp -d /tmp/vitrine-weather-XXXXXX)
SERVER=""
cleanup() {
    [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT
pass() { echo "PASS $1"; }
fail() {
    echo "FAIL $1"
    [ -f "$TMP/play.log" ] && tail -15 "$TMP/play.log"
}

cp -R content themes "$TMP/"
cd "$TMP" || exit 1
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

python3 "$ROOT/tests/tools/wxhttpd.py" >port 2>wx.log &
SERVER=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do grep -qs PORT port && break; sleep 0.2; done
PORT=$(awk '{print $2}' port)
[ -n "$PORT" ] || {
    echo "FAIL weather service did not start"
    exit 1
}

# play SOURCE PATH MODE [SECONDS]: one player run against the service in MODE,
# keeping the cache between runs; leaves state/status.json behind.
play() {
    curl -s "http://127.0.0.1:$PORT/control?mode=$3" >/dev/null
    cat >vitrine.conf <<EOF
[content]
feed = content/feed.xml
drop =
[screen]
band = bottom
weather_slide = true
[weather]
source = $1
url = http://127.0.0.1:$2
[network]
timeout = 2
max_download = 1M
[paths]
cache = cache
state = state
EOF
    rm -f state/status.json
    "$VITRINE" play -c vitrine.conf --window 960x540 --duration 1500 \
        --quit-after "${4:-2}" >play.log 2>&1
}

# field EXPR: a value of status.json, in Python syntax over `s`.
field() {
    python3 -c 'import json,sys; s=json.load(open("state/status.json")); print(eval(sys.argv[1]))' \
        "$1" 2>/dev/null
}

# 1. Both providers' answers are shown, described as of now.
for src in open-meteo meteo-france; do
    rm -rf cache
    play $src "$PORT/$src" good
    age=$(field 'int(s["written_unix"] - s["weather"]["describes_unix"])')
    if [ "$(field 's["weather"]["shown"]')" = True ] && [ "${age:-99999}" -lt 3700 ]; then
        pass "$src answer shown (describes ${age} s ago)"
    else
        fail "$src answer shown (status: $(field 's.get("weather")'))"
    fi
done

# 2. The band is drawn over the bottom of the screen in the ticker's colour,
#    and the weather slide comes in the rotation (a feed of two notices and a
#    ticker line, so that a cycle is short).
rm -rf cache state
play open-meteo "$PORT/open-meteo" good 1 # fills the cache
cat >content/short.xml <<EOF
<feed version="1"><settings><office>Office de Tourisme</office></settings><items>
<notice id="a"><title>Un</title></notice><notice id="b"><title>Deux</title></notice>
<ticker id="t"><title>Bienvenue</title></ticker></items></feed>
EOF
sed -i 's|^feed = .*|feed = content/short.xml|' vitrine.conf
"$VITRINE" play -c vitrine.conf --window 960x540 --duration 800 --quit-after 8 \
    >play.log 2>&1 &
P=$!
sleep 6
kill -USR1 $P 2>/dev/null
sleep 1
wait $P
px=$(convert state/screenshot.png -crop 1x1+4+500 -depth 8 txt:- 2>/dev/null | tail -1)
case "$px" in
*C8102E* | *c8102e*) pass "information band drawn at the bottom" ;;
*) fail "information band drawn at the bottom (pixel: $px)" ;;
esac
if grep -q '"kind":"weather"' state/playlog-*.jsonl 2>/dev/null; then
    pass "weather slide in the rotation"
else
    fail "weather slide in the rotation"
fi

# 3. Every way a service fails leaves the weather out of a fresh start, says
#    why in the status, and never stops the slides.
check_fault() { # mode, expected words in last_error
    rm -rf cache
    play open-meteo "$PORT/open-meteo" "$1" "${3:-3}"
    err=$(field 's["weather"]["last_error"]')
    shown=$(field 's["weather"]["shown"]')
    slides=$(field 's["showing"]["slides"]')
    case "$err" in
    *"$2"*)
        if [ "$shown" = False ] && [ "${slides:-0}" -ge 1 ]; then
            pass "weather service $1: left out, slides go on ($err)"
        else
            fail "weather service $1: shown=$shown slides=$slides"
        fi
        ;;
    *) fail "weather service $1: last error '$err', expected '$2'" ;;
    esac
}
check_fault 500 "500"
check_fault garbage "not a JSON object"
check_fault huge "larger than"
check_fault old "more than 3 h"
check_fault slow "Timeout" 4

# 4. No network at boot: nothing listens; the player plays and says so.
rm -rf cache
play open-meteo "1/open-meteo" good
err=$(field 's["weather"]["last_error"]')
if [ -n "$err" ] && [ "$err" != None ] && [ "$(field 's["showing"]["slides"]')" -ge 1 ]; then
    pass "no weather service: slides play ($err)"
else
    fail "no weather service (status: $(field 's.get("weather")'))"
fi

# 5. A fresh answer kept from the last run is shown while the service fails.
rm -rf cache
play open-meteo "$PORT/open-meteo" good
play open-meteo "$PORT/open-meteo" 500
if [ "$(field 's["weather"]["shown"]')" = True ]; then
    pass "cached weather shown while the service fails"
else
    fail "cached weather shown while the service fails ($(field 's.get("weather")'))"
fi
"$VITRINE" status -c vitrine.conf >status.txt 2>&1
if grep -q 'weather.*open-meteo, shown' status.txt && grep -q 'last error.*500' status.txt; then
    pass "vitrine status says the weather and the last error"
else
    fail "vitrine status: $(cat status.txt)"
fi

# 6. A configuration error names the key and the fix.
printf '[weather]\nsource = meteofrance\n' >bad.conf
if "$VITRINE" check bad.conf 2>&1 | grep -q "source 'meteofrance' is not known: use open-meteo or meteo-france"; then
    pass "an unknown weather source is refused with the fix"
else
    fail "an unknown weather source is refused with the fix"
fi
exit 0
