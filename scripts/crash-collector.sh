#!/bin/sh
# What a crash of the collector loses (docs/fleet.md, "If the collector
# crashes"), on this machine, from the repository root after `make`:
#   scripts/crash-collector.sh
# SCREENS simulated screens (build/tests/fleet_sim) send a play every
# PLAY_EVERY s each for SECONDS against a local mosquitto (TLS, the sample
# ACL, persistence); `vitrine collect` is killed -9 every KILL_EVERY s and
# started again at once (its session at the broker queues what comes
# meanwhile). Then: the plays the broker acknowledged to the screens against
# the rows in the collector's database. Once with --commit-ms 50 (plays
# batched), once with --commit-ms 0 (each play committed before the next is
# read, the default). libmosquitto 2.0 acknowledges a message before the
# collector's callback runs, so what is lost is what was acknowledged and
# not yet committed.
# Environment: SCREENS (100), PLAY_EVERY (0.2), SECONDS (30), KILL_EVERY (3).
set -eu
SCREENS=${SCREENS:-100}
PLAY_EVERY=${PLAY_EVERY:-0.2}
SECONDS_=${SECONDS:-30}
KILL_EVERY=${KILL_EVERY:-3}
root=$(pwd)
[ -x ./vitrine ] || { echo "crash-collector: build ./vitrine first (make)" >&2; exit 2; }
make --no-print-directory fleet-sim >/dev/null
SIM=$root/build/tests/fleet_sim
T=$(mktemp -d /tmp/crash-collector.XXXXXX)
broker="" collector="" sim=""
trap 'kill -9 $broker $collector $sim 2>/dev/null; rm -rf "$T"' EXIT INT TERM

. "$root/tests/tools/fleet-tls.sh"
fleet_tls "$T"
PORT=$(free_port)
mkdir -p "$T/mq"
cat >"$T/mosquitto.conf" <<EOF
listener $PORT 127.0.0.1
user $(id -un)
cafile $T/ca.crt
certfile $T/server.crt
keyfile $T/server.key
allow_anonymous true
acl_file $root/docs/fleet/acl
persistence true
persistence_location $T/mq/
max_queued_messages 0
log_dest none
EOF
ulimit -n 4096 2>/dev/null || true
mosquitto -c "$T/mosquitto.conf" &
broker=$!
sleep 0.5
cat >"$T/collector.conf" <<EOF
[fleet]
broker = 127.0.0.1:$PORT
ca_file = $T/ca.crt
username = collector
EOF

stored() { sqlite3 "$1" 'SELECT count(*) FROM plays' 2>/dev/null || echo 0; }

# round COMMIT_MS
round() {
    db=$T/fleet-$1.db
    id=crash-$1
    ./vitrine collect -c "$T/collector.conf" --db "$db" --client-id $id --commit-ms "$1" \
        2>>"$T/collector.err" &
    collector=$!
    sleep 1
    "$SIM" run --port "$PORT" --cafile "$T/ca.crt" --screens "$SCREENS" --seconds "$SECONDS_" \
        --play-every "$PLAY_EVERY" --status-every 100000 >"$T/sim.out" &
    sim=$!
    kills=0
    end=$(($(date +%s) + SECONDS_))
    while [ "$(date +%s)" -lt "$end" ]; do
        sleep "$KILL_EVERY"
        kill -9 $collector 2>/dev/null || true
        wait $collector 2>/dev/null || true
        kills=$((kills + 1))
        ./vitrine collect -c "$T/collector.conf" --db "$db" --client-id $id --commit-ms "$1" \
            2>>"$T/collector.err" &
        collector=$!
    done
    wait $sim || true
    sim=""
    # the queue at the broker drains into the collector
    prev=-1
    while [ "$(stored "$db")" != "$prev" ]; do
        prev=$(stored "$db")
        sleep 2
    done
    kill $collector
    wait $collector 2>/dev/null || true
    collector=""
    out=$(cat "$T/sim.out")
    sent=$(echo "$out" | sed 's/.* plays=\([0-9]*\).*/\1/')
    status=$(echo "$out" | sed 's/.* status=\([0-9]*\).*/\1/')
    acked=$(echo "$out" | sed 's/.* acked=\([0-9]*\).*/\1/')
    got=$(stored "$db")
    echo "--commit-ms $1: $kills kill -9 of the collector in ${SECONDS_} s;" \
        "plays sent $sent (broker acknowledged $acked of $((sent + status)) messages)," \
        "stored $got, lost $((sent - got)) ($(python3 -c "print(f'{($sent - $got) / $kills:.1f}')") per kill)"
}

echo "== $SCREENS screens, a play every $PLAY_EVERY s each, load average $(cut -d' ' -f1-3 /proc/loadavg)"
round 50
round 0
