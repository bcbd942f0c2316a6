#!/bin/sh
# Benchmark of the SIT importers: builds big exports from the real samples and
# times `vitrine import` on each, N objects per format (no extrapolation).
# Run from the repository root after `make`:
#   scripts/bench-import.sh [N [RUNS]]     (defaults: 5000 objects, 3 runs)
#   VITRINE=/path/to/other/vitrine scripts/bench-import.sh   (to compare builds)
# - Apidae: one search response {"objetsTouristiques": [...]} of N objects;
# - Tourinsoft: one OData v2 document of N objects;
# - DATAtourisme: a folder of N files, one object per file, as the "flux" zip
#   unpacks; then a single {"@graph": [...]} file of as many objects as the
#   import limit (IMPORT_MAX_BYTES, 256 MiB) allows: N real objects (about
#   250 KB each) in one file would be far over it and are refused.
# The DATAtourisme objects are the 10 real ones of ../shared/samples/datatourisme
# when that folder exists (150-700 KB, 250 KB on average), else the 3 fixtures.
# Every copy gets a new id. Files go to a temporary folder under /tmp, removed
# at the end. Prints, for each run: wall-clock seconds, CPU seconds (user +
# system) and peak memory; and the load average before the runs.
set -eu
n=${1:-5000}
runs=${2:-3}
root=$(pwd)
vitrine=$(realpath "${VITRINE:-$root/vitrine}")
[ -x "$vitrine" ] || { echo "bench-import: build ./vitrine first (make)" >&2; exit 2; }
dtsrc="$root/tests/fixtures/sit/datatourisme"
[ -d "$root/../shared/samples/datatourisme" ] && dtsrc="$root/../shared/samples/datatourisme"
dir=$(mktemp -d /tmp/bench-import.XXXXXX)
trap 'rm -rf "$dir"' EXIT INT TERM
cd "$dir"
python3 - "$n" "$root/tests/fixtures/sit" "$dtsrc" <<'PY'
import glob, json, os, sys
n, fx, dtsrc = int(sys.argv[1]), sys.argv[2] + "/", sys.argv[3]
limit = 256 << 20
ap = []
for f in sorted(glob.glob(fx + "apidae/*.json")):
    ap += json.load(open(f))
objs = []
for i in range(n):
    o = dict(ap[i % len(ap)]); o["id"] = 1000000 + i; objs.append(o)
json.dump({"numFound": n, "objetsTouristiques": objs}, open("apidae.json", "w"))
t = json.load(open(fx + "tourinsoft/tourinsoftEvent.json"))["d"]["results"][0]
res = []
for i in range(n):
    o = dict(t); o["SyndicObjectID"] = "FMA%09d" % i; res.append(o)
json.dump({"d": {"results": res, "__count": str(n)}}, open("tourinsoft.json", "w"))
# DATAtourisme: the files byte for byte, with a new dc:identifier and @id each.
dt = []
for f in sorted(glob.glob(dtsrc + "/*.json")):
    raw = open(f, encoding="utf-8").read()
    o = json.loads(raw)
    dt.append((raw, o["dc:identifier"], o["@id"].rsplit("/", 1)[1]))
os.mkdir("datatourisme")
total = 0
graph = open("graph.json", "w", encoding="utf-8")
graph.write('{"@graph": [\n')
ngraph = 0
for i in range(n):
    raw, ident, uuid = dt[i % len(dt)]
    nid = "DT%014d" % i
    nuuid = "00000000-0000-0000-0000-%012d" % i
    raw = raw.replace(ident, nid, 1).replace(uuid, nuuid, 1)
    open("datatourisme/%02d-%s.json" % (i % 100, nuuid), "w", encoding="utf-8").write(raw)
    total += len(raw.encode())
    if total < limit - (1 << 20):
        graph.write(("," if ngraph else "") + raw)
        ngraph += 1
graph.write("]}\n")
graph.close()
open("meta", "w").write("%d %d %d\n" % (total >> 20, ngraph, len(dt)))
PY
read -r dtmb ngraph ndt <meta

# Times one command: "W s wall, C s CPU, M MB peak" (its stderr is dropped).
timeit() {
    python3 -c '
import resource, subprocess, sys, time
r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
t0 = time.time()
subprocess.run(sys.argv[1:], stderr=subprocess.DEVNULL, check=True)
w = time.time() - t0
r = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = r.ru_utime + r.ru_stime - r0.ru_utime - r0.ru_stime
print("%.2f s wall, %.2f s CPU, %d MB peak" % (w, cpu, r.ru_maxrss >> 10))
' "$@"
}

bench() { # name, objects, size, then the import's arguments
    name=$1 objs=$2 size=$3
    shift 3
    "$vitrine" import --at 2026-05-01 --out out.json "$@" 2>/dev/null
    items=$(grep -c '"kind":' out.json)
    echo "$name: $objs objects ($size), $items items"
    i=1
    while [ "$i" -le "$runs" ]; do
        echo "  run $i: $(timeit "$vitrine" import --at 2026-05-01 --out out.json "$@")"
        i=$((i + 1))
    done
}

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
bench "apidae, one search response" "$n" "$(du -m apidae.json | cut -f1) MB" \
    --from apidae apidae.json
bench "tourinsoft, one OData document" "$n" "$(du -m tourinsoft.json | cut -f1) MB" \
    --from tourinsoft tourinsoft.json
bench "datatourisme, a folder of one file per object (from $ndt samples)" "$n" \
    "$dtmb MB" --from datatourisme datatourisme
bench "datatourisme, one @graph file (the most that fit in 256 MiB)" "$ngraph" \
    "$(du -m graph.json | cut -f1) MB" --from datatourisme graph.json
if [ "$ngraph" -lt "$n" ]; then
    # A file of that size (sparse: only its size matters) is refused up front.
    truncate -s "${dtmb}M" all.json
    msg=$("$vitrine" import --from datatourisme all.json 2>&1 >/dev/null | grep -v "^<" || true)
    echo "datatourisme, one @graph file of all $n objects ($dtmb MB): refused: $msg"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
