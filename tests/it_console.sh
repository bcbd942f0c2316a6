#!/bin/sh
# The staff console (vitrine console) driven with curl on 127.0.0.1, on a
# port the kernel picks: refusals (no session, no CSRF token, throttled
# logins, bodies over the cap, slow clients, path traversal, script in
# text), concurrency (two sessions, a hand edit during a draft, kill -9
# during publish), TLS, and the full staff flow up to a running player
# showing the new event. Accounts use cheap Argon2 parameters, through the
# test-only VITRINE_CONSOLE_TEST_CHEAP_HASH=1, so that logins cost nothing.
cd "$(dirname "$0")/.." || exit 2
T=$(mktemp -d)
cpid=
ppid_=
trap 'kill -9 $cpid $ppid_ 2>/dev/null; rm -rf "$T"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
unset DISPLAY WAYLAND_DISPLAY
ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }
check() { if [ "$2" = "$3" ]; then ok "$1"; else ko "$1" "got '$2', want '$3'"; fi; }

C=$T/content
D=$T/data
S=$T/state
mkdir -p "$C/images" "$S"
cp content/images/* "$C/images/"
./vitrine dump content/feed.json >/dev/null || exit 2
cp content/feed.json "$C/feed.json"
export VITRINE_CONSOLE_TEST_CHEAP_HASH=1
for u in anne bob; do printf 'motdepasse-%s\nmotdepasse-%s\n' $u $u |
    ./vitrine console --data "$D" --add-user $u 2>/dev/null; done

# 0. No account: the console refuses to start and says how to add one.
if ./vitrine console --content "$C" --data "$T/empty" --listen 127.0.0.1:0 2>"$T/err0"; then
    ko "refuses to start without an account" "it started"
elif grep -q -- "--add-user" "$T/err0"; then
    ok "refuses to start without an account, naming --add-user"
else
    ko "refuses to start without an account" "$(cat "$T/err0")"
fi

start() {
    : >"$T/log"
    ./vitrine console --content "$C" --data "$D" --state "$S" --listen 127.0.0.1:0 \
        --max-body 65536 --max-upload 2000000 --request-timeout 3 "$@" 2>"$T/log" &
    cpid=$!
    i=0
    while ! grep -q "listening on" "$T/log" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    P=$(sed -n 's/.*listening on https*:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$T/log")
    B=http://127.0.0.1:$P
}
stop() { kill $cpid 2>/dev/null; wait $cpid 2>/dev/null; cpid=; }
# login USER JAR [ADDRESS]: sets CSRF and LOGIN (the HTTP status)
login() {
    out=$(curl -s ${3:+--interface $3} -c "$2" -w '\n%{http_code}' \
        -d "{\"user\":\"$1\",\"password\":\"motdepasse-$1\"}" "$B/api/login")
    CSRF=$(echo "$out" | sed -n 's/.*"csrf":"\([^"]*\)".*/\1/p')
    LOGIN=$(echo "$out" | tail -n 1)
}
code() { curl -s -o /dev/null -w '%{http_code}' "$@"; }
start
[ -n "$P" ] || { ko "console starts" "$(cat "$T/log")"; exit 1; }

# 1. Every route without a session is refused; the public ones answer.
ROUTES="POST:/api/logout GET:/api/me POST:/api/password GET:/api/items POST:/api/items
GET:/api/items/wifi-gratuit PUT:/api/items/wifi-gratuit DELETE:/api/items/wifi-gratuit
POST:/api/items/wifi-gratuit/duplicate POST:/api/validate GET:/api/settings PUT:/api/settings
GET:/api/draft POST:/api/draft/discard POST:/api/publish GET:/api/history
GET:/api/history/1/diff POST:/api/history/1/restore POST:/api/uploads GET:/api/posters
POST:/api/posters DELETE:/api/posters/x.jpg GET:/api/preview/wifi-gratuit.png
POST:/api/preview GET:/api/timeline GET:/api/screens GET:/api/screens/local/screenshot.png
POST:/api/screens/local/show GET:/api/partners GET:/api/plays
POST:/api/items/wifi-gratuit/override GET:/api/nothing"
n=0
bad=""
for r in $ROUTES; do
    m=${r%%:*}
    p=${r#*:}
    c=$(code -X "$m" -H 'Content-Type: application/json' -d '{}' "$B$p")
    n=$((n + 1))
    [ "$c" = 401 ] || bad="$bad $m $p=$c"
done
for p in / /index.html /slides.html /edit.html /publish.html; do
    c=$(code "$B$p")
    n=$((n + 1))
    case $c in 302 | 401 | 404) ;; *) bad="$bad GET $p=$c" ;; esac
done
if [ -z "$bad" ]; then ok "$n routes refused without a session"; else ko "routes without a session" "$bad"; fi
check "the published feed needs no session" "$(code "$B/feed.json")" 200

# 2. A change without the CSRF token, or with a wrong one, is refused.
login anne "$T/a"
check "anne logs in" "$LOGIN" 200
A_CSRF=$CSRF
bad=""
n=0
for r in $ROUTES; do
    m=${r%%:*}
    p=${r#*:}
    [ "$m" = GET ] && continue
    n=$((n + 1))
    c=$(code -b "$T/a" -X "$m" -H 'Content-Type: application/json' -d '{}' "$B$p")
    c2=$(code -b "$T/a" -H 'X-CSRF-Token: forged' -X "$m" -d '{}' "$B$p")
    [ "$c" = 403 ] && [ "$c2" = 403 ] || bad="$bad $m $p=$c/$c2"
done
if [ -z "$bad" ]; then ok "$n changes refused without the CSRF token (and with a wrong one)"
else ko "changes without CSRF" "$bad"; fi
AH="-b $T/a -H X-CSRF-Token:$A_CSRF"

# 3. 1,000 wrong passwords are throttled; a right one still works for another account.
: >"$T/urls"
i=0
while [ $i -lt 1000 ]; do echo "url = \"$B/api/login\"" >>"$T/urls"; echo 'output = "/dev/null"' >>"$T/urls"; i=$((i + 1)); done
curl -s -K "$T/urls" -w '%{http_code}\n' -d '{"user":"anne","password":"nope-nope"}' >"$T/codes"
n429=$(grep -c '^429$' "$T/codes")
n401=$(grep -c '^401$' "$T/codes")
if [ "$n429" -ge 990 ] && [ $((n429 + n401)) -eq 1000 ]; then
    ok "1000 wrong passwords: $n401 checked, $n429 throttled (429)"
else
    ko "1000 wrong passwords throttled" "$n401 x 401, $n429 x 429: $(sort "$T/codes" | uniq -c | tr '\n' ' ')"
fi
login anne "$T/x"
check "the throttled account's right password waits too" "$LOGIN" 429
login bob "$T/b" 127.0.0.2
check "another account logs in from another address" "$LOGIN" 200
i=0
: >"$T/codes"
while [ $i -lt 25 ]; do
    curl -s --interface 127.0.0.3 -o /dev/null -w '%{http_code}\n' -d "{\"user\":\"u$i\",\"password\":\"nope-nope\"}" "$B/api/login" >>"$T/codes"
    i=$((i + 1))
done
check "an address that tries many accounts is throttled" "$(tail -n 1 "$T/codes")" 429
ra=$(curl -s -D - -o /dev/null --interface 127.0.0.3 -d '{"user":"bob","password":"x"}' "$B/api/login" | grep -ci '^retry-after:')
check "a 429 says when to retry" "$ra" 1
login bob "$T/b"
check "bob logs in" "$LOGIN" 200
B_CSRF=$CSRF
BH="-b $T/b -H X-CSRF-Token:$B_CSRF"

# 4. Bodies over the cap are refused before they are read.
cookie=$(awk '$6 == "vitrine_session" {print $7}' "$T/a")
if msg=$(python3 tests/tools/console_probe.py bigbody "$P" "$cookie" "$A_CSRF"); then
    ok "a 500 MB Content-Length is refused at once ($msg)"
else
    ko "a body over the limit is refused before it is read" "$msg"
fi
if msg=$(python3 tests/tools/console_probe.py chunked "$P" "$cookie" "$A_CSRF"); then
    ok "a chunked body past the cap is cut off ($msg)"
else
    ko "a chunked body past the cap is cut off" "$msg"
fi
head -c 3000000 /dev/urandom >"$T/big.jpg"
convert -size 400x200 xc:'#c8102e' "$T/flat.jpg"
python3 tests/tools/console_probe.py exif "$T/flat.jpg" "$T/sideways.jpg" 6
up=$(curl -s $AH -F "file=@$T/sideways.jpg" "$B/api/uploads")
stored=$C/$(echo "$up" | sed -n 's/.*"path":"\([^"]*\)".*/\1/p')
if echo "$up" | grep -q '"width":200,"height":400' &&
    [ "$(identify -format '%w %h %[orientation]' "$stored")" = "200 400 Undefined" ]; then
    ok "a photo stored sideways (EXIF 6) is turned upright: $up"
else
    ko "EXIF orientation applied" "$up $(identify -format '%w %h %[orientation]' "$stored" 2>&1)"
fi
check "a file that is not a picture is refused (415)" \
    "$(code $AH -F "file=@renderer/main.c;filename=photo.jpg" "$B/api/uploads")" 415
convert -size 700x700 xc: +noise Random -quality 95 "$T/noise.jpg"
# at 250 kB/s the body takes longer than the 3 s --request-timeout: how long
# it took is measured in milliseconds, whole seconds rounded 3.9 s down to 3
t0=$(date +%s%N)
c=$(code $AH --limit-rate 250k -F "file=@$T/noise.jpg" "$B/api/uploads")
ms=$((($(date +%s%N) - t0) / 1000000))
if [ "$c" = 201 ] && [ $ms -gt 3000 ]; then
    ok "an upload slower than --request-timeout but steady is received ($ms ms, $(($(wc -c <"$T/noise.jpg") / 1024)) KB)"
else
    ko "a steady slow upload" "status $c after $ms ms"
fi
check "an upload over --max-upload is refused (413)" "$(code $AH -F "file=@$T/big.jpg" "$B/api/uploads")" 413

# 5. Path traversal: upload names, item ids, images, posters.
convert -size 64x48 xc:'#336699' "$T/photo.jpg"
out=$(curl -s $AH -F "file=@$T/photo.jpg;filename=../../../../tmp/evil.jpg" "$B/api/uploads")
if echo "$out" | grep -Eq '"path":"images/[0-9a-f]{32}\.jpg"' && [ ! -e /tmp/evil.jpg ] &&
    [ -z "$(find "$T" -name 'evil*')" ]; then
    ok "an upload's client name never names a file ($out)"
else
    ko "upload name traversal" "$out"
fi
bad=""
for p in "/api/items/..%2F..%2Fetc%2Fpasswd" "/api/items/../../etc/passwd" \
    "/api/preview/..%2Ffeed.json.png" "/images/..%2Ffeed.json" "/images/../feed.json" \
    "/images/.upload-x" "/api/screens/..%2F..%2Fetc/screenshot.png"; do
    c=$(code --path-as-is $AH "$B$p")
    case $c in 404 | 400) ;; *) bad="$bad $p=$c" ;; esac
done
c=$(code --path-as-is $AH -X DELETE "$B/api/posters/..%2Ffeed.json")
case $c in 404 | 400) ;; *) bad="$bad DELETE-poster=$c" ;; esac
c=$(code $AH -H 'Content-Type: application/json' \
    -d '{"kind":"notice","id":"../../etc/passwd","title":"x"}' "$B/api/preview?w=64")
if [ -z "$bad" ] && [ -f "$C/feed.json" ]; then ok "ids and names with ../ reach no file"; else ko "traversal" "$bad"; fi

# 6. Script in every text field comes back as data, never as a page.
X='<script>alert(1)</script>'
body="{\"kind\":\"event\",\"id\":\"xss\",\"title\":{\"fr\":\"$X\",\"en\":\"$X\"},\"subtitle\":\"$X\",\"body\":\"$X\",\"venue\":\"$X\",\"organiser\":\"$X\",\"start\":\"2030-07-01T20:00\",\"prices\":[{\"amount\":5,\"label\":\"$X\"}],\"url\":\"https://example.org/?q=<script>\"}"
check "an item with script in every text field is accepted as text" \
    "$(code $AH -H 'Content-Type: application/json' -d "$body" "$B/api/items")" 201
bad=""
for p in /api/items/xss /api/items "/api/items?q=script" /api/draft; do
    h=$(curl -s -D - -o /dev/null $AH "$B$p")
    echo "$h" | grep -qi '^content-type: application/json' || bad="$bad $p:type"
    echo "$h" | grep -qi '^x-content-type-options: nosniff' || bad="$bad $p:nosniff"
    echo "$h" | grep -qi "^content-security-policy: default-src 'self'" || bad="$bad $p:csp"
    echo "$h" | grep -qi "^x-frame-options: deny" || bad="$bad $p:frame"
done
if [ -z "$bad" ]; then ok "answers carrying the script are JSON with nosniff, CSP and no framing"; else ko "script escaped" "$bad"; fi

# 7. A client sending a byte a second is cut off.
if msg=$(python3 tests/tools/console_probe.py slow "$P" 3); then ok "a 1 byte/s client is cut off ($msg)"
else ko "a slow client is cut off" "$msg"; fi

# 8. Two sessions editing: both changes are in the draft and in one publish.
put() { # JAR-HEADERS ID FIELD VALUE
    curl -s $1 "$B/api/items/$2" | F="$3" V="$4" python3 -c "
import json, os, sys; it = json.load(sys.stdin)['item']; it[os.environ['F']] = os.environ['V']
print(json.dumps(it))" >"$T/item.json"
    code $1 -X PUT -H 'Content-Type: application/json' --data-binary @"$T/item.json" "$B/api/items/$2"
}
check "anne edits one item" "$(put "$AH" wifi-gratuit subtitle "Par Anne")" 200
check "bob edits another" "$(put "$BH" horaires-accueil subtitle "Par Bob")" 200
d=$(curl -s $BH "$B/api/draft")
case $d in *wifi-gratuit*horaires-accueil* | *horaires-accueil*wifi-gratuit*) ok "the draft holds both sessions' edits" ;; *) ko "two sessions" "$d" ;; esac
check "publish" "$(code $BH -X POST "$B/api/publish")" 200
if grep -q "Par Anne" "$C/feed.json" && grep -q "Par Bob" "$C/feed.json" && grep -q 'alert' "$C/feed.json"; then
    ok "one publish carries both"
else ko "two sessions publish" "$(grep -c Par "$C/feed.json")"; fi
v=$(curl -s $AH "$B/api/history" | python3 -c 'import json,sys; v=json.load(sys.stdin)["versions"]; print(v[0]["version"], v[0]["user"], len(v))')
check "the history names who published" "$v" "2 bob 2"
diffc=$(curl -s $AH "$B/api/history/2/diff?against=1" | python3 -c 'import json,sys; print(sorted({c["id"] for c in json.load(sys.stdin)["changes"]}))')
check "the diff names the changed items" "$diffc" "['horaires-accueil', 'wifi-gratuit', 'xss']"

# 9. A hand edit during a draft is merged; a clash is a conflict until confirmed.
check "anne edits an item" "$(put "$AH" wifi-gratuit title "Titre de la console")" 200
python3 - "$C/feed.json" <<'PY'
import json, os, sys
p = sys.argv[1]; d = json.load(open(p))
for it in d["items"]:
    if it["id"] == "horaires-accueil": it["subtitle"] = "Modifié à la main"
open(p + ".new", "w").write(json.dumps(d, ensure_ascii=False, indent=2)); os.rename(p + ".new", p)
PY
check "publish after a hand edit elsewhere" "$(code $AH -X POST "$B/api/publish")" 200
if grep -q "Modifié à la main" "$C/feed.json" && grep -q "Titre de la console" "$C/feed.json"; then
    ok "the hand edit and the draft are both published"
else ko "hand edit merged" "$(grep -c 'Modifié à la main' "$C/feed.json")"; fi
check "anne edits the title again" "$(put "$AH" wifi-gratuit title "Titre d'Anne")" 200
python3 - "$C/feed.json" <<'PY'
import json, os, sys
p = sys.argv[1]; d = json.load(open(p))
for it in d["items"]:
    if it["id"] == "wifi-gratuit": it["title"] = "Titre à la main"
open(p + ".new", "w").write(json.dumps(d, ensure_ascii=False, indent=2)); os.rename(p + ".new", p)
PY
out=$(curl -s -w ' %{http_code}' $AH -X POST "$B/api/publish")
case $out in *'"id":"wifi-gratuit","field":"title"'*409) ok "a clash with a hand edit is a 409 naming the field" ;; *) ko "conflict" "$out" ;; esac
grep -q "Titre à la main" "$C/feed.json" && ok "the hand edit is not overwritten silently" || ko "hand edit kept" "overwritten"
check "publishing again with overwrite confirms" \
    "$(code $AH -H 'Content-Type: application/json' -d '{"overwrite":true}' "$B/api/publish")" 200
grep -q "Titre d'Anne" "$C/feed.json" && ok "the confirmed draft is published" || ko "overwrite" "not published"
check "restore an old version" "$(code $AH -X POST "$B/api/history/2/restore")" 200
grep -q "Par Bob" "$C/feed.json" && ! grep -q "Titre d'Anne" "$C/feed.json" && ok "the restored version is on disk" || ko "restore" "not restored"
grep -q '"action":"update","id":"wifi-gratuit","changes":\[{"field":"title","before":"Titre de la console","after":"Titre d'"'"'Anne"' "$D/audit.log" &&
    ok "the audit log has who changed which field, before and after" || ko "audit" "$(tail -n 3 "$D/audit.log")"

# 10. kill -9 during publish: the feed is the old one or the new one, history intact.
python3 - "$C/feed.json" <<'PY'
import json, os, sys
p = sys.argv[1]; d = json.load(open(p))
base = d["items"][1]
for i in range(1500):
    it = dict(base); it["id"] = "gros-%04d" % i; d["items"].append(it)
open(p + ".new", "w").write(json.dumps(d, ensure_ascii=False, indent=2)); os.rename(p + ".new", p)
PY
stop
bad=""
for run in 1 2 3 4; do
    start
    login anne "$T/a"
    AH="-b $T/a -H X-CSRF-Token:$CSRF"
    cp "$C/feed.json" "$T/old.json"
    put "$AH" gros-0001 subtitle "run $run" >/dev/null
    curl -s -o /dev/null $AH -X POST "$B/api/publish" &
    sleep 0.0$((run * 2))
    kill -9 $cpid
    wait $cpid 2>/dev/null
    cpid=
    if cmp -s "$C/feed.json" "$T/old.json"; then :; elif grep -q "\"run $run\"" "$C/feed.json" &&
        ./vitrine check "$C/feed.json" >/dev/null 2>&1; then :; else bad="$bad run$run:mixed"; fi
    for j in "$D"/history/*.json; do
        python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$j" 2>/dev/null || bad="$bad $j"
        [ -f "${j%.json}.feed" ] || bad="$bad ${j%.json}.feed"
    done
done
ls "$C" | grep -q '^\.' && bad="$bad leftover-tmp:$(ls -a "$C" | grep '^\.feed')"
if [ -z "$bad" ]; then ok "kill -9 during publish, 4 times: the feed is old or new, history intact"
else ko "kill -9 during publish" "$bad"; fi
cp content/feed.json "$C/feed.json"
start
login anne "$T/a"
check "a draft met by a hand edit can be discarded" \
    "$(code -b "$T/a" -H "X-CSRF-Token:$CSRF" -X POST "$B/api/draft/discard")" 204
stop

# 11. TLS: with a certificate and key, HTTPS and a Secure cookie.
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" \
    -subj /CN=127.0.0.1 -days 1 2>/dev/null
start --cert "$T/cert.pem" --key "$T/key.pem"
sc=$(curl -sk -D - -o /dev/null -d '{"user":"anne","password":"motdepasse-anne"}' "https://127.0.0.1:$P/api/login" | grep -i '^set-cookie:')
case $sc in *Secure*HttpOnly* | *HttpOnly*Secure*) ok "HTTPS with a Secure, HttpOnly cookie" ;; *) ko "TLS" "$sc $(tail -n 2 "$T/log")" ;; esac
stop

# 12. The full staff flow, with a player showing the result.
./vitrine play --set paths.state="$S" --set paths.cache="$T/cache" --set content.drop= \
    --duration 120 "$C/feed.json" 2>"$T/play.log" &
ppid_=$!
start
login anne "$T/a"
AH="-b $T/a -H X-CSRF-Token:$CSRF"
convert -size 800x600 gradient:'#c8102e'-'#00843d' "$T/fete.jpg"
img=$(curl -s $AH -F "file=@$T/fete.jpg" "$B/api/uploads" | sed -n 's/.*"path":"\([^"]*\)".*/\1/p')
ev="{\"kind\":\"event\",\"title\":\"Fête du flux\",\"start\":\"2030-07-14T21:00\",\"venue\":\"Fronton\",\"image\":\"$img\"}"
id=$(curl -s $AH -H 'Content-Type: application/json' -d "$ev" "$B/api/items" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p')
pub=$(code $AH -X POST "$B/api/publish")
i=0
while ! grep -q "\"$id\"" "$S/status.json" 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if [ -n "$img" ] && [ "$pub" = 200 ] && grep -q "\"$id\"" "$S/status.json"; then
    ok "log in, upload, create an event, publish: the player has '$id' ($((i * 100)) ms)"
else
    ko "full flow" "img=$img id=$id publish=$pub $(tail -n 3 "$T/play.log")"
fi
check "show it now drops a command in the player's inbox" \
    "$(code $AH -H 'Content-Type: application/json' -d "{\"id\":\"$id\"}" "$B/api/screens/local/show")" 202
grep -q "{\"cmd\":\"show\",\"id\":\"$id\"}" "$S"/inbox/*.json && ok "the inbox command is complete JSON" || ko "inbox" "$(ls -a "$S/inbox")"
check "a preview of the new event" "$(code $AH "$B/api/preview/$id.png?o=portrait&lang=en&w=270")" 200
slots=$(curl -s $AH "$B/api/timeline?day=2030-07-14" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(len(d["slots"]) > 0, all("reason" in h for h in d["hidden"]))')
check "the timeline of a day, with a reason for each hidden item" "$slots" "True True"
convert -size 300x400 xc:orange "$T/affiche.png"
check "a poster goes to the drop folder with its dates and caption" \
    "$(code $AH -F "file=@$T/affiche.png" -F from=2030-07-01 -F until=2030-07-31 -F 'caption=Marché' "$B/api/posters")" 201
pl=$(curl -s $AH "$B/api/posters" | python3 -c 'import json,sys; p=json.load(sys.stdin)["posters"]; print([(x["from"], x["until"], x["caption"]) for x in p])')
check "the posters are listed with their dates" "$pl" "[('2030-07-01', '2030-07-31', 'Marché')]"
pu=$(curl -s $AH "$B/api/posters" | python3 -c 'import json,sys; print([x["uploaded"] for x in json.load(sys.stdin)["posters"]])')
check "a poster sent from the console is marked as such (staff see its caption, not its stored name)" "$pu" "[True]"
pn=$(curl -s $AH "$B/api/posters" | sed -n 's/.*"name":"\([^"]*\)".*/\1/p')
check "a poster is removed" "$(code $AH -X DELETE "$B/api/posters/$pn")" 204
kill $ppid_ 2>/dev/null
wait $ppid_ 2>/dev/null
ppid_=
stop

# 13. Items imported from a tourism database (another feed of the player's
#     configuration) are listed, previewed and corrected through overrides.
./vitrine import --at 2026-12-01 --out "$C/datatourisme.json" tests/fixtures/sit/datatourisme 2>/dev/null
printf '[content]\nfeed = %s\nfeed = %s\ndrop = %s\n' "$C/feed.json" "$C/datatourisme.json" "$C/drop" >"$T/v.conf"
start -c "$T/v.conf"
login anne "$T/a"
AH="-b $T/a -H X-CSRF-Token:$CSRF"
imp=$(curl -s $AH "$B/api/items" | python3 -c 'import json,sys; print(sorted({i["source"] for i in json.load(sys.stdin)["items"]}))')
check "imported items are listed with their database" "$imp" "['datatourisme', 'feed']"
iid=$(curl -s $AH "$B/api/items" | python3 -c 'import json,sys; print([i["id"] for i in json.load(sys.stdin)["items"] if i["source"] == "datatourisme"][0])')
check "an imported item is pinned and its title corrected" \
    "$(code $AH -H 'Content-Type: application/json' -d '{"pin":true,"fields":{"title.fr":"CORRIGÉ"}}' "$B/api/items/$iid/override")" 200
check "an imported item is previewed with its correction" "$(code $AH "$B/api/preview/$iid.png?w=320")" 200
pin=$(curl -s $AH "$B/api/items?q=$iid" | python3 -c 'import json,sys; print([i["pinned"] for i in json.load(sys.stdin)["items"]])')
check "the list shows it pinned" "$pin" "[True]"
check "the override is published" "$(code $AH -X POST "$B/api/publish")" 200
grep -q '"CORRIGÉ"' "$C/feed.json" && ok "the office's feed carries the override" || ko "override published" "$(grep -c overrides "$C/feed.json")"
stop

# 14. Staff read French, beside the field: items, settings and overrides
#     refused with the loader's code, the field of the form and a French
#     sentence; the timeline's reasons in French; imported items named by
#     their database; the preview cache kept within --preview-cache.
start -c "$T/v.conf" --preview-cache 400000
login anne "$T/a"
AH="-b $T/a -H X-CSRF-Token:$CSRF"
# field_error BODY URL [METHOD]: "STATUS FIELD CODE MESSAGE" of the first problem
field_error() {
    curl -s -w '\n%{http_code}' $AH -X "${3:-POST}" -H 'Content-Type: application/json' -d "$1" "$B$2" |
        python3 -c '
import json, sys
lines = sys.stdin.read().rsplit("\n", 1)
e = (json.loads(lines[0]).get("errors") or [{}])[0]
print(lines[1], e.get("field"), e.get("code"), e.get("message"))'
}
check "an event ending before it starts: 422 on end, in French" \
    "$(field_error '{"kind":"event","title":"Bal","start":"2030-07-14","end":"2030-07-01"}' /api/items)" \
    "422 end end_before_start La date de fin est avant la date de début : corrigez l’une des deux."
check "a slide without a title: 422 on title.fr" \
    "$(field_error '{"kind":"notice","id":"sans-titre"}' /api/items)" \
    "422 title.fr title_missing Le titre en français manque : écrivez-le, c’est lui qui s’affiche quand une traduction manque."
check "a price with a comma: 422 on prices.0.amount" \
    "$(field_error '{"kind":"event","title":"Bal","start":"2030-07-14","prices":[{"amount":"7,50"}]}' /api/items)" \
    "422 prices.0.amount price_comma Le prix « 7,50 » s’écrit avec un point et non une virgule (par exemple 7.50)."
check "an event without a start: 422 on start" \
    "$(field_error '{"kind":"event","title":"Bal"}' /api/items)" \
    "422 start start_missing La date de début manque : indiquez quand l’événement commence."
check "a weight out of range on a PUT: 422 on weight" \
    "$(field_error '{"kind":"notice","id":"wifi-gratuit","title":"Wifi","weight":500}' /api/items/wifi-gratuit PUT)" \
    "422 weight int_range « 500 » ne convient pas : donnez un nombre entier de 1 à 100."
check "a setting refused: 422 on languages" \
    "$(field_error '{"languages":"en fr"}' /api/settings PUT)" \
    "422 languages languages_fr_first Le français vient en premier, c’est la langue de référence (par exemple « fr eu es en »)."
check "an override with a bad weight is refused at save: 422 on weight" \
    "$(field_error '{"fields":{"weight":"beaucoup"}}' "/api/items/$iid/override")" \
    "422 weight int_range « beaucoup » ne convient pas : donnez un nombre entier de 1 à 100."
check "an override with a bad date is refused at save: 422 on from" \
    "$(field_error '{"fields":{"from":"demain"}}' "/api/items/$iid/override")" \
    "422 from date « demain » n’est pas une date valable : choisissez-la dans le calendrier (jour, mois, année, et l’heure si besoin)."
check "a good override still saves" \
    "$(code $AH -H 'Content-Type: application/json' -d '{"fields":{"weight":3}}' "$B/api/items/$iid/override")" 200
check "a notice starting later is saved" "$(code $AH -H 'Content-Type: application/json' \
    -d '{"kind":"notice","id":"plus-tard","title":"Plus tard","from":"2030-08-01"}' "$B/api/items")" 201
why=$(curl -s $AH "$B/api/timeline?day=2030-07-14&draft=1" | python3 -c '
import json, re, sys
h = json.load(sys.stdin)["hidden"]
english = [x["reason"] for x in h if re.search(r"\b(the|is|not|has|passed|starts|only)\b", x["reason"])]
later = [x for x in h if x["id"] == "plus-tard"]
print(len(h) > 0, english, later[0]["code"], later[0]["reason"].replace("\u00a0", " "))')
check "the timeline says in French why each hidden slide is hidden" "$why" \
    "True [] not_yet Sa diffusion commence le jeudi 1er août 2030."
lab=$(curl -s $AH "$B/api/items" | python3 -c 'import json,sys; print(sorted({(i["source"], i["source_label"]) for i in json.load(sys.stdin)["items"]}))')
check "imported items carry a label staff read" "$lab" \
    "[('datatourisme', 'DATAtourisme (datatourisme.json)'), ('feed', 'Office de tourisme')]"
check "an imported item names its database" \
    "$(curl -s $AH "$B/api/items/$iid" | sed -n 's/.*"source_label":"\([^"]*\)".*/\1/p')" "DATAtourisme (datatourisme.json)"
for id in horaires-accueil wifi-gratuit accueil-thermes fete-gateau-basque-2026 danses-basques-fronton \
    concert-avent concert-noel; do
    for w in 320 640; do curl -s -o /dev/null $AH "$B/api/preview/$id.png?w=$w"; done
done
bytes=$(find "$D/previews" -type f -name '*.png' -printf '%s\n' | awk '{s += $1} END {print s + 0}')
files=$(find "$D/previews" -type f -name '*.png' | wc -l)
if [ "$bytes" -le 400000 ] && [ "$files" -gt 1 ]; then
    ok "the preview cache stays within --preview-cache ($files files, $bytes bytes after 14 previews)"
else
    ko "preview cache bounded" "$files files, $bytes bytes"
fi
stop
