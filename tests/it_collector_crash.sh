#!/bin/sh
# The collector killed -9 under load (docs/fleet.md, "If the collector
# crashes"): simulated screens (build/tests/fleet_sim, built by `make test`)
# send 250 plays a second to a real mosquitto while `vitrine collect` is
# killed -9 three times and started again at once, its session at the broker
# keeping what comes meanwhile. libmosquitto acknowledges a message before
# the collector has it, so the bound is one play per crash (the one being
# committed): the plays stored must be the plays the broker took, less at
# most one per kill, each once. scripts/crash-collector.sh gives the figures.
cd "$(dirname "$0")/.." || exit 2
SIM=${BUILD:-build}/tests/fleet_sim
for tool in mosquitto sqlite3 python3; do
    command -v $tool >/dev/null || {
        echo "SKIP it_collector_crash: $tool is not installed (scripts/deps.sh)"
        exit 0
    }
done
[ -x "$SIM" ] || {
    echo "FAIL it_collector_crash: $SIM is missing: make fleet-sim (make test builds it)"
    exit 1
}
T=$(mktemp -d)
broker="" collector="" sim=""
trap 'kill -9 $broker $collector $sim 2>/dev/null; rm -rf "$T"' EXIT
ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }
PORT=$(python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])")
mkdir -p "$T/mq"
cat >"$T/mosquitto.conf" <<EOC
listener $PORT 127.0.0.1
user $(id -un)
allow_anonymous true
acl_file $(pwd)/docs/fleet/acl
persistence true
persistence_location $T/mq/
max_queued_messages 0
log_dest file $T/mosquitto.log
EOC
mosquitto -c "$T/mosquitto.conf" 2>"$T/mosquitto.err" &
broker=$!
i=0
while ! grep -q "listen socket on port $PORT" "$T/mosquitto.log" 2>/dev/null && [ $i -lt 50 ]; do
    sleep 0.1
    i=$((i + 1))
done
printf '[fleet]\nbroker = 127.0.0.1:%s\ntls = false\nusername = collector\n' "$PORT" >"$T/c.conf"
collect() {
    ./vitrine collect -c "$T/c.conf" --db "$T/fleet.db" 2>>"$T/collector.err" &
    collector=$!
}
stored() { sqlite3 "$T/fleet.db" 'SELECT count(*) FROM plays' 2>/dev/null || echo 0; }
collect
sleep 1
"$SIM" run --port "$PORT" --screens 50 --seconds 10 --play-every 0.2 --status-every 100000 \
    >"$T/sim.out" &
sim=$!
kills=0
for _ in 1 2 3; do
    sleep 2.5
    kill -9 $collector
    wait $collector 2>/dev/null
    kills=$((kills + 1))
    collect
done
wait $sim
sim=""
prev=-1
i=0
while [ "$(stored)" != "$prev" ] && [ $i -lt 20 ]; do # the broker's queue drains
    prev=$(stored)
    sleep 1
    i=$((i + 1))
done
kill $collector
wait $collector
rc=$?
collector=""
out=$(cat "$T/sim.out")
sent=$(echo "$out" | sed -n 's/.* plays=\([0-9]*\).*/\1/p')
acked=$(echo "$out" | sed -n 's/.* acked=\([0-9]*\).*/\1/p')
got=$(stored)
distinct=$(sqlite3 "$T/fleet.db" "SELECT count(DISTINCT screen_id || '/' || rid) FROM plays")
lost=$((sent - got))
if [ -n "$sent" ] && [ "$acked" = "$sent" ] && [ "$lost" -ge 0 ] && [ "$lost" -le "$kills" ] &&
    [ "$distinct" = "$got" ] && [ "$rc" = 0 ]; then
    ok "collector killed -9 $kills times under 250 plays/s: $got of $sent plays stored, $lost lost (at most one per kill), none twice"
else
    ko "collector killed -9 under load" "sent $sent, broker acked $acked, stored $got ($distinct distinct), $kills kills, exit $rc; $(tail -2 "$T/collector.err")"
fi
