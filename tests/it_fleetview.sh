#!/bin/sh
# The console's view of the fleet (docs/console.md, docs/fleet.md): a real
# mosquitto (TLS, one account per screen, the sample ACL), the real
# collector, two offscreen players and the real console given the
# collector's configuration and database. Through the console's API: both
# screens listed online with what they show; refusals (no session, no CSRF
# token, a bad command, a console without --fleet); show, screenshot and a
# notice to the whole site reach the players, each audit-logged; a player
# killed -9 is listed offline; then, when chromium and its driver are here,
# the page at 390 px sends a command with its confirmation.
cd "$(dirname "$0")/.." || exit 2
for tool in mosquitto mosquitto_passwd openssl curl python3; do
    command -v $tool >/dev/null || {
        echo "SKIP it_fleetview: $tool is not installed (scripts/deps.sh)"
        exit 0
    }
done
T=$(mktemp -d)
broker="" collector="" pa="" pb="" cpid="" cpid2=""
cleanup() {
    for p in $pa $pb $cpid $cpid2 $collector $broker; do kill -9 "$p" 2>/dev/null; done
    [ -n "$KEEP" ] && echo "kept $T" || rm -rf "$T"
}
trap cleanup EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
unset DISPLAY WAYLAND_DISPLAY
ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ko "$1" "got '$2', want '$3'"; fi; }

# --- broker: TLS, accounts, the ACL of docs/fleet --------------------------
. tests/tools/fleet-tls.sh
fleet_tls "$T"
fleet_accounts "$T" cambo/accueil cambo/thermes collector
PORT=$(free_port)
cat >"$T/mosquitto.conf" <<EOF
listener $PORT 127.0.0.1
user $(id -un)
cafile $T/ca.crt
certfile $T/server.crt
keyfile $T/server.key
allow_anonymous false
password_file $T/passwd
acl_file $(pwd)/docs/fleet/acl
log_dest file $T/mosquitto.log
EOF
mosquitto -c "$T/mosquitto.conf" 2>"$T/mosquitto.err" &
broker=$!
i=0
while ! grep -q "listen socket on port $PORT" "$T/mosquitto.log" 2>/dev/null && [ $i -lt 50 ]; do
    sleep 0.1
    i=$((i + 1))
done

# --- the collector, the content, two players --------------------------------
cat >"$T/collector.conf" <<EOF
[fleet]
broker = 127.0.0.1:$PORT
ca_file = $T/ca.crt
username = collector
password_file = $T/collector.pw
[paths]
state = $T/collector
EOF
mkdir -p "$T/collector" "$T/content"
./vitrine collect -c "$T/collector.conf" 2>"$T/collector.err" &
collector=$!
printf '{"version":1,"settings":{"languages":"fr"},"items":[%s]}' \
    '{"kind":"notice","id":"a","title":"Avis a"},{"kind":"notice","id":"b","title":"Avis b"},{"kind":"notice","id":"c","title":"Avis c"}' \
    >"$T/content/feed.json"
for s in accueil thermes; do
    mkdir -p "$T/$s"
    cat >"$T/$s.conf" <<EOF
[content]
feed = $T/content/feed.json
drop =
[screen]
id = $s
[fleet]
broker = 127.0.0.1:$PORT
ca_file = $T/ca.crt
site = cambo
password_file = $T/cambo-$s.pw
status_interval = 5
[paths]
state = $T/$s/state
cache = $T/$s/cache
EOF
done
play() { # SCREEN: starts it in the background (pid in $!)
    ./vitrine play -c "$T/$1.conf" --window 320x180 --no-clock --duration 600 2>>"$T/$1.err" &
}
play accueil
pa=$!
play thermes
pb=$!

# --- the console, with the collector's configuration and database ----------
export VITRINE_CONSOLE_TEST_CHEAP_HASH=1
printf 'motdepasse-anne\nmotdepasse-anne\n' |
    ./vitrine console --data "$T/data" --add-user anne 2>/dev/null
start_console() { # LOG [OPTIONS...]: sets the console's base address in B
    log=$1
    shift
    : >"$log"
    ./vitrine console -c "$T/accueil.conf" --content "$T/content" --data "$T/data" \
        --listen 127.0.0.1:0 "$@" 2>"$log" &
    last=$!
    i=0
    while ! grep -q "listening on" "$log" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    B=http://127.0.0.1:$(sed -n 's/.*listening on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$log")
}
start_console "$T/console.log" --fleet "$T/collector.conf"
cpid=$last
CB=$B
out=$(curl -s -c "$T/jar" -d '{"user":"anne","password":"motdepasse-anne"}' "$B/api/login")
CSRF=$(echo "$out" | sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p')
[ -n "$CSRF" ] || ko "console login" "$out $(cat "$T/console.log")"
get() { curl -s -b "$T/jar" "$B$1"; }
# cmd PATH JSON: POSTs with the session and the token; prints the body, then the status
cmd() {
    curl -s -b "$T/jar" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
        -w '\n%{http_code}' -d "$2" "$B$1"
}
# jq-like: fleet EXPR, with the console's list as F (a dict of screens by name)
fleet() {
    get /api/fleet | python3 -c "
import json, sys
o = json.load(sys.stdin)
F = {s['name']: s for s in o['screens']}
print($1)" 2>/dev/null
}
wait_for() { # PYTHON-EXPR WANT SECONDS
    i=0
    while [ "$(fleet "$1")" != "$2" ] && [ $i -lt $(($3 * 10)) ]; do sleep 0.1; i=$((i + 1)); done
    [ "$(fleet "$1")" = "$2" ]
}

# 1. Both screens, online, with what they show, from the collector.
if wait_for "sorted(n for n, s in F.items() if s['online'] and s['showing']['id'] in 'abc' and s['showing']['id'] and s['feed']['version'] is not None)" \
    "['cambo/accueil', 'cambo/thermes']" 15; then
    ok "GET /api/fleet: both screens online, with their slide, feed version and last seen"
else
    ko "the fleet's list" "$(get /api/fleet | cut -c1-300) $(tail -2 "$T/collector.err")"
fi
bad=""
for r in GET:/api/fleet GET:/api/fleet/cambo/accueil/screenshot.png \
    POST:/api/fleet/cambo/accueil/command POST:/api/fleet/cambo/command; do
    c=$(curl -s -o /dev/null -w '%{http_code}' -X "${r%%:*}" -H 'Content-Type: application/json' \
        -d '{"cmd":"reload"}' "$B${r#*:}")
    [ "$c" = 401 ] || bad="$bad $r=$c"
done
[ -z "$bad" ] && ok "the 4 fleet routes are refused without a session" || ko "fleet routes without a session" "$bad"
check "a command without the CSRF token is refused" \
    "$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar" -H 'Content-Type: application/json' \
        -d '{"cmd":"reload"}' "$B/api/fleet/cambo/accueil/command")" 403
r=$(cmd /api/fleet/cambo/accueil/command '{"cmd":"notice","text":"Fermé"}')
case $r in *"Donnez la fin"*422) ok "a notice without its end is refused in French (422)" ;;
*) ko "a bad command" "$r" ;; esac
r=$(cmd /api/fleet/cambo/nowhere/command '{"cmd":"reload"}')
case $r in *404) ok "a screen the collector never saw: 404" ;; *) ko "unknown screen" "$r" ;; esac

# 2. Commands from the console reach the players.
state_item() { python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['showing']['item'])" "$T/$1/state/status.json" 2>/dev/null; }
cur=$(state_item accueil)
target=$(for x in a b c; do [ "$x" != "$cur" ] && echo $x; done | head -1)
r=$(cmd /api/fleet/cambo/accueil/command "{\"cmd\":\"show\",\"id\":\"$target\"}")
i=0
while [ "$(state_item accueil)" != "$target" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
case $r in
*'"ok":true'*'"acked":true'*200)
    [ "$(state_item accueil)" = "$target" ] &&
        ok "show from the console's API: $target on accueil after ~$((i * 100)) ms" ||
        ko "show from the console" "$(state_item accueil) $(tail -2 "$T/accueil.err")"
    ;;
*) ko "show from the console" "$r" ;;
esac
r=$(cmd /api/fleet/cambo/accueil/command '{"cmd":"screenshot"}')
if wait_for "F['cambo/accueil']['screenshot'] is not None" True 15; then
    url=$(fleet "F['cambo/accueil']['screenshot']")
    curl -s -b "$T/jar" -o "$T/shot.png" "$B$url"
    if head -c 8 "$T/shot.png" | od -An -c | grep -q 'P   N   G'; then
        ok "screenshot from the console: the player's PNG ($(wc -c <"$T/shot.png") bytes) served from the collector's database"
    else
        ko "the screenshot" "$(head -c 200 "$T/shot.png")"
    fi
else
    ko "screenshot from the console" "$r $(tail -2 "$T/collector.err")"
fi
until=$(date -d '+1 hour' +%Y-%m-%dT%H:%M)
r=$(cmd /api/fleet/cambo/command "{\"cmd\":\"notice\",\"text\":\"Fermeture à 16 h\",\"until\":\"$until\"}")
i=0
while { [ "$(state_item accueil)" != vitrine-notice ] || [ "$(state_item thermes)" != vitrine-notice ]; } &&
    [ $i -lt 50 ]; do
    sleep 0.1
    i=$((i + 1))
done
[ "$(state_item accueil)" = vitrine-notice ] && [ "$(state_item thermes)" = vitrine-notice ] &&
    ok "a notice to the whole site from the console: on both screens" ||
    ko "notice to the site" "$r $(state_item accueil) $(state_item thermes)"
cmd /api/fleet/cambo/command '{"cmd":"notice","text":""}' >/dev/null
n=$(grep -c '"action":"fleet-command"' "$T/data/audit.log")
grep '"action":"fleet-command"' "$T/data/audit.log" | grep -q '"user":"anne","action":"fleet-command","id":"cambo"' &&
    [ "$n" -ge 4 ] && ok "each command is in the audit log ($n lines, user and target)" ||
    ko "audit log" "$(cat "$T/data/audit.log")"

# 3. A player killed -9 shows offline (the broker's last will).
kill -9 $pb
wait $pb 2>/dev/null
pb=""
t0=$(date +%s)
if wait_for "F['cambo/thermes']['online']" False 20; then
    ok "a player killed -9 is listed offline after $(($(date +%s) - t0)) s; accueil still online: $(fleet "F['cambo/accueil']['online']")"
else
    ko "offline after kill -9" "$(get /api/fleet | cut -c1-300)"
fi
r=$(cmd /api/fleet/cambo/thermes/command '{"cmd":"reload"}')
case $r in *'"online":false'*200) ok "a command to an offline screen says it was offline" ;;
*) ko "command to an offline screen" "$r" ;; esac

# 4. A console without --fleet neither lists nor sends; one with the
#    database only lists.
start_console "$T/console2.log" --state "$T/nostate"
cpid2=$last
curl -s -c "$T/jar2" -d '{"user":"anne","password":"motdepasse-anne"}' "$B/api/login" >/dev/null
r=$(curl -s -b "$T/jar2" "$B/api/fleet")
check "without the collector's database: the fleet is off" "$r" '{"enabled":false,"can_send":false,"screens":[]}'
kill $cpid2
wait $cpid2 2>/dev/null
start_console "$T/console3.log" --fleet-db "$T/collector/fleet.db"
cpid2=$last
CSRF2=$(curl -s -c "$T/jar2" -d '{"user":"anne","password":"motdepasse-anne"}' "$B/api/login" |
    sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p')
n=$(curl -s -b "$T/jar2" "$B/api/fleet" | grep -o '"name":' | wc -l)
c=$(curl -s -o /dev/null -w '%{http_code}' -b "$T/jar2" -H "X-CSRF-Token: $CSRF2" \
    -H 'Content-Type: application/json' -d '{"cmd":"reload"}' "$B/api/fleet/cambo/accueil/command")
[ "$n" = 2 ] && [ "$c" = 409 ] && ok "with the database only: the list ($n screens), no commands (409)" ||
    ko "database only" "$n screens, $c"
kill $cpid2
wait $cpid2 2>/dev/null
cpid2=""
B=$CB

# 5. The page at 390 px: the list, a command confirmed and its result.
if [ -x /usr/bin/chromedriver ] && /usr/bin/python3 -c 'import selenium' 2>/dev/null; then
    if /usr/bin/python3 tests/browser/fleetview.py "$B" anne motdepasse-anne "$T" >"$T/browser.out" 2>&1; then
        while read -r line; do ok "page: $line"; done <"$T/browser.out"
    else
        ko "the fleet page in chromium" "$(tail -5 "$T/browser.out")"
    fi
else
    echo "SKIP page: chromium's driver or python3-selenium is absent"
fi

# 6. The console and the collector stop cleanly on SIGTERM (under the
#    sanitizers, a leak would make them exit non-zero here).
kill $cpid
wait $cpid
rc1=$?
cpid=""
kill $collector
wait $collector
rc2=$?
collector=""
[ $rc1 = 0 ] && [ $rc2 = 0 ] && ok "the console and the collector stop cleanly" ||
    ko "clean stop" "console $rc1 $(tail -3 "$T/console.log"), collector $rc2 $(tail -3 "$T/collector.err")"
