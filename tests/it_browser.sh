#!/bin/sh
# The console's pages in a real browser: Debian's chromium (headless),
# chromium-driver and python3-selenium drive `vitrine console` on a copy of
# the default content and a DATAtourisme import (two feeds of one
# vitrine.conf), with a play log made by `vitrine play` (dummy SDL driver)
# for the partner report, then a real `vitrine play` under Xvfb on the same
# configuration for "show it now". The checks are in
# tests/browser/console_test.py; screenshots of every page at desk and phone
# sizes and the printed attestation are kept in build/browser/ (or
# $BROWSER_ARTEFACTS). Prints PASS/FAIL lines (tests/run.sh).
ROOT=$(pwd)
VITRINE="$ROOT/vitrine"
PY=/usr/bin/python3
ART=${BROWSER_ARTEFACTS:-$ROOT/build/browser}
for tool in chromium chromedriver Xvfb import compare; do
    if ! command -v $tool >/dev/null 2>&1 && [ ! -x /usr/bin/$tool ]; then
        echo "SKIP browser: $tool is not installed (scripts/deps.sh)"
        exit 0
    fi
done
if ! $PY -c 'import selenium' 2>/dev/null; then
    echo "SKIP browser: python3-selenium is not installed (scripts/deps.sh)"
    exit 0
fi

TMP=$(mktemp -d /tmp/vitrine-browser-XXXXXX)
CONSOLE=""
PLAY=""
XVFB=""
cleanup() {
    [ -n "$PLAY" ] && kill "$PLAY" 2>/dev/null && wait "$PLAY" 2>/dev/null
    [ -n "$CONSOLE" ] && kill "$CONSOLE" 2>/dev/null && wait "$CONSOLE" 2>/dev/null
    [ -n "$XVFB" ] && kill "$XVFB" 2>/dev/null && wait "$XVFB" 2>/dev/null
    [ -n "$BROWSER_KEEP" ] && echo "kept $TMP" >&2 || rm -rf "$TMP"
}
trap cleanup EXIT
mkdir -p "$ART"
cp -R content themes "$TMP/"
cd "$TMP" || exit 1
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
unset DISPLAY WAYLAND_DISPLAY

# Items imported from a tourism database, as `vitrine import` writes them:
# the second feed of the screen, which staff hide, pin and correct.
"$VITRINE" import --out content/datatourisme.json "$ROOT/tests/fixtures/sit/datatourisme" 2>import.log || {
    echo "FAIL browser: vitrine import: $(tail -3 import.log)"
    exit 1
}
cat >vitrine.conf <<CONF
[content]
feed = $TMP/content/feed.xml
feed = $TMP/content/datatourisme.json
drop = $TMP/content/drop
theme = $TMP/themes/default
[screen]
screenshot_interval = 2
[paths]
state = $TMP/state
cache = $TMP/cache
CONF

# A screen for the real player: Xvfb picks a free display and says it.
Xvfb -displayfd 3 -screen 0 960x540x24 -nolisten tcp 3>xvfb.display 2>xvfb.log &
XVFB=$!
i=0
while [ $i -lt 100 ] && [ ! -s xvfb.display ]; do
    sleep 0.1
    i=$((i + 1))
done
XDISPLAY=":$(head -n 1 xvfb.display)"
if [ "$XDISPLAY" = ":" ]; then
    echo "FAIL browser: Xvfb did not start: $(tail -3 xvfb.log)"
    exit 1
fi

# A play log of this month for the partner report: every slide for 0.1 s,
# made while the browser starts; then (play.done) the real player, under
# Xvfb with the slides' own durations, for "show it now". The test stops it
# before it checks the partner figures.
(
    "$VITRINE" play -c vitrine.conf --window 640x360 --duration 100 --quit-after 3 >play.log 2>&1 ||
        echo "FAIL browser: vitrine play could not make a play log: $(tail -3 play.log)"
    touch play.done
    DISPLAY=$XDISPLAY SDL_VIDEODRIVER=x11 exec "$VITRINE" play -c vitrine.conf >player.log 2>&1
) &
PLAY=$!

PASSWORD="essai-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
printf '%s\n%s\n' "$PASSWORD" "$PASSWORD" |
    "$VITRINE" console -c vitrine.conf --content content --state state --add-user camille >adduser.log 2>&1 || {
    echo "FAIL browser: vitrine console --add-user"
    cat adduser.log
    exit 1
}

"$VITRINE" console -c vitrine.conf --content content --state state --listen 127.0.0.1:0 >console.log 2>&1 &
CONSOLE=$!
PORT=""
i=0
while [ $i -lt 100 ] && [ -z "$PORT" ]; do
    PORT=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9][0-9]*\)/.*|\1|p' console.log | head -n 1)
    [ -z "$PORT" ] && sleep 0.1
    i=$((i + 1))
done
if [ -z "$PORT" ]; then
    echo "FAIL browser: vitrine console did not say its port"
    cat console.log
    exit 1
fi

$PY "$ROOT/tests/browser/console_test.py" --base "http://127.0.0.1:$PORT" --user camille \
    --password "$PASSWORD" --content "$TMP/content" --vitrine "$VITRINE" --state "$TMP/state" \
    --artefacts "$ART" --config "$TMP/vitrine.conf" --player "$PLAY" --xdisplay "$XDISPLAY"
rc=$?
[ $rc -ne 0 ] && tail -20 console.log player.log
exit $rc
