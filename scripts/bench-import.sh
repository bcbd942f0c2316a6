#!/bin/sh
# Benchmark of the SIT importers: builds big exports by replicating the real
# samples in tests/fixtures/sit (new ids for each copy) and times
# `vitrine import` on each. Run from the repository root after `make`.
#   scripts/bench-import.sh [N]     N objects per format (default 5000)
# DATAtourisme objects weigh 150-700 KB each, so that format is measured on
# N/10 objects and reported per object as well.
set -eu
n=${1:-5000}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$n" "$dir" <<'PY'
import glob, json, sys
n, out = int(sys.argv[1]), sys.argv[2]
fx = "tests/fixtures/sit/"
ap = []
for f in sorted(glob.glob(fx + "apidae/*.json")):
    ap += json.load(open(f))
objs = []
for i in range(n):
    o = dict(ap[i % len(ap)]); o["id"] = 1000000 + i; objs.append(o)
json.dump({"numFound": n, "objetsTouristiques": objs}, open(out + "/apidae.json", "w"))
t = json.load(open(fx + "tourinsoft/tourinsoftEvent.json"))["d"]["results"][0]
res = []
for i in range(n):
    o = dict(t); o["SyndicObjectID"] = "FMA%09d" % i; res.append(o)
json.dump({"d": {"results": res, "__count": str(n)}}, open(out + "/tourinsoft.json", "w"))
dt = [json.load(open(f)) for f in sorted(glob.glob(fx + "datatourisme/*.json"))]
g = []
for i in range(max(1, n // 10)):
    o = dict(dt[i % len(dt)]); o["dc:identifier"] = "DT%09d" % i; g.append(o)
json.dump({"@graph": g}, open(out + "/datatourisme.json", "w"))
PY
for fmt in apidae tourinsoft datatourisme; do
    f="$dir/$fmt.json"
    size=$(du -m "$f" | cut -f1)
    # wall-clock and CPU seconds (user + system) of the whole command
    t=$(python3 -c '
import resource, subprocess, sys, time
t0 = time.time()
subprocess.run(sys.argv[1:], stderr=subprocess.DEVNULL, check=True)
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.2f s wall, %.2f s CPU" % (time.time() - t0, r.ru_utime + r.ru_stime))
' ./vitrine import --from "$fmt" --at 2026-05-01 "$f" --out "$dir/out.json")
    items=$(grep -c '"kind":' "$dir/out.json")
    echo "$fmt: $items items from a $size MB export: $t"
done
