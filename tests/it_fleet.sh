#!/bin/sh
# The fleet over a real mosquitto (TLS with certificates made here, one
# account per screen, the sample ACL of docs/fleet.md) with two offscreen
# players and the collector: status and presence, commands over MQTT (show,
# screenshot published back, notice), a screen's account refused on another
# screen's topics, the broker stopped during play and restarted and a player
# killed -9 with records in its spool: the collector's plays equal the
# players' play logs exactly, with no duplicate; a screen that hangs shows
# offline within 1.5 keep-alives (and the broker's few seconds of timer), one
# killed at once.
cd "$(dirname "$0")/.." || exit 2
for tool in mosquitto mosquitto_pub mosquitto_sub mosquitto_passwd openssl; do
    command -v $tool >/dev/null || {
        echo "SKIP it_fleet: $tool is not installed (scripts/deps.sh)"
        exit 0
    }
done
T=$(mktemp -d)
broker="" collector="" pa="" pb=""
cleanup() {
    for p in $pa $pb $collector $broker; do kill -9 "$p" 2>/dev/null; done
    [ -n "$KEEP" ] && echo "kept $T" || rm -rf "$T"
}
trap cleanup EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
unset DISPLAY WAYLAND_DISPLAY
ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }
KEEPALIVE=10

# --- certificates, accounts, ACL, broker -----------------------------------
. tests/tools/fleet-tls.sh
fleet_tls "$T"
fleet_accounts "$T" cambo/accueil cambo/thermes collector
cp docs/fleet/acl "$T/acl"
PORT=$(free_port)
mkdir -p "$T/mq"
cat >"$T/mosquitto.conf" <<EOF
listener $PORT 127.0.0.1
user $(id -un)
cafile $T/ca.crt
certfile $T/server.crt
keyfile $T/server.key
tls_version tlsv1.2
allow_anonymous false
password_file $T/passwd
acl_file $T/acl
persistence true
persistence_location $T/mq/
max_queued_messages 0
log_dest file $T/mosquitto.log
EOF
start_broker() {
    mosquitto -c "$T/mosquitto.conf" 2>>"$T/mosquitto.err" &
    broker=$!
    i=0
    while ! grep -q "Opening ipv4 listen socket on port $PORT" "$T/mosquitto.log" 2>/dev/null &&
        [ $i -lt 50 ]; do
        sleep 0.1
        i=$((i + 1))
    done
}
start_broker

# as NAME: mosquitto_pub/sub options for an account
as() {
    printf '%s' "-h 127.0.0.1 -p $PORT --cafile $T/ca.crt -u $1 -P $(cat "$T/$(printf '%s' "$1" | tr / -).pw")"
}

# --- the collector and two players -----------------------------------------
cat >"$T/collector.conf" <<EOF
[fleet]
broker = 127.0.0.1:$PORT
ca_file = $T/ca.crt
username = collector
password_file = $T/collector.pw
keepalive = $KEEPALIVE
EOF
./vitrine collect -c "$T/collector.conf" --db "$T/fleet.db" 2>"$T/collector.err" &
collector=$!

printf '{"version":1,"settings":{"languages":"fr"},"items":[%s]}' \
    '{"kind":"notice","id":"a","title":"Avis a","partner":"hotel-du-parc"},{"kind":"notice","id":"b","title":"Avis b"},{"kind":"notice","id":"c","title":"Avis c","partner":"hotel-du-parc"}' \
    >"$T/feed.json"
for s in accueil thermes; do
    mkdir -p "$T/$s"
    cat >"$T/$s.conf" <<EOF
[content]
feed = $T/feed.json
drop =
[screen]
id = $s
playlog = true
[fleet]
broker = 127.0.0.1:$PORT
ca_file = $T/ca.crt
site = cambo
password_file = $T/cambo-$s.pw
keepalive = $KEEPALIVE
status_interval = 5
[paths]
state = $T/$s/state
cache = $T/$s/cache
EOF
done
play() { # SCREEN: starts it in the background (pid in $!)
    ./vitrine play -c "$T/$1.conf" --window 320x180 --no-clock --duration 600 \
        2>>"$T/$1.err" &
}
play accueil
pa=$!
play thermes
pb=$!

# screens: the collector's view, one line per screen (site/screen online ...)
screens() { ./vitrine collect --db "$T/fleet.db" --screens 2>/dev/null; }
wait_screens() { # PATTERN SECONDS
    i=0
    while ! screens | grep -q "$1" && [ $i -lt $(($2 * 10)) ]; do
        sleep 0.1
        i=$((i + 1))
    done
    screens | grep -q "$1"
}
if wait_screens 'cambo/accueil	online.*"showing":{"item":"[abc]"' 10 &&
    wait_screens 'cambo/thermes	online.*"showing":{"item":"[abc]"' 5; then
    ok "status and presence of both screens reach the collector over TLS"
else
    ko "status and presence" "$(screens | cut -c1-200) $(tail -3 "$T/accueil.err")"
fi

# --- commands over MQTT ------------------------------------------------------
state_item() { python3 -c "import json,sys;print(json.load(open(sys.argv[1]))['showing']['item'])" "$T/$1/state/status.json" 2>/dev/null; }
cur=$(state_item accueil)
target=$(for x in a b c; do [ "$x" != "$cur" ] && echo $x; done | head -1)
# shellcheck disable=SC2046
mosquitto_pub $(as collector) -q 1 -t vitrine/cambo/accueil/cmd -m "{\"cmd\":\"show\",\"id\":\"$target\"}"
i=0
while [ "$(state_item accueil)" != "$target" ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(state_item accueil)" = "$target" ] && ok "show over MQTT: $target on screen after ~$((i * 100)) ms" ||
    ko "show over MQTT" "$(state_item accueil) $(tail -3 "$T/accueil.err")"

# shellcheck disable=SC2046
mosquitto_sub $(as collector) -q 1 -t vitrine/cambo/accueil/screenshot -C 1 -W 10 -N \
    -R >"$T/shot.png" 2>/dev/null &
sub=$!
sleep 0.5
# shellcheck disable=SC2046
mosquitto_pub $(as collector) -q 1 -t vitrine/cambo/accueil/cmd -m '{"cmd":"screenshot"}'
wait $sub
if head -c 8 "$T/shot.png" | od -An -c | grep -q 'P   N   G'; then
    ok "screenshot over MQTT: a PNG of $(wc -c <"$T/shot.png") bytes published back"
else
    ko "screenshot over MQTT" "$(wc -c <"$T/shot.png") bytes"
fi

until=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
# Every screen of the site at once, with the collector's account.
./vitrine collect -c "$T/collector.conf" --db "$T/fleet.db" --send cambo \
    "{\"cmd\":\"notice\",\"text\":{\"fr\":\"Fermeture à 16 h\"},\"until\":\"$until\"}" \
    >"$T/send.out" 2>&1 || ko "vitrine collect --send" "$(cat "$T/send.out")"
i=0
while { [ "$(state_item accueil)" != vitrine-notice ] || [ "$(state_item thermes)" != vitrine-notice ]; } &&
    [ $i -lt 50 ]; do
    sleep 0.1
    i=$((i + 1))
done
[ "$(state_item accueil)" = vitrine-notice ] && [ "$(state_item thermes)" = vitrine-notice ] &&
    ok "notice to every screen of the site (vitrine collect --send cambo): on both" ||
    ko "notice to every screen" "$(state_item accueil) $(state_item thermes) $(cat "$T/send.out")"
./vitrine collect -c "$T/collector.conf" --db "$T/fleet.db" --send all '{"cmd":"notice","text":{}}' \
    >/dev/null

# --- the ACL: a screen's account on another screen's topics ----------------
# shellcheck disable=SC2046
mosquitto_sub $(as collector) -t vitrine/cambo/thermes/play -C 1 -W 3 >"$T/forged.out" 2>/dev/null &
sub=$!
sleep 0.5
# shellcheck disable=SC2046
mosquitto_pub $(as cambo/accueil) -q 1 -t vitrine/cambo/thermes/play \
    -m '{"rid":"forged-1","play":{"start":"2026-12-07T10:00:00.000+01:00","t":1,"duration":1,"id":"x","kind":"notice"}}'
# shellcheck disable=SC2046
mosquitto_sub $(as cambo/accueil) -t vitrine/cambo/thermes/cmd -C 1 -W 3 >"$T/sub-other.out" 2>&1 &
sub2=$!
sleep 0.5
# shellcheck disable=SC2046
mosquitto_pub $(as collector) -q 1 -t vitrine/cambo/thermes/cmd -m '{"cmd":"reload"}'
wait $sub2
wait $sub
# shellcheck disable=SC2046
mosquitto_pub -h 127.0.0.1 -p $PORT --cafile "$T/ca.crt" -u cambo/thermes -P wrong \
    -t vitrine/cambo/thermes/status -m x 2>"$T/wrongpw.out"
wrong=$?
if ! grep -q forged "$T/forged.out" && ! grep -q reload "$T/sub-other.out" &&
    [ $wrong -ne 0 ]; then
    ok "ACL: accueil's account cannot publish thermes' plays nor read its commands; a wrong password is refused"
else
    ko "ACL" "forged: $(cat "$T/forged.out"); sub: $(cat "$T/sub-other.out"); wrong password rc $wrong"
fi

# --- outage: the broker stops, a player is killed -9, the broker returns ----
sleep 1
kill -TERM $broker
wait $broker 2>/dev/null
sleep 2
kill -9 $pa # with records in its spool: the broker is away
wait $pa 2>/dev/null
spooled=$(python3 - "$T/accueil/state" <<'PY'
import glob, json, os, sys
d = sys.argv[1]
cur = json.load(open(d + "/fleet-spool.json"))
size = sum(os.path.getsize(f) for f in glob.glob(d + "/playlog-*.jsonl"))
print(size - cur["offset"])
PY
)
play accueil
pa=$!
sleep 2
start_broker
sleep 4
kill -TERM $pa $pb
wait $pa 2>/dev/null
wait $pb 2>/dev/null
pa="" pb=""
sleep 1.5
kill -TERM $collector
wait $collector 2>/dev/null
collector=""
if python3 - "$T" "$spooled" <<'PY'; then
import glob, json, sqlite3, sys
T, spooled = sys.argv[1], sys.argv[2]
db = sqlite3.connect(T + "/fleet.db")
for screen in ("accueil", "thermes"):
    log = []
    for f in sorted(glob.glob(f"{T}/{screen}/state/playlog-*.jsonl")):
        for line in open(f, encoding="utf-8"):
            try:
                log.append(json.loads(line))
            except ValueError:
                pass  # a line torn by kill -9: not a play
    rows = db.execute("SELECT p.start_ms, p.item FROM plays p JOIN screens s ON s.id = p.screen_id "
                      "WHERE s.site = 'cambo' AND s.screen = ?", (screen,)).fetchall()
    want = sorted((e["t"], e["id"] or e["kind"]) for e in log)
    got = sorted(rows)
    assert got == want, f"{screen}: collector {len(got)} plays, play log {len(want)}"
    daily = db.execute("SELECT sum(d.plays) FROM daily d JOIN screens s ON s.id = d.screen_id "
                       "WHERE s.screen = ?", (screen,)).fetchone()[0]
    assert daily == len(want), f"{screen}: daily sums {daily} != {len(want)}"
    print(f"{screen}: {len(got)} plays in the collector = {len(want)} in the play log", end="; ")
print(f"{spooled} bytes were spooled at kill -9")
PY
    ok "outage and kill -9: nothing lost, nothing twice"
else
    ko "outage and kill -9" "see above; $(tail -3 "$T/collector.err")"
fi
csv=$(./vitrine report --db "$T/fleet.db" --partner hotel-du-parc --by item --csv)
echo "$csv" | grep -q '^a,[1-9]' && ok "vitrine report --db: a partner's plays from every screen" ||
    ko "vitrine report --db" "$csv"

# --- presence: a screen that hangs, or is killed, is seen offline ------------
./vitrine collect -c "$T/collector.conf" --db "$T/fleet.db" 2>>"$T/collector.err" &
collector=$!
play thermes
pb=$!
wait_screens 'cambo/thermes	online' 10
sleep 1
kill -STOP $pb # hung: no keep-alive, the connection stays open
t0=$(date +%s)
if wait_screens 'cambo/thermes	offline' $((2 * KEEPALIVE + 5)); then
    # When the collector heard of it (its clock, to the second), not when
    # this loop of `vitrine collect --screens` saw it on a loaded machine.
    s=$(($(screens | grep 'cambo/thermes' | cut -f3 | xargs -I{} date -u -d {} +%s) - t0))
    # The broker gives 1.5 keep-alives, and looks for expiries every few
    # seconds (mosquitto 2.0: up to 5 s later): 45-50 s with the default 30 s.
    [ $s -le $((3 * KEEPALIVE / 2 + 6)) ] &&
        ok "a hung screen is offline after $s s (keep-alive $KEEPALIVE s)" ||
        ko "a hung screen is offline within 1.5 keep-alives and the broker's check" "$s s"
else
    ko "presence of a hung screen" "$(screens | cut -c1-80)"
fi
kill -CONT $pb
wait_screens 'cambo/thermes	online' 10
kill -9 $pb
wait $pb 2>/dev/null
pb=""
t0=$(date +%s)
if wait_screens 'cambo/thermes	offline' $((2 * KEEPALIVE)); then
    ok "a screen killed -9 is offline after $(($(date +%s) - t0)) s"
else
    ko "presence of a killed screen" "$(screens | cut -c1-80)"
fi
