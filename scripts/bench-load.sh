#!/bin/sh
# Benchmark: what loading a feed costs, in time and memory, for lean items
# (an event with a title, a start and a venue: about 140 bytes each) and rich
# ones (the default content's 28 items, replicated with new ids), in XML and
# in JSON, from 1,000 up to ITEMS items. Runs `vitrine check` on each several
# times and prints the best wall-clock time, the peak memory of the process
# (GNU time's maximum RSS), both per item and as a ratio to the file's size,
# and the size of the loaded model that check reports. The process's own
# peak on a one-item feed (libraries, fonts: "base") is measured first and
# "load/f" is the peak above it as a ratio to the file: what the load costs.
# After each twin, the XML time as a ratio to the JSON time. Feeds over the
# 16 MiB file limit are listed as refused. A benchmark, not a test: run it by
# hand.
# Targets (issue 16): peak of a load at most 6 times the file; check of a
# 10,000-item rich XML feed within 2 times its JSON twin.
# usage: scripts/bench-load.sh [ITEMS] [RUNS]      (from the repository root)
set -e
max=${1:-100000}
runs=${2:-3}
bin=${VITRINE:-./vitrine}
dir=$(mktemp -d /tmp/vitrine-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
[ -x "$bin" ] || { echo "build first: make" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time (/usr/bin/time, Debian package time)" >&2; exit 2; }

# gen SHAPE N: writes $dir/feed.json and $dir/feed.xml, twins of each other.
gen() {
    python3 - "$1" "$2" "$dir" <<'EOF'
import copy, json, sys
import xml.etree.ElementTree as ET
shape, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
if shape == "lean":
    items = [{"kind": "event", "id": "ev-%d" % i, "title": "Concert du chœur numéro %d" % i,
              "start": "2026-%02d-%02dT20:30" % (i % 12 + 1, i % 28 + 1),
              "venue": "Église Saint-Laurent"} for i in range(n)]
    doc = {"version": 1, "settings": {"office": "Office de Tourisme de Cambo-les-Bains"},
           "items": items}
    with open(out + "/feed.json", "w") as f:
        f.write('{"version": 1, "settings": ' + json.dumps(doc["settings"], ensure_ascii=False)
                + ', "items": [\n')
        f.write(",\n".join(json.dumps(it, ensure_ascii=False) for it in items))
        f.write("\n]}\n")
    with open(out + "/feed.xml", "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n<feed version="1"><settings>'
                '<office>Office de Tourisme de Cambo-les-Bains</office></settings><items>\n')
        for it in items:
            f.write('<event id="%s"><title>%s</title><start>%s</start><venue>%s</venue></event>\n'
                    % (it["id"], it["title"], it["start"], it["venue"]))
        f.write("</items></feed>\n")
    sys.exit(0)
# rich: the default content, replicated; ids and ticket references get a suffix
src = json.load(open("content/feed.json"))
base = src["items"]
items = []
for i in range(n):
    it = copy.deepcopy(base[i % len(base)])
    k = i // len(base)
    it["id"] = "%s-%d" % (it["id"], k)
    if it["kind"] == "ticket" and "event" in it:
        it["event"] = "%s-%d" % (it["event"], k)
    items.append(it)
with open(out + "/feed.json", "w") as f:
    f.write('{"version": 1, "settings": ' + json.dumps(src["settings"], ensure_ascii=False)
            + ', "items": [\n')
    f.write(",\n".join(json.dumps(it, ensure_ascii=False) for it in items))
    f.write("\n]}\n")
tree = ET.parse("content/feed.xml")
root = tree.getroot()
xitems = root.find("items")
originals = list(xitems)
for c in originals:
    xitems.remove(c)
for i in range(n):
    e = copy.deepcopy(originals[i % len(originals)])
    k = i // len(originals)
    e.set("id", "%s-%d" % (e.get("id"), k))
    if e.tag == "ticket" and e.find("event") is not None:
        ev = e.find("event")
        ev.text = "%s-%d" % (ev.text, k)
    e.tail = "\n"
    xitems.append(e)
tree.write(out + "/feed.xml", encoding="UTF-8", xml_declaration=True)
EOF
}

limit=$((16 * 1024 * 1024))
# The process's peak without a feed to speak of: one lean item.
gen lean 1
base=
for _ in $(seq "$runs"); do
    /usr/bin/time -f '%M' -o "$dir/time" "$bin" check -q "$dir/feed.json" || true
    kb=$(cat "$dir/time")
    if [ -z "$base" ] || [ "$kb" -lt "$base" ]; then base=$kb; fi
done
echo "base: the peak of check on a one-item feed is $((base / 1024)) MB"
printf '%-5s %7s %-4s %9s %8s %9s %9s %7s %7s %s\n' shape items fmt bytes "best ms" "peak MB" \
    "peak B/it" "peak/f" "load/f" "check says"
for shape in lean rich; do
    for n in 1000 10000 100000; do
        [ "$n" -le "$max" ] || continue
        gen "$shape" "$n"
        refused=
        for f in "$dir/feed.json" "$dir/feed.xml"; do
            size=$(wc -c <"$f" | tr -d ' ')
            fmt=${f##*.}
            if [ "$size" -gt "$limit" ]; then
                printf '%-5s %7d %-4s %9d refused: over the 16 MiB file limit\n' "$shape" "$n" \
                    "$fmt" "$size"
                refused=1
                continue
            fi
            says=$("$bin" check "$f" 2>&1 | sed 's/^[^(]*(//; s/)$//')
            best=
            peak=
            for _ in $(seq "$runs"); do
                /usr/bin/time -f '%e %M' -o "$dir/time" "$bin" check -q "$f" || true
                read -r secs kb <"$dir/time"
                ms=$(awk -v s="$secs" 'BEGIN { printf "%d", s * 1000 }')
                if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
                if [ -z "$peak" ] || [ "$kb" -lt "$peak" ]; then peak=$kb; fi
            done
            awk -v sh="$shape" -v n="$n" -v fmt="$fmt" -v size="$size" -v ms="$best" \
                -v kb="$peak" -v base="$base" -v says="$says" 'BEGIN {
                printf "%-5s %7d %-4s %9d %8d %9.1f %9d %7.1f %7.1f %s\n", sh, n, fmt, size, ms,
                    kb / 1024, kb * 1024 / n, kb * 1024 / size, (kb - base) * 1024 / size, says }'
            eval "ms_$fmt=$best"
        done
        [ -n "$refused" ] || awk -v x="$ms_xml" -v j="$ms_json" -v sh="$shape" -v n="$n" \
            'BEGIN { if (j > 0) printf "%-5s %7d xml/json time: %.2f\n", sh, n, x / j }'
        if [ -z "$refused" ] && ! cmp -s "$("$bin" dump "$dir/feed.xml" >"$dir/a" 2>/dev/null; echo "$dir/a")" \
            "$("$bin" dump "$dir/feed.json" >"$dir/b" 2>/dev/null; echo "$dir/b")"; then
            echo "$shape $n: the dumps of the XML and JSON twins differ" >&2
        fi
    done
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
