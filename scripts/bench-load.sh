#!/bin/sh
# Benchmark: how long vitrine takes to load a 10,000-item feed, in XML and
# in JSON (the goal is under 200 ms). Generates the feeds into a temporary
# folder, runs `vitrine check` on each several times and prints the best
# wall-clock time. A benchmark, not a test: run it by hand.
# usage: scripts/bench-load.sh [ITEMS] [RUNS]      (from the repository root)
set -e
items=${1:-10000}
runs=${2:-5}
bin=${VITRINE:-./vitrine}
dir=$(mktemp -d /tmp/vitrine-bench.XXXXXX)
trap 'rm -rf "$dir"' EXIT
[ -x "$bin" ] || { echo "build first: make" >&2; exit 2; }

# Items cycle through the kinds so that every loader path is exercised.
awk -v n="$items" 'BEGIN {
    print "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
    print "<feed version=\"1\">"
    print "  <settings><office>Office de Tourisme de Cambo-les-Bains</office>"
    print "    <languages>fr eu es en</languages></settings>"
    print "  <items>"
    for (i = 0; i < n; i++) {
        k = i % 4
        if (k == 0) {
            printf "    <event id=\"ev-%d\">\n", i
            printf "      <title>Concert numéro %d</title>\n", i
            printf "      <title lang=\"en\">Concert number %d</title>\n", i
            printf "      <body>Chants traditionnels basques a cappella, par le chœur de la vallée.</body>\n"
            printf "      <image>images/ev-%d.jpg</image>\n", i
            printf "      <start>2026-%02d-%02dT20:30</start>\n", i % 12 + 1, i % 28 + 1
            printf "      <end>2026-%02d-%02dT22:00</end>\n", i % 12 + 1, i % 28 + 1
            printf "      <venue>Église Saint-Laurent</venue>\n"
            printf "      <price amount=\"15\"><label>Adulte</label></price>\n"
            printf "      <price amount=\"7.50\"><label>Réduit</label></price>\n"
            printf "    </event>\n"
        } else if (k == 1) {
            printf "    <ticket id=\"tk-%d\">\n", i
            printf "      <title>Billets concert %d</title>\n", i - 1
            printf "      <price amount=\"15\"><label>Adulte</label></price>\n"
            printf "      <seats>%d</seats>\n", i % 50
            printf "      <event>ev-%d</event>\n", i - 1
            printf "    </ticket>\n"
        } else if (k == 2) {
            printf "    <provider id=\"pr-%d\">\n", i
            printf "      <title>Hôtel numéro %d</title>\n", i
            printf "      <category>Hôtel</category>\n"
            printf "      <address>%d avenue de la Nive, 64250 Cambo-les-Bains</address>\n", i
            printf "      <phone>05 59 00 00 00</phone>\n"
            printf "      <opening>Mo-Sa 09:00-12:00,14:00-19:00; Su off</opening>\n"
            printf "      <days>Mo-Fr</days><hours>09:00-18:00</hours><weight>3</weight>\n"
            printf "    </provider>\n"
        } else {
            printf "    <notice id=\"no-%d\">\n", i
            printf "      <title>Information %d</title>\n", i
            printf "      <body>Le Wi-Fi est gratuit dans tout l'"'"'office.</body>\n"
            printf "      <from>2026-01-01</from><until>2026-12-31</until>\n"
            printf "    </notice>\n"
        }
    }
    print "  </items>"
    print "</feed>"
}' >"$dir/feed.xml"

awk -v n="$items" 'BEGIN {
    print "{\"version\": 1,"
    print " \"settings\": {\"office\": \"Office de Tourisme de Cambo-les-Bains\", \"languages\": \"fr eu es en\"},"
    print " \"items\": ["
    for (i = 0; i < n; i++) {
        k = i % 4
        sep = i + 1 < n ? "," : ""
        if (k == 0) {
            printf "  {\"kind\": \"event\", \"id\": \"ev-%d\",\n", i
            printf "   \"title\": {\"fr\": \"Concert numéro %d\", \"en\": \"Concert number %d\"},\n", i, i
            printf "   \"body\": \"Chants traditionnels basques a cappella, par le chœur de la vallée.\",\n"
            printf "   \"image\": \"images/ev-%d.jpg\",\n", i
            printf "   \"start\": \"2026-%02d-%02dT20:30\", \"end\": \"2026-%02d-%02dT22:00\",\n", i % 12 + 1, i % 28 + 1, i % 12 + 1, i % 28 + 1
            printf "   \"venue\": \"Église Saint-Laurent\",\n"
            printf "   \"prices\": [{\"amount\": 15, \"label\": \"Adulte\"}, {\"amount\": 7.50, \"label\": \"Réduit\"}]}%s\n", sep
        } else if (k == 1) {
            printf "  {\"kind\": \"ticket\", \"id\": \"tk-%d\", \"title\": \"Billets concert %d\",\n", i, i - 1
            printf "   \"prices\": [{\"amount\": 15, \"label\": \"Adulte\"}], \"seats\": %d, \"event\": \"ev-%d\"}%s\n", i % 50, i - 1, sep
        } else if (k == 2) {
            printf "  {\"kind\": \"provider\", \"id\": \"pr-%d\", \"title\": \"Hôtel numéro %d\",\n", i, i
            printf "   \"category\": \"Hôtel\", \"address\": \"%d avenue de la Nive, 64250 Cambo-les-Bains\",\n", i
            printf "   \"phone\": \"05 59 00 00 00\", \"opening\": \"Mo-Sa 09:00-12:00,14:00-19:00; Su off\",\n"
            printf "   \"days\": \"Mo-Fr\", \"hours\": \"09:00-18:00\", \"weight\": 3}%s\n", sep
        } else {
            printf "  {\"kind\": \"notice\", \"id\": \"no-%d\", \"title\": \"Information %d\",\n", i, i
            printf "   \"body\": \"Le Wi-Fi est gratuit dans tout l'"'"'office.\",\n"
            printf "   \"from\": \"2026-01-01\", \"until\": \"2026-12-31\"}%s\n", sep
        }
    }
    print " ]}"
}' >"$dir/feed.json"

now_ms() { date +%s%N | cut -c1-13; }
for f in "$dir/feed.xml" "$dir/feed.json"; do
    "$bin" check -q "$f" # must be valid
    best=
    for _ in $(seq "$runs"); do
        t0=$(now_ms)
        "$bin" check -q "$f"
        t=$(($(now_ms) - t0))
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
    size=$(wc -c <"$f" | tr -d ' ')
    echo "$items items, ${f##*.}, $size bytes: best of $runs: $best ms (vitrine check, whole process)"
done
if cmp -s "$("$bin" dump "$dir/feed.xml" >"$dir/a"; echo "$dir/a")" \
    "$("$bin" dump "$dir/feed.json" >"$dir/b"; echo "$dir/b")"; then
    echo "dumps of the XML and JSON feeds are identical"
else
    echo "dumps differ" >&2
    exit 1
fi
