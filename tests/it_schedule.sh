#!/bin/sh
# Integration test for `vitrine schedule` on the default content: a believable
# day, every exclusion explained, JSON output, usage errors.
# Prints PASS name / FAIL name lines; run from the repository root.
bin=./vitrine
feed=content/feed.xml
out=$(mktemp)
trap 'rm -f "$out"' EXIT

check() { # name, then a command that must succeed
    name=$1
    shift
    if "$@" >/dev/null 2>&1; then echo "PASS $name"; else echo "FAIL $name"; fi
}

$bin schedule --day 2026-09-12 "$feed" >"$out" 2>/dev/null
check "day: exit 0" test $? -eq 0
check "day: asleep before the office opens" grep -q '^00:00:00  (blank) .* 9h30m00s  screen off' "$out"
check "day: first slide at opening" grep -q '^09:30:00  [a-z]' "$out"
check "day: agenda slide" grep -q '(agenda) .* event' "$out"
check "day: four languages" sh -c "grep -q ' eu  ' '$out' && grep -q ' es  ' '$out' && grep -q ' en  ' '$out'"
check "day: future promos explained" grep -q 'concert-avent .*promo starts 2026-11-05' "$out"
check "day: nothing after closing" sh -c "! grep -q '^1[3-9]:[0-9:]*  [a-z]' '$out'"

# --at lists every slide item once, eligible or with its reason.
$bin schedule --at 2026-09-12T10:00 --screen accueil "$feed" >"$out" 2>/dev/null
check "at: exit 0" test $? -eq 0
items=$(grep -c '^    <[a-z]* id="' "$feed")
listed=$(grep -c '^  [a-z0-9]' "$out")
check "at: every item listed ($listed of $items)" test "$listed" -eq "$items"
check "at: screen reason" grep -q 'accueil-thermes .*screen thermes only' "$out"
check "at: not-yet reason" grep -q 'affiche-gateau-basque-2027 .*starts 2026-10-05' "$out"
check "at: opening label" grep -q 'villa-arnaga .*Ouvert · ferme à 12' "$out"
check "at: sold-out band" grep -q 'billet-concert-avent .*Complet' "$out"
check "at: next slide" grep -q '^next slide: ' "$out"

$bin schedule --at 2026-09-12T10:00 --json "$feed" >"$out" 2>/dev/null
check "json: exit 0" test $? -eq 0
check "json: sections" sh -c "grep -q '\"eligible\"' '$out' && grep -q '\"not_eligible\"' '$out' && grep -q '\"next\"' '$out'"
$bin schedule --day 2026-09-12 --json "$feed" >"$out" 2>/dev/null
check "json day: slides" grep -q '"slides"' "$out"

$bin schedule --bogus "$feed" >/dev/null 2>&1
check "usage error: exit 2" test $? -eq 2
$bin schedule --day 2026-02-30 "$feed" >/dev/null 2>&1
check "bad date: exit 2" test $? -eq 2
$bin schedule --day 2026-09-12 /nonexistent/feed.xml >/dev/null 2>&1
check "missing feed: exit 1" test $? -eq 1
