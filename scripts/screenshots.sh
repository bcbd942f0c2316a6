#!/bin/sh
# Takes the screenshots in docs/screenshots/: the real player, fullscreen under
# Xvfb, one slide of every kind from the default content, in landscape
# (1920x1080) and portrait (1080x1920), captured with ImageMagick's `import`.
#   scripts/screenshots.sh [OUTDIR]
set -eu
cd "$(dirname "$0")/.."
out=${1:-docs/screenshots}
mkdir -p "$out"
T=$(mktemp -d)
trap 'kill $xvfb 2>/dev/null; rm -rf "$T"' EXIT
make -s vitrine
cp -R content/images "$T/images"

# One feed per slide: the default settings with a single item.
python3 - "$T" <<'PY'
import re, sys
src = open("content/feed.xml", encoding="utf-8").read()
head = src[: src.index("<items>") + len("<items>")]
tail = "\n  </items>\n</feed>\n"
shots = {"provider": "hotel-bel-exemple", "event": "concert-noel", "ticket": "billet-concert-noel",
         "place": "villa-arnaga", "notice": "wifi-gratuit", "poster": "affiche-concerts-hiver",
         "soldout": "billet-concert-avent"}
for name, ident in shots.items():
    m = re.search(r'\n    <(\w+) id="%s">.*?\n    </\1>' % re.escape(ident), src, re.S)
    item = re.sub(r'\n\s*<event>[^<]*</event>', '', m.group(0))  # alone, no event to link
    open(f"{sys.argv[1]}/{name}.xml", "w", encoding="utf-8").write(head + item + tail)
open(f"{sys.argv[1]}/fallback.xml", "w", encoding="utf-8").write(head + tail)
PY

FT=$(ls /usr/lib/*/faketime/libfaketime.so.1 2>/dev/null | head -n 1)

for geom in 1920x1080 1080x1920; do
    orient=landscape
    [ "$geom" = 1080x1920 ] && orient=portrait
    # A free display number, chosen by Xvfb (other jobs may run their own).
    rm -f "$T/dpy"
    Xvfb -displayfd 3 -screen 0 "${geom}x24" -nolisten tcp 3>"$T/dpy" >/dev/null 2>&1 &
    xvfb=$!
    while [ ! -s "$T/dpy" ]; do sleep 0.1; done
    dpy=:$(cat "$T/dpy")
    for f in "$T"/*.xml; do
        name=$(basename "$f" .xml)
        DISPLAY=$dpy ./vitrine play --set content.drop= --set paths.state="$T/state" \
            --set paths.cache="$T/cache" --set screen.playlog=false \
            --duration 60000 "$f" 2>/dev/null &
        pid=$!
        sleep 3
        DISPLAY=$dpy import -window root "$T/shot.png"
        kill -TERM $pid
        wait $pid || true
        convert "$T/shot.png" -quality 88 "$out/$orient-$name.jpg"
        echo "$out/$orient-$name.jpg"
    done
    # The shop window on a Monday evening, with the information band: the
    # "closed" slide, then the weather slide, from the local test weather
    # service; libfaketime moves the player's and the service's clocks.
    for shot in closed weather; do
        cat >"$T/shop.conf" <<CONF
[content]
feed = $T/fallback.xml
drop =
[screen]
band = bottom
after_hours = $([ $shot = closed ] && echo true || echo false)
weather_slide = true
playlog = false
[weather]
source = open-meteo
url = http://127.0.0.1:\$PORT/open-meteo
[paths]
cache = $T/cache-$shot
state = $T/state
CONF
        (
            export LD_PRELOAD="$FT" FAKETIME="@2026-12-07 20:04:00"
            python3 tests/tools/wxhttpd.py >"$T/port" 2>/dev/null &
            wx=$!
            while [ ! -s "$T/port" ]; do sleep 0.1; done
            sed -i "s/\\\$PORT/$(awk '{print $2}' "$T/port")/" "$T/shop.conf"
            DISPLAY=$dpy ./vitrine play -c "$T/shop.conf" --duration 60000 2>/dev/null &
            pid=$!
            sleep 4
            DISPLAY=$dpy import -window root "$T/shot.png"
            kill -TERM $pid $wx
            wait $pid || true
        )
        rm -f "$T/port"
        convert "$T/shot.png" -quality 88 "$out/$orient-$shot.jpg"
        echo "$out/$orient-$shot.jpg"
    done
    kill $xvfb
    wait $xvfb 2>/dev/null || true
done
