#!/bin/sh
# Integration test for `vitrine schedule` on the default content: a believable
# day, every exclusion explained, JSON output, usage errors; and the player's
# configuration read as the player reads it (screen hours, drop folder).
# Prints PASS name / FAIL name lines; run from the repository root.
bin=./vitrine
feed=content/feed.xml
out=$(mktemp)
tmp=$(mktemp -d)
trap 'rm -rf "$out" "$tmp"' EXIT
# A screen configured to sleep outside the office's hours.
conf=$tmp/vitrine.conf
printf '[screen]\nhours = Mo-Fr 09:00-12:30,14:00-18:00; Sa 09:30-12:30; Su off; PH off\n' >"$conf"

check() { # name, then a command that must succeed
    name=$1
    shift
    if "$@" >/dev/null 2>&1; then echo "PASS $name"; else echo "FAIL $name"; fi
}

$bin schedule --day 2026-09-12 -c "$conf" "$feed" >"$out" 2>/dev/null
check "day: exit 0" test $? -eq 0
check "day: screen hours from vitrine.conf" grep -q "^# screen hours: .*of $conf" "$out"
check "day: asleep before the office opens" grep -q '^00:00:00  (blank) .* 9h30m00s  screen off' "$out"
check "day: first slide at opening" grep -q '^09:30:00  [a-z]' "$out"
check "day: agenda slide" grep -q '(agenda) .* event' "$out"
check "day: four languages" sh -c "grep -q ' eu  ' '$out' && grep -q ' es  ' '$out' && grep -q ' en  ' '$out'"
check "day: future promos explained" grep -q 'concert-avent .*promo starts 2026-11-05' "$out"
check "day: nothing after closing" sh -c "! grep -q '^1[3-9]:[0-9:]*  [a-z]' '$out'"

# Without screen hours the player plays all day, and so does the schedule
# (it used to take the office's hours from the feed and show a blank day).
$bin schedule --day 2026-09-12 --set screen.hours= "$feed" >"$out" 2>/dev/null
check "day: no screen hours, a slide at midnight as the player" grep -q '^00:00:00  [a-z]' "$out"
check "day: no screen hours, slides in the evening" grep -q '^2[0-3]:[0-9:]*  [a-z]' "$out"

# Drop-folder posters are scheduled with the feed, as the player merges them.
mkdir -p "$tmp/drop"
cp content/images/affiche-chiquito.jpg "$tmp/drop/Affiche du marché.jpg"
touch -d '2026-01-01' "$tmp/drop/Affiche du marché.jpg"
$bin schedule --day 2026-09-12 --set content.drop="$tmp/drop" "$feed" >"$out" 2>/dev/null
check "day: drop-folder poster scheduled" grep -q '^[0-9:]*  drop-[^ ]* *poster' "$out"
check "day: header names the drop folder" grep -q "^# $feed + drop folder $tmp/drop" "$out"

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

# render --day draws what the schedule plays that day, and only that; --all
# (the default) still draws every item (issue 17 point 2).
$bin schedule --day 2026-09-12 --screen thermes "$feed" 2>/dev/null |
    sed -n 's/^#   \([a-z0-9][^ ]*\) .* plays .*/\1/p' | grep -v '^(' | sort >"$tmp/played"
$bin render --size 640x360 --day 2026-09-12 --screen thermes --out "$tmp/day" "$feed" \
    >/dev/null 2>&1
ls "$tmp/day" | sed -n 's/^[0-9]*-\(.*\)\.png$/\1/p' | grep -v '^agenda$\|^fallback$\|^sheet$' |
    sort >"$tmp/drawn"
check "render --day: the slides the schedule plays that day ($(wc -l <"$tmp/drawn"))" \
    cmp -s "$tmp/played" "$tmp/drawn"
check "render --day: an item of a later date is left out" \
    sh -c "! ls '$tmp/day' | grep -q affiche-gateau-basque-2027"
$bin render --size 640x360 --all --out "$tmp/all" "$feed" >/dev/null 2>&1
check "render --all: every item, later dates too" \
    sh -c "ls '$tmp/all' | grep -q affiche-gateau-basque-2027"

# An agenda window with more events than a slide holds: the schedule counts
# them all (the slide says "+ N autres rendez-vous à l'accueil"), and render
# draws the agenda with both themes.
big=$tmp/big.xml
{
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<feed version="1">\n  <settings>\n'
    printf '    <office>Office de tourisme d’Exemple</office>\n'
    printf '    <languages>fr</languages>\n    <agenda_days>14</agenda_days>\n'
    printf '  </settings>\n  <items>\n'
    for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
        printf '    <event id="rdv-%02d">\n      <title>Rendez-vous numéro %d</title>\n' "$i" "$i"
        printf '      <start>2026-10-%02dT18:00</start>\n' $((i / 2 + 2))
        printf '      <venue>Salle des fêtes</venue>\n    </event>\n'
    done
    printf '  </items>\n</feed>\n'
} >"$big"
$bin schedule --day 2026-10-01 "$big" >"$out" 2>/dev/null
check "agenda: the window's 15 events counted, 7 past the label's 8" \
    grep -q '(agenda) .* 15 events: rdv-01, .*rdv-08, +7' "$out"
for th in default contrast; do
    $bin render --size 640x360 --at 2026-10-01T10:00 --theme themes/$th --out "$tmp/big-$th" \
        "$big" >/dev/null 2>&1
    check "agenda: 15 events rendered ($th)" test -s "$tmp/big-$th/16-agenda.png"
done
