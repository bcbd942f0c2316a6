#!/bin/sh
# Films without libmpv: libmpv is loaded only when a film first needs it
# (play/mpvlib.h), so a screen whose libmpv2 is missing (or broken) plays
# its pictures, skips its films with one line naming the library and the
# package, and says so in the status file and in `vitrine check`.
# VITRINE_TEST_LIBMPV points the loader at a file that is not libmpv. Also:
# neither a player whose feed has no film nor the console maps libmpv.
cd "$(dirname "$0")/.." || exit 2
T=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill -9 $pid 2>/dev/null; rm -rf "$T"' EXIT
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy
unset DISPLAY WAYLAND_DISPLAY VITRINE_TEST_LIBMPV
ok() { echo "PASS $1"; }
ko() { echo "FAIL $1: $2"; }

if ! command -v ffmpeg >/dev/null; then
    echo "SKIP video_off: ffmpeg is not installed (scripts/deps.sh)"
    exit 0
fi
if ./vitrine check "$T/none.mp4" 2>&1 | grep -q "has no video"; then
    echo "SKIP video_off: this build has no video (VIDEO=0)"
    exit 0
fi
mkdir -p "$T/c"
ffmpeg -v error -y -f lavfi -i "color=c=gray:s=160x90:r=10:d=1" -c:v libx264 -preset ultrafast \
    -pix_fmt yuv420p "$T/c/film.mp4" || echo "FAIL ffmpeg film.mp4"
cat >"$T/c/films.xml" <<'XML'
<feed version="1"><items>
<notice id="img1"><title>Bonjour</title><duration>1</duration></notice>
<poster id="f1"><video>film.mp4</video></poster>
<notice id="img2"><title>Deux</title><duration>1</duration></notice>
<poster id="f2"><video>film.mp4</video></poster>
</items></feed>
XML
cat >"$T/c/still.xml" <<'XML'
<feed version="1"><items>
<notice id="img1"><title>Bonjour</title><duration>1</duration></notice>
<notice id="img2"><title>Deux</title><duration>1</duration></notice>
</items></feed>
XML

run() { # name feed seconds
    ./vitrine play --set paths.state="$T/$1" --set paths.cache="$T/cache" --set content.drop= \
        --window 320x180 --stats "$T/$1.stats" --quit-after "$3" "$T/c/$2" 2>"$T/$1.err" &
    pid=$!
}
maps_mpv() { grep -c 'libmpv' "/proc/$pid/maps" 2>/dev/null; }

# 1. A missing libmpv, then one without mpv's functions (libc): pictures
# play, films are skipped, one line says why and what to install.
for case in "missing:$T/nowhere/libmpv.so.2:cannot be loaded" "broken:libc.so.6:lacks mpv_"; do
    name=${case%%:*}
    rest=${case#*:}
    lib=${rest%%:*}
    want=${rest#*:}
    VITRINE_TEST_LIBMPV=$lib run "$name" films.xml 5
    wait $pid
    rc=$?
    pid=
    shown=$(sed -n 's/^slide .* id=\([^ ]*\).*/\1/p' "$T/$name.stats" | sort -u | tr '\n' ' ')
    if [ $rc -eq 0 ] && [ "$shown" = "img1 img2 " ]; then
        ok "libmpv $name: the pictures play and the films are skipped"
    else
        ko "libmpv $name: the pictures play and the films are skipped" \
            "status $rc, slides shown: $shown; $(tail -3 "$T/$name.err")"
    fi
    n=$(grep -c 'video' "$T/$name.err")
    if [ "$n" -eq 1 ] && grep 'video' "$T/$name.err" | grep -q "films are off: .*$want.*install the package libmpv2"; then
        ok "libmpv $name: one log line names the library and the package"
    else
        ko "libmpv $name: one log line names the library and the package" "$n lines: $(cat "$T/$name.err")"
    fi
    if grep -q '"video_fault":[[:space:]]*"f[12]: films are off: .*libmpv2' "$T/$name/status.json" 2>/dev/null; then
        ok "libmpv $name: the status file says films are off"
    else
        ko "libmpv $name: the status file says films are off" "$(cat "$T/$name/status.json" 2>&1)"
    fi
done
out=$(VITRINE_TEST_LIBMPV="$T/nowhere/libmpv.so.2" ./vitrine check "$T/c/films.xml" 2>&1)
rc=$?
if [ $rc -eq 0 ] && echo "$out" | grep -q "film.mp4 not checked: films are off: .*libmpv2"; then
    ok "check says films are off and what to install"
else
    ko "check says films are off and what to install" "status $rc: $out"
fi

# 2. libmpv is mapped only once a film needs it.
run still still.xml 4
sleep 2.5
n=$(maps_mpv)
wait $pid
pid=
[ "$n" = 0 ] && ok "a player without films does not load libmpv" ||
    ko "a player without films does not load libmpv" "$n libmpv mappings"
run films films.xml 5
sleep 3.5
n=$(maps_mpv)
wait $pid
pid=
[ "${n:-0}" -gt 0 ] && ok "a player loads libmpv for its first film" ||
    ko "a player loads libmpv for its first film" "no libmpv mapping"
VITRINE_CONSOLE_TEST_CHEAP_HASH=1 ./vitrine console --data "$T/d" --add-user bench \
    <<'PW' >/dev/null 2>&1
motdepasse-essai
motdepasse-essai
PW
./vitrine console --content "$T/c" --data "$T/d" --state "$T/s" --listen 127.0.0.1:0 2>"$T/console.err" &
pid=$!
i=0
while ! grep -q "listening on" "$T/console.err" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
n=$(maps_mpv)
kill $pid
wait $pid 2>/dev/null
pid=
if grep -q "listening on" "$T/console.err" && [ "$n" = 0 ]; then
    ok "the console does not load libmpv"
else
    ko "the console does not load libmpv" "$n libmpv mappings; $(cat "$T/console.err")"
fi
