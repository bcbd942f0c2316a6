#!/bin/sh
# The player applies the office's overrides to items imported from its
# tourism database: an Apidae export and an office feed that hides one
# imported item, as two sources of one screen.
cd "$(dirname "$0")/.." || exit 2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
unset DISPLAY WAYLAND_DISPLAY
cp tests/fixtures/sit/apidae/objets_modifies-1.json "$T/export.json"
cat >"$T/office.json" <<JSON
{"version": 1, "settings": {"office": "Office de test"},
 "items": [{"kind": "notice", "id": "note", "title": "Bonjour"}],
 "overrides": [{"id": "4826137", "hide": true}, {"id": "4826186", "weight": 5}]}
JSON
cat >"$T/v.conf" <<CONF
[content]
feed = $T/office.json
feed = $T/export.json
drop =
[paths]
state = $T/state
cache = $T/cache
CONF
./vitrine play -c "$T/v.conf" --quit-after 1.5 --duration 300 2>"$T/err"
if python3 - "$T/state/status.json" <<'PY'
import json, sys
ids = json.load(open(sys.argv[1]))["feed"]["ids"]
assert "note" in ids and "4826186" in ids, ids
assert "4826137" not in ids, ids
PY
then
    echo "PASS an override hides an imported item on screen"
else
    echo "FAIL overrides in the player: $(tail -3 "$T/err")"
fi
