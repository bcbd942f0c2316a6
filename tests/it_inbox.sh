#!/bin/sh
# The player's command inbox (play/command): JSON files dropped into
# STATE/inbox/ of a running offscreen player are obeyed and deleted — show an
# item at once then resume the rotation, reload a feed served over HTTP,
# screenshot, urgent notice (kept across a restart) and its clearing, screen
# power off and on — and a bad file is logged once and deleted.
cd "$(dirname "$0")/.." || exit 2
T=$(mktemp -d)
pid=""
srv=""
trap 'kill $pid $srv 2>/dev/null; rm -rf "$T"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
unset DISPLAY WAYLAND_DISPLAY
ST="$T/state"
ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }

# wait_for SECONDS PYTHON-EXPRESSION: true once the expression holds for the
# status file (s: its JSON) and the play log (log: list of its entries).
wait_for() {
    python3 - "$ST" "$1" "$2" <<'PY'
import glob, json, sys, time
st, limit, expr = sys.argv[1], float(sys.argv[2]), sys.argv[3]
end = time.time() + limit
while True:
    try:
        s = json.load(open(st + "/status.json"))
    except (OSError, ValueError):
        s = {}
    log = []
    for f in sorted(glob.glob(st + "/playlog-*.jsonl")):
        for line in open(f, encoding="utf-8"):
            try:
                log.append(json.loads(line))
            except ValueError:
                pass
    try:
        if eval(expr):
            sys.exit(0)
    except (KeyError, IndexError, TypeError):
        pass
    if time.time() > end:
        print(json.dumps(s.get("showing")), [e["id"] for e in log][-8:], file=sys.stderr)
        sys.exit(1)
    time.sleep(0.05)
PY
}

# drop NAME JSON: written as a dot file, then renamed, as the console does.
drop() {
    printf '%s' "$2" >"$ST/inbox/.$1.tmp" && mv "$ST/inbox/.$1.tmp" "$ST/inbox/$1.json"
}

feed() { # ids...
    items=""
    for i in "$@"; do
        items="$items${items:+,}{\"kind\":\"notice\",\"id\":\"$i\",\"title\":\"Avis $i\"}"
    done
    printf '{"version":1,"settings":{"languages":"fr","timezone":"Europe/Paris"},"items":[%s]}' \
        "$items"
}

python3 tests/tools/httpd.py 0 >"$T/httpd.out" 2>/dev/null &
srv=$!
for _ in 1 2 3 4 5 6 7 8 9 10; do grep -qs PORT "$T/httpd.out" && break; sleep 0.2; done
PORT=$(awk '{print $2}' "$T/httpd.out")
feed a b c d e >"$T/feed1.json"
curl -s --data-binary @"$T/feed1.json" "http://127.0.0.1:$PORT/feed" >/dev/null

start() {
    ./vitrine play --set paths.state="$ST" --set paths.cache="$T/cache" --set content.drop= \
        --set network.poll=3600 --set screen.playlog=true --window 320x180 --no-clock \
        --duration 3000 "http://127.0.0.1:$PORT/feed.xml" 2>>"$T/err" &
    pid=$!
}
start
if wait_for 10 's["showing"]["slides"] >= 2'; then
    ok "the player runs with an inbox"
else
    ko "the player runs" "$(tail -5 "$T/err")"
    exit 1
fi

# 1. show: the item comes at once (well before the 3 s hold ends; a hold
#    that long keeps the slide read below on screen when the machine is loaded), then the
#    slide it displaced (the rotation runs a, b, c, d, e).
wait_for 5 's["showing"]["item"] in "abcde" and len(log) >= 1'
sleep 0.9 # past the fade: the show cuts the hold short
cur=$(python3 -c "import json;print(json.load(open('$ST/status.json'))['showing']['item'])")
succ=$(python3 -c "s='abcde';print(s[(s.index('$cur')+1)%5])")
target=$(python3 -c "print([x for x in 'abcde' if x not in ('$cur','$succ')][1])")
t0=$(date +%s%N)
drop 10-show "{\"cmd\":\"show\",\"id\":\"$target\"}"
if wait_for 3 "s['showing']['item'] == '$target'"; then
    ms=$((($(date +%s%N) - t0) / 1000000))
    ok "show $target (on screen: $cur): shown after $ms ms"
else
    ko "show $target" "$(tail -3 "$T/err")"
fi
[ ! -e "$ST/inbox/10-show.json" ] && ok "the command file is deleted" ||
    ko "the command file is deleted" "$(ls "$ST/inbox")"
if wait_for 8 "[e['id'] for e in log][-2:] == ['$cur', '$target'] and s['showing']['item'] == '$succ'"; then
    ok "the rotation resumes with the slide displaced ($cur, $target, $succ)"
else
    ko "the rotation resumes" "see above"
fi
drop 11-show '{"cmd":"show","id":"nosuch"}'
i=0
while ! grep -q "no slide 'nosuch'" "$T/err" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q "no slide 'nosuch'" "$T/err" && ok "show of an unknown id is logged" ||
    ko "show unknown id" "$(tail -3 "$T/err")"

# 2. reload: the server has a new feed, the player polls only hourly.
feed a b c d e f >"$T/feed2.json"
curl -s --data-binary @"$T/feed2.json" "http://127.0.0.1:$PORT/feed" >/dev/null
drop 20-reload '{"cmd":"reload"}'
if wait_for 5 '"f" in s["feed"]["ids"]'; then
    ok "reload: the new feed is fetched at once"
else
    ko "reload" "$(tail -3 "$T/err")"
fi

# 3. screenshot
drop 30-shot '{"cmd":"screenshot"}'
if wait_for 5 's["player"]["screenshot"] is not None' && [ -s "$ST/screenshot.png" ]; then
    ok "screenshot written"
else
    ko "screenshot" "$(ls "$ST")"
fi

# 4. notice: a takeover until its expiry, kept across a restart, then cleared.
until=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
drop 40-notice "{\"cmd\":\"notice\",\"text\":{\"fr\":\"Fermeture à 16 h\",\"en\":\"Closing at 4 pm\"},\"until\":\"$until\"}"
if wait_for 5 's["showing"]["item"] == "vitrine-notice"'; then
    n0=$(python3 -c "import json;print(json.load(open('$ST/status.json'))['showing']['slides'])")
    if wait_for 10 "s['showing']['item'] == 'vitrine-notice' and s['showing']['slides'] > $n0 + 1 \
            and all(e['id'] == 'vitrine-notice' for e in log[-2:])"; then
        ok "notice: a takeover, nothing else plays"
    else
        ko "notice: nothing else plays" "see above"
    fi
else
    ko "notice shown" "$(tail -3 "$T/err")"
fi
kill $pid
wait $pid 2>/dev/null
start
if wait_for 10 's["showing"]["item"] == "vitrine-notice" and s["pid"] == '"$pid"; then
    ok "notice: shown again after a restart"
else
    ko "notice after a restart" "$(ls "$ST")"
fi
drop 41-notice '{"cmd":"notice","text":{}}'
if wait_for 5 's["showing"]["item"] in "abcdef"' && [ ! -e "$ST/notice.json" ]; then
    ok "notice cleared: the rotation is back"
else
    ko "notice cleared" "$(tail -3 "$T/err")"
fi

# 5. power off and on.
drop 50-off '{"cmd":"power","on":false}'
if wait_for 5 's["showing"]["kind"] == "blank" and s["player"]["screen_on"] == False'; then
    ok "power off: blank screen"
else
    ko "power off" "$(tail -3 "$T/err")"
fi
drop 51-on '{"cmd":"power","on":true}'
if wait_for 5 's["showing"]["kind"] == "notice" and s["player"]["screen_on"] == True'; then
    ok "power on: the rotation again"
else
    ko "power on" "$(tail -3 "$T/err")"
fi

# 6. A bad file: logged once, deleted; the player plays on.
printf '{"cmd":"explode"' >"$ST/inbox/.bad.tmp" && mv "$ST/inbox/.bad.tmp" "$ST/inbox/60-bad.json"
printf '{"cmd":"show"}' >"$ST/inbox/.bad2.tmp" && mv "$ST/inbox/.bad2.tmp" "$ST/inbox/61-bad.json"
sleep 1
n=$(grep -c "60-bad.json" "$T/err")
if [ "$n" = 1 ] && [ ! -e "$ST/inbox/60-bad.json" ] && [ ! -e "$ST/inbox/61-bad.json" ] &&
    grep -q '61-bad.json: .*"show" needs "id"' "$T/err" && kill -0 $pid; then
    ok "bad files: logged once each, deleted, still playing"
else
    ko "bad files" "$n lines; $(ls "$ST/inbox"); $(tail -3 "$T/err")"
fi
kill $pid
wait $pid 2>/dev/null
pid=""
