#!/bin/sh
# Integration tests of `vitrine import` and of check/dump on SIT exports.
# Run from the repository root; prints PASS/FAIL lines.
F=tests/fixtures/sit
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1"; }

# Every real export imports, in both output formats, and the output is a valid feed
# whose two forms dump alike.
for f in $F/apidae/*.json $F/datatourisme/*.json $F/tourinsoft/*.json $F/quirks/*.json; do
    b=$(basename "$f" .json)
    if ./vitrine import --at 2026-05-01 "$f" --out "$tmp/$b.json" 2>/dev/null &&
       ./vitrine import --at 2026-05-01 "$f" --out "$tmp/$b.xml" 2>/dev/null &&
       ./vitrine check "$tmp/$b.json" "$tmp/$b.xml" >/dev/null 2>&1 &&
       ./vitrine dump "$tmp/$b.json" >"$tmp/a" 2>/dev/null &&
       ./vitrine dump "$tmp/$b.xml" >"$tmp/b" 2>/dev/null && cmp -s "$tmp/a" "$tmp/b"; then
        pass "import $b"
    else
        fail "import $b"
    fi
done

# check and dump read an export directly.
if ./vitrine check $F/apidae/objets_modifies-1.json 2>/dev/null | grep -q "ok (4 items)"; then
    pass "check reads apidae"
else
    fail "check reads apidae"
fi
if ./vitrine dump $F/tourinsoft/tourinsoftEvent.json 2>/dev/null |
   grep -q '"id": "FMACEN0280060359"'; then
    pass "dump reads tourinsoft"
else
    fail "dump reads tourinsoft"
fi

# A folder of DATAtourisme files, several files at once, to standard output.
n=$(./vitrine import --at 2023-11-20 $F/datatourisme 2>/dev/null | grep -c '"kind":')
[ "$n" = 3 ] && pass "import a folder" || fail "import a folder ($n items)"
n=$(./vitrine import --from apidae $F/apidae/objets_modifies-1.json \
    $F/apidae/objets_modifies-2.json 2>/dev/null | grep -c '"kind":')
[ "$n" = 5 ] && pass "import several files" || fail "import several files ($n items)"

# Unknown types are counted in the log; bad objects are named with their line.
err=$(./vitrine import --at 2026-05-01 $F/quirks/apidae_quirks.json 2>&1 >/dev/null)
echo "$err" | grep -q "1 objects of types vitrine does not show were skipped (STRUCTURE ×1)" &&
    pass "unknown types counted" || fail "unknown types counted"
echo "$err" | grep -q "apidae_quirks.json:42: object 700005: no name in any language; skipped" &&
    pass "bad object named" || fail "bad object named"

# Broken documents: exit 1 and a message naming the file and the line.
./vitrine import $F/malformed/truncated.json >/dev/null 2>"$tmp/e"
rc=$?
[ $rc = 1 ] && grep -q "truncated.json:4: not valid JSON" "$tmp/e" &&
    pass "truncated export" || fail "truncated export (rc $rc)"
./vitrine import --from apidae $F/tourinsoft/tourinsoftEvent.json >/dev/null 2>"$tmp/e"
[ $? = 1 ] && grep -q "declared as apidae but looks like tourinsoft" "$tmp/e" &&
    pass "declared format checked" || fail "declared format checked"
./vitrine import --from nowhere x.json >/dev/null 2>&1
[ $? = 2 ] && pass "usage error" || fail "usage error"

# The office's overrides: hide one item, weigh another, add a notice.
cat >"$tmp/office.xml" <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<feed version="1">
  <items>
    <notice id="bienvenue"><title>Bienvenue à Cambo-les-Bains</title></notice>
  </items>
  <overrides>
    <override id="700001"><hide>true</hide></override>
    <override id="700002"><weight>5</weight><priority>high</priority></override>
  </overrides>
</feed>
XML
./vitrine check "$tmp/office.xml" >/dev/null 2>&1 && pass "overrides pass check" ||
    fail "overrides pass check"
./vitrine import --at 2026-05-01 $F/quirks/apidae_quirks.json --overlay "$tmp/office.xml" \
    --out "$tmp/merged.json" 2>/dev/null
if ! grep -q '"700001"' "$tmp/merged.json" && grep -q '"bienvenue"' "$tmp/merged.json" &&
   grep -A12 '"700002"' "$tmp/merged.json" | grep -q '"weight":	5'; then
    pass "overlay applied"
else
    fail "overlay applied"
fi
