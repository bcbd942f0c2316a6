#!/bin/sh
# The hostile corpus (tests/hostile/): every file gets the outcome written in
# the tables below: `vitrine check` on feeds (exit status and message), and
# `vitrine render` of a feed that shows every hostile picture (exit 0, never
# a crash, the expected log line per picture, text-only slides instead).
# Big inputs (1 MB strings, 100,000 items, 17 MB) are generated into a
# temporary folder. Prints PASS/FAIL lines. Run from the repository root.
cd "$(dirname "$0")/.." || exit 2
bin=./vitrine
h=tests/hostile
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# sanitizer builds are slower; a plain build must answer in well under 2 s
# of CPU time (user + system: a shared, loaded machine stretches wall time,
# not the work done)
limit_ms=${HOSTILE_LIMIT_MS:-2000}
[ -f .last-build-vitrine ] && grep -q san .last-build-vitrine && limit_ms=20000

# cpu_ms FILE: the CPU milliseconds /usr/bin/time wrote into FILE
cpu_ms() { awk '{ printf "%d", ($1 + $2) * 1000 }' "$1"; }

# check FILE STATUS PATTERN: `vitrine check FILE` exits STATUS (0 or 1, never
# a crash) in time and its output has a line matching PATTERN (grep -E).
check() {
    file=$1 status=$2 pattern=$3
    /usr/bin/time -f '%U %S' -o "$tmp/cpu" $bin check "$file" >"$tmp/out" 2>&1
    rc=$?
    ms=$(cpu_ms "$tmp/cpu")
    if [ "$rc" -ne "$status" ]; then
        echo "FAIL $file: exit $rc, want $status"; head -5 "$tmp/out"; return
    fi
    if ! grep -Eq -- "$pattern" "$tmp/out"; then
        echo "FAIL $file: no line matching '$pattern' in:"; head -5 "$tmp/out"; return
    fi
    if [ "$ms" -ge "$limit_ms" ]; then
        echo "FAIL $file: took $ms ms"; return
    fi
    echo "PASS $file ($ms ms)"
}

f=$h/feeds
NOT_UTF8='the file is not valid UTF-8 text here: save it as UTF-8'
NO_DTD='DTDs and entities are not allowed in a feed'
INSIDE="must be inside the feed's folder: write a relative path without '..'"
check $f/unclosed.xml 1 "^$f/unclosed.xml:4: <notice> \(line 2\) is not closed"
check $f/mismatched.xml 1 "^$f/mismatched.xml:2: <title> \(line 2\) is not closed before"
check $f/dup-attr.xml 1 "^$f/dup-attr.xml:2: XML syntax error: Attribute id redefined"
check $f/unquoted-attr.xml 1 "^$f/unquoted-attr.xml:2: XML syntax error: AttValue"
check $f/bare-ampersand.xml 1 "^$f/bare-ampersand.xml:2: a '&' in text must be written &amp;"
check $f/two-roots.xml 1 "^$f/two-roots.xml:4: there is something after </feed>"
check $f/not-xml.xml 1 "^$f/not-xml.xml:1: this is neither an XML feed"
check $f/empty.xml 1 "^$f/empty.xml:1: the file is empty"
check $f/latin1.xml 1 "^$f/latin1.xml:3: $NOT_UTF8"
check $f/nul-byte.xml 1 "^$f/nul-byte.xml:2: $NOT_UTF8"
check $f/overlong.xml 1 "^$f/overlong.xml:2: $NOT_UTF8"
check $f/control-charref.xml 1 "^$f/control-charref.xml:2: $NOT_UTF8"
check $f/quadratic.xml 1 "^$f/quadratic.xml:2: $NO_DTD"
check $f/xxe-remote-dtd.xml 1 "^$f/xxe-remote-dtd.xml:2: $NO_DTD"
check $f/xxe-param-file.xml 1 "^$f/xxe-param-file.xml:2: $NO_DTD"
check $f/xinclude.xml 1 "^$f/xinclude.xml:2: <title> may only hold text, not other elements"
check $f/stylesheet-pi.xml 0 "^$f/stylesheet-pi.xml: ok \(1 item\)"
check $f/traversal-image.xml 1 "^$f/traversal-image.xml:2: image '../../../etc/passwd' $INSIDE"
check $f/traversal-middle.xml 1 "^$f/traversal-middle.xml:2: image 'images/../../x.jpg' $INSIDE"
check $f/absolute-image.xml 1 "^$f/absolute-image.xml:2: image '/etc/passwd' $INSIDE"
check $f/traversal-logo.xml 1 "^$f/traversal-logo.xml:1: logo '../../secret.png' $INSIDE"
check $f/file-url-image.xml 1 "^$f/file-url-image.xml:2: image 'file:///etc/passwd' is not usable"
check $f/traversal-image.json 1 "^$f/traversal-image.json:2: image '../../etc/passwd' $INSIDE"
check $f/absolute-image.json 1 "^$f/absolute-image.json:2: image '/etc/shadow' $INSIDE"
check $f/trailing-comma-items.json 1 "^$f/trailing-comma-items.json:2: a comma before '\]'"
check $f/unclosed.json 1 "^$f/unclosed.json:3: the JSON ends before the '\[' opened at line 1"
check $f/single-quotes.json 1 "^$f/single-quotes.json:1: JSON texts and keys use double quotes"
check $f/nan.json 1 "^$f/nan.json:2: 'NaN' is not a JSON value"
check $f/huge-number.json 1 "^$f/huge-number.json:2: weight '1e999' is not valid"
check $f/wrong-type.json 1 "^$f/wrong-type.json:2: \"title\" is a list but must be a text"
check $f/items-object.json 1 "^$f/items-object.json:1: \"items\" must be a list"
check $f/root-array.json 1 "^$f/root-array.json:1: a JSON feed is an object"
check $f/empty.json 1 "^$f/empty.json:1: the file is empty"
check $f/utf16-bom.json 1 "^$f/utf16-bom.json:1: this is neither an XML feed"
check $f/lone-surrogate.json 1 "^$f/lone-surrogate.json:2: JSON syntax error near"
check $f/latin1.json 0 "^<4>vitrine: $f/latin1.json:2: title: 1 byte\(s\) of invalid UTF-8 replaced"
check $f/control-chars.json 0 "title: 0 byte\(s\) of invalid UTF-8 replaced by '.*' and 2 control"
check $f/nul-escape.json 0 "^$f/nul-escape.json: ok \(1 item\)"
check $f/utf8-bom.json 0 "^$f/utf8-bom.json: ok \(1 item\)"
# h-loaders' hostile feeds live in tests/fixtures/feeds and tests/it_check.sh.

# ---- generated: big strings, many items, big files, deep nesting ----
python3 - "$tmp" <<'PY'
import sys
t = sys.argv[1]
mb = "é" * 524288  # 1 MiB of UTF-8
open(t + "/1mb-string.xml", "w").write(
    '<feed version="1"><items>\n<notice id="a"><title>%s</title></notice>\n</items></feed>\n' % mb)
open(t + "/1mb-string.json", "w").write(
    '{"version": 1, "items": [\n{"kind": "notice", "id": "a", "title": "%s"}]}\n' % mb)
open(t + "/1mb-id.xml", "w").write(
    '<feed version="1"><items>\n<notice id="%s"><title>x</title></notice>\n</items></feed>\n'
    % ("a" * 1048576))
def items(n, name):
    with open(t + "/" + name, "w") as f:
        f.write('<feed version="1"><items>\n')
        for i in range(n):
            f.write('<ticker id="t%d"><title>Info %d</title></ticker>\n' % (i, i))
        f.write('</items></feed>\n')
items(100000, "100000-items.xml")
items(100001, "100001-items.xml")
with open(t + "/100000-items.json", "w") as f:
    f.write('{"version": 1, "items": [\n')
    f.write(",\n".join('{"kind": "ticker", "id": "t%d", "title": "Info"}' % i
                       for i in range(100000)))
    f.write("]}\n")
with open(t + "/17mb.xml", "w") as f:
    f.write('<feed version="1"><items>\n' + " " * (17 << 20) + "</items></feed>\n")
open(t + "/deep.json", "w").write('{"version": 1, "items": ' + "[" * 100000 + "\n")
open(t + "/deep.xml", "w").write('<feed version="1">' + "<a>" * 100000 + "\n")
PY
g=$tmp
LONG='more than the limit of 64 KiB; shorten it'
check $g/1mb-string.xml 1 "^$g/1mb-string.xml:2: title is 1048576 bytes long, $LONG"
check $g/1mb-string.json 1 "^$g/1mb-string.json:2: title is 1048576 bytes long, $LONG"
check $g/1mb-id.xml 1 "^$g/1mb-id.xml:2: id 'a{80}' is not valid"
check $g/100000-items.xml 0 "^$g/100000-items.xml: ok \(100000 items"
check $g/100000-items.json 0 "^$g/100000-items.json: ok \(100000 items"
check $g/100001-items.xml 1 "^$g/100001-items.xml:100002: the feed has more than 100000 items"
check $g/17mb.xml 1 "^$g/17mb.xml: .*the limit of 16 MiB"
check $g/deep.json 1 "^$g/deep.json:1: .*nested more than"
check $g/deep.xml 1 "^$g/deep.xml:1: the XML is nested too deeply"

# ---- pictures: one render of a feed that shows every hostile picture ----
img=$h/images
mkdir -p "$tmp/pics"
cp $img/* "$tmp/pics/"
{
    echo '<feed version="1"><items>'
    for p in $img/*; do
        b=${p##*/}
        echo "<poster id=\"$(echo "$b" | tr -c 'a-zA-Z0-9\n' '-')\"><title>$b</title>"
        echo "<image>$b</image></poster>"
    done
    echo '</items></feed>'
} >"$tmp/pics/feed.xml"
/usr/bin/time -f '%U %S' -o "$tmp/cpu" \
    $bin render --size 640x360 --out "$tmp/render" "$tmp/pics/feed.xml" >"$tmp/render.log" 2>&1
rc=$?
ms=$(cpu_ms "$tmp/cpu")
n=$(ls "$img" | wc -l)
if [ "$rc" -ne 0 ] || [ "$(ls "$tmp/render" | grep -c '^[0-9].*\.png$')" -ne "$n" ]; then
    echo "FAIL render of $n hostile pictures: exit $rc"; tail -5 "$tmp/render.log"
else
    echo "PASS render of $n hostile pictures: $n slides, exit 0 ($ms ms of CPU)"
fi

# pic NAME PATTERN: the render logged "image NAME: PATTERN; showing the
# text-only layout"; PATTERN "-" means the picture is shown (no line).
pic() {
    name=$1 pattern=$2
    line=$(grep -F "image $tmp/pics/$name: " "$tmp/render.log")
    if [ "$pattern" = - ]; then
        if [ -n "$line" ]; then echo "FAIL $img/$name: $line"; else echo "PASS $img/$name"; fi
    elif printf '%s\n' "$line" | grep -Eq -- ": $pattern.*; showing the text-only layout"; then
        echo "PASS $img/$name"
    else
        echo "FAIL $img/$name: want '$pattern', got '$line'"
    fi
}
SIDE='over the 16384-pixel limit per side'
NOTPIC='not a PNG, JPEG, WebP or GIF picture'
EMPTY='empty file \(0 bytes\): copy the picture again'
for e in png jpg webp gif; do
    pic zero.$e "$EMPTY"
    pic random.$e "$NOTPIC"
done
pic bomb-60000.png "picture is 60000x60000 pixels, $SIDE"
pic bomb-60000.jpg "picture is 60000x60000 pixels, $SIDE"
pic bomb-60000.webp "picture is 60000x60000 pixels, $SIDE"
pic bomb-65535.gif "picture is 65535x65535 pixels, $SIDE"
pic max-int.png "picture is 2147483647x2147483647 pixels, $SIDE"
pic huge-side.png "picture is 20000x100 pixels, $SIDE"
pic huge-pixels.png "picture is 16000x2700 pixels, over the 40-megapixel limit"
pic zero-width.png "damaged picture: its header gives a size of 0x10"
pic bad-crc.png "cannot decode this PNG"
pic bad-zlib.png "cannot decode this PNG"
pic short-idat.png "cannot decode this PNG"
pic garbage-body.png "cannot decode this PNG"
pic truncated-half.png "cannot decode this PNG"
pic truncated-header.png "truncated PNG: the file ends inside its header"
pic magic-only.png "$NOTPIC"
pic text-named.png "$NOTPIC"
pic magic-only.jpg "truncated JPEG: the file ends before the frame header"
pic truncated-header.jpg "truncated JPEG: the file ends before the frame header"
pic segment-overrun.jpg "truncated JPEG: the file ends before the frame header"
pic truncated-half.jpg "cannot decode this JPG"
pic garbage-body.jpg "damaged JPEG: no marker where one should be"
pic exif-loop.jpg "damaged JPEG: no marker where one should be"
pic no-sof.jpg "damaged JPEG: no frame header before the image data"
pic zero-size.jpg "unsupported JPEG: height given after the data \(DNL\)"
pic png-named.jpg -
pic magic-only.webp "$NOTPIC"
pic truncated-header.webp "truncated WebP: the file ends inside its header"
pic truncated-half.webp "cannot decode this WEBP"
pic garbage-body.webp "cannot decode this WEBP"
pic riff-lies.webp "cannot decode this WEBP"
pic chunk-overrun.webp "cannot decode this WEBP"
pic magic-only.gif "$NOTPIC"
pic truncated-header.gif "damaged GIF: the file ends or breaks before the first picture"
pic garbage-body.gif "damaged GIF: the file ends or breaks before the first picture"
pic truncated-half.gif -
pic lzw-garbage.gif -
pic zero-size.gif -

# ---- links: a feed whose pictures are symbolic links ----
l=$h/links
$bin render --size 640x360 --out "$tmp/lout" $l/feed.xml >"$tmp/links.log" 2>&1
rc=$?
link() {
    name=$1 pattern=$2
    if [ "$rc" -eq 0 ] && grep -Eq -- "$pattern" "$tmp/links.log"; then
        echo "PASS $l/$name"
    else
        echo "FAIL $l/$name: exit $rc, no line '$pattern' in:"; cat "$tmp/links.log"
    fi
}
link passwd.jpg "poster 'passwd' is left out: image 'passwd.jpg' is a symbolic link to /etc/passwd, outside"
link outside.png "poster 'outside' is left out: image 'outside.png' is a symbolic link to .*small.png, outside"
if grep "alias.png" "$tmp/links.log" | grep -qv "is only .* pixels"; then
    echo "FAIL $l/alias.png: a link inside the folder was refused"
else
    echo "PASS $l/alias.png (a link inside the folder is fine)"
fi
