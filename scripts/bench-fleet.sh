#!/bin/sh
# Benchmark of the fleet (docs/fleet.md), on this machine, from the repository
# root after `make`:
#   scripts/bench-fleet.sh
# 1. SCREENS simulated screens (build/tests/fleet_sim: the player's MQTT side,
#    one connection each) against one local mosquitto (TLS, the sample ACL)
#    and `vitrine collect`: a status every minute and a play every 10 s each,
#    for SECONDS; then the same at 10x the play rate (a play every second).
#    Prints the broker's and the collector's CPU (% of one core) and memory,
#    the plays sent and stored, and the end-to-end delay (a play's end at the
#    screen to its row in the collector's transaction).
# 2. A month of plays of SCREENS screens (30 days, 10 opening hours, a play
#    every 10 s: 54 million rows for 500) generated into a collector database;
#    then `vitrine report --db` for one partner over that month, best of 3.
# 3. A real player (offscreen) holding one slide for HOLD seconds, connected:
#    the CPU time of its MQTT thread ("fleet") over that time.
# Environment: SCREENS (500), SECONDS (120), SECONDS10 (60), DAYS (30),
# HOLD (60). Temporary files go under /tmp and are removed.
set -eu
SCREENS=${SCREENS:-500}
SECONDS_=${SECONDS:-120}
SECONDS10=${SECONDS10:-60}
DAYS=${DAYS:-30}
HOLD=${HOLD:-60}
root=$(pwd)
[ -x ./vitrine ] || { echo "bench-fleet: build ./vitrine first (make)" >&2; exit 2; }
make --no-print-directory fleet-sim >/dev/null
SIM=$root/build/tests/fleet_sim
T=$(mktemp -d /tmp/bench-fleet.XXXXXX)
broker="" collector="" player=""
trap 'kill $broker $collector $player 2>/dev/null; rm -rf "$T"' EXIT INT TERM
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
TCK=$(getconf CLK_TCK)

. "$root/tests/tools/fleet-tls.sh"
fleet_tls "$T"
PORT=$(free_port)
mkdir -p "$T/mq"
# Accounts are not checked here (no password file): what a password costs is
# paid once per connection; the ACL is checked on every message.
cat >"$T/mosquitto.conf" <<EOF
listener $PORT 127.0.0.1
user $(id -un)
cafile $T/ca.crt
certfile $T/server.crt
keyfile $T/server.key
tls_version tlsv1.2
allow_anonymous true
acl_file $root/docs/fleet/acl
persistence true
persistence_location $T/mq/
max_queued_messages 0
max_connections -1
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
./vitrine collect -c "$T/collector.conf" --db "$T/fleet.db" --stats "$T/collector.stats" \
    2>"$T/collector.err" &
collector=$!
sleep 0.5

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }
stats_plays() { tail -1 "$T/collector.stats" 2>/dev/null | sed "s/.* plays=\([0-9]*\).*/\1/" | grep . || echo 0; }

# phase NAME PLAY_EVERY STATUS_EVERY SECONDS
phase() {
    b0=$(cpu_ticks $broker)
    c0=$(cpu_ticks $collector)
    p0=$(stats_plays)
    l0=$(wc -l <"$T/collector.stats")
    t0=$(date +%s.%N)
    out=$("$SIM" run --port "$PORT" --cafile "$T/ca.crt" --screens "$SCREENS" \
        --seconds "$4" --play-every "$2" --status-every "$3")
    sleep 1.5
    t1=$(date +%s.%N)
    b1=$(cpu_ticks $broker)
    c1=$(cpu_ticks $collector)
    p1=$(stats_plays)
    sent=$(echo "$out" | sed 's/.* plays=\([0-9]*\).*/\1/')
    python3 - "$1" "$T/collector.stats" "$l0" "$t0" "$t1" "$b0" "$b1" "$c0" "$c1" "$TCK" \
        "$sent" "$p0" "$p1" "$(rss_kb $broker)" "$(rss_kb $collector)" "$out" "$SCREENS" "$2" <<'PY'
import sys
(name, stats, l0, t0, t1, b0, b1, c0, c1, tck, sent, p0, p1, brss, crss, out, n,
 every) = sys.argv[1:]
el = float(t1) - float(t0)
lines = open(stats).read().splitlines()[int(l0):]
avgs, maxs = [], []
for line in lines:
    kv = dict(x.split("=") for x in line.split())
    if float(kv["delay_avg_ms"]) > 0:
        avgs.append(float(kv["delay_avg_ms"]))
    maxs.append(float(kv["delay_max_ms"]))
stored = int(p1) - int(p0)
rate = int(n) / float(every)
print(f"{name}: {n} screens, a play every {every} s each ({rate:.0f} plays/s), {el:.0f} s")
print(f"  sim: {out}")
print(f"  plays sent {sent}, stored {stored}" + ("" if stored == int(sent) else "  <-- MISMATCH"))
print(f"  broker:    CPU {100 * (int(b1) - int(b0)) / int(tck) / el:.1f} % of a core, RSS {int(brss) / 1024:.1f} MiB")
print(f"  collector: CPU {100 * (int(c1) - int(c0)) / int(tck) / el:.1f} % of a core, RSS {int(crss) / 1024:.1f} MiB")
if avgs:
    print(f"  end-to-end delay: mean {sum(avgs) / len(avgs):.1f} ms, worst {max(maxs):.0f} ms")
PY
}

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
phase "nominal" 10 60 "$SECONDS_"
phase "10x" 1 6 "$SECONDS10"
echo "  collector peak RSS $(($(hwm_kb $collector) / 1024)) MiB, broker peak RSS $(($(hwm_kb $broker) / 1024)) MiB"

# 3. the player's MQTT thread in a hold
printf '{"version":1,"settings":{"languages":"fr"},"items":[{"kind":"notice","id":"a","title":"Avis"}]}' \
    >"$T/feed.json"
cat >"$T/player.conf" <<EOF
[content]
feed = $T/feed.json
drop =
[screen]
id = player
[fleet]
broker = 127.0.0.1:$PORT
ca_file = $T/ca.crt
site = bench
[paths]
state = $T/pstate
cache = $T/pcache
EOF
./vitrine play -c "$T/player.conf" --window 320x180 --no-clock --duration 3600000 \
    2>"$T/player.err" &
player=$!
sleep 5
tid=""
for t in /proc/$player/task/*; do
    [ "$(cat "$t/comm")" = fleet ] && tid=${t##*/}
done
if [ -n "$tid" ]; then
    f0=$(cut -d' ' -f1 /proc/$player/task/$tid/schedstat)
    a0=$(awk '{print $14 + $15}' /proc/$player/stat)
    sleep "$HOLD"
    f1=$(cut -d' ' -f1 /proc/$player/task/$tid/schedstat)
    a1=$(awk '{print $14 + $15}' /proc/$player/stat)
    python3 -c "import sys; f0,f1,a0,a1,h,tck=map(float,sys.argv[1:]); print(f'player in a hold, {h:.0f} s: MQTT thread {100*(f1-f0)/1e9/h:.4f} % CPU ({(f1-f0)/1e6:.1f} ms), whole player {100*(a1-a0)/tck/h:.2f} %')" \
        "$f0" "$f1" "$a0" "$a1" "$HOLD" "$TCK"
else
    echo "player: no fleet thread found ($(tail -2 "$T/player.err"))"
fi
kill $player
wait $player 2>/dev/null || true
player=""
kill $collector
wait $collector 2>/dev/null || true
collector=""

# 2. a month of plays, then a partner's monthly report
rows=$("$SIM" gen "$T/month.db" --screens "$SCREENS" --days "$DAYS" --hours 10 --play-every 10)
echo "month: $rows, database $(($(du -k "$T/month.db" | cut -f1) / 1024)) MiB"
best=""
for run in 1 2 3; do
    s=$(date +%s%N)
    ./vitrine report --db "$T/month.db" --partner partner-07 --from 2026-11-01 --to 2026-11-30 \
        --by item >"$T/report.txt"
    ms=$((($(date +%s%N) - s) / 1000000))
    [ -z "$best" ] || [ $ms -lt "$best" ] && best=$ms
done
echo "partner-07's monthly report (by item, $(grep -c item- "$T/report.txt") items, $(awk '/^total/ {print $2}' "$T/report.txt") plays): best of 3 $best ms"
s=$(date +%s%N)
./vitrine report --db "$T/month.db" --partner partner-07 --from 2026-11-01 --to 2026-11-30 \
    --by screen >/dev/null
echo "the same by screen ($SCREENS rows): $((($(date +%s%N) - s) / 1000000)) ms"
