#!/bin/sh
# install-pi.sh — turn a fresh Raspberry Pi OS Lite (bookworm) into a vitrine
# screen: packages, build, the `vitrine` system user, /etc/vitrine/vitrine.conf
# (kept if present), the systemd units (the player, and the staff console on
# port 8080), and both services enabled at boot.
# Running it twice changes nothing. `--uninstall` undoes it (the play logs in
# /var/lib/vitrine, proof of play for partners, are kept unless --purge).
#
#   sudo scripts/install-pi.sh             install or update
#   sudo scripts/install-pi.sh --uninstall remove (keeps logs and config)
#   sudo scripts/install-pi.sh --uninstall --purge   remove everything
#   scripts/install-pi.sh --dry-run        print what would be done
set -eu

PREFIX=${PREFIX:-/usr/local}
ETC=/etc/vitrine
STATE=/var/lib/vitrine
UNIT=/etc/systemd/system/vitrine.service
CONSOLE_UNIT=/etc/systemd/system/vitrine-console.service
CONSOLE_DATA=/var/lib/vitrine-console
SHARE=$PREFIX/share/vitrine
LIBEXEC=$PREFIX/lib/vitrine

mode=install
purge=0
dry=0
for arg in "$@"; do
    case "$arg" in
    --uninstall) mode=uninstall ;;
    --purge) purge=1 ;;
    --dry-run) dry=1 ;;
    -h | --help)
        sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "install-pi: unknown option $arg" >&2
        exit 2
        ;;
    esac
done

cd "$(dirname "$0")/.."

run() {
    echo "+ $*"
    [ "$dry" = 1 ] || "$@"
}

if [ "$dry" = 0 ] && [ "$(id -u)" != 0 ]; then
    echo "install-pi: run as root (sudo $0 $*)" >&2
    exit 1
fi

uninstall() {
    if [ -e "$CONSOLE_UNIT" ]; then
        run systemctl disable --now vitrine-console.service || true
        run rm -f "$CONSOLE_UNIT"
        run systemctl daemon-reload
    fi
    if [ -e "$UNIT" ]; then
        run systemctl disable --now vitrine.service || true
        run rm -f "$UNIT"
        run systemctl daemon-reload
    fi
    [ -e "$PREFIX/bin/vitrine" ] && run rm -f "$PREFIX/bin/vitrine"
    [ -d "$SHARE" ] && run rm -rf "$SHARE"
    [ -d "$LIBEXEC" ] && run rm -rf "$LIBEXEC"
    if id vitrine >/dev/null 2>&1; then
        run userdel vitrine
    fi
    if [ "$purge" = 1 ]; then
        run rm -rf "$ETC" "$STATE" /var/cache/vitrine "$CONSOLE_DATA"
    else
        echo "install-pi: kept $ETC (configuration), $STATE (play logs) and $CONSOLE_DATA"
        echo "            (console accounts and history); --purge removes them"
    fi
    echo "install-pi: vitrine removed"
}

install() {
    # 1. Packages (only the missing ones), then the program.
    changed=0
    before=$(sha256sum "$PREFIX/bin/vitrine" 2>/dev/null || true)
    run scripts/deps.sh
    run make -j"$(nproc)" vitrine
    run make install PREFIX="$PREFIX"
    [ "$before" = "$(sha256sum "$PREFIX/bin/vitrine" 2>/dev/null || true)" ] || changed=1
    run install -D -m 755 scripts/screen-power "$LIBEXEC/screen-power"

    # 2. The system user, in the groups that reach the display and inputs.
    groups=""
    for g in video render input; do
        getent group "$g" >/dev/null && groups="${groups:+$groups,}$g"
    done
    if ! id vitrine >/dev/null 2>&1; then
        run useradd --system --home-dir "$STATE" --no-create-home \
            --shell /usr/sbin/nologin --groups "$groups" vitrine
    elif [ -n "$groups" ]; then
        for g in $(echo "$groups" | tr , ' '); do
            id -nG vitrine | tr ' ' '\n' | grep -qx "$g" || run usermod -a -G "$g" vitrine
        done
    fi

    # 3. Configuration and content, only when none exists: staff edits survive.
    if [ ! -e "$ETC/vitrine.conf" ]; then
        run install -d -m 755 "$ETC"
        conf=docs/vitrine.conf.example
        [ -e "$conf" ] || conf=vitrine.conf.example
        run install -m 644 "$conf" "$ETC/vitrine.conf"
    fi
    run install -d -o vitrine -g vitrine -m 755 "$STATE"
    if [ ! -e "$STATE/content" ]; then
        run cp -R content "$STATE/content"
        run chown -R vitrine:vitrine "$STATE/content"
    fi

    # 4. The unit, replaced only when it changed, and enabled at boot.
    if ! cmp -s systemd/vitrine.service "$UNIT" 2>/dev/null; then
        run install -m 644 systemd/vitrine.service "$UNIT"
        run systemctl daemon-reload
        changed=1
    fi
    if ! systemctl is-enabled --quiet vitrine.service 2>/dev/null; then
        run systemctl enable vitrine.service
    fi
    if [ "$changed" = 1 ] || ! systemctl is-active --quiet vitrine.service; then
        run systemctl restart vitrine.service
    fi

    # 5. The staff console: its own unit, its own folder for accounts and
    #    history. It refuses to start until an account exists.
    run install -d -o vitrine -g vitrine -m 700 "$CONSOLE_DATA"
    cchanged=$changed
    if ! cmp -s systemd/vitrine-console.service "$CONSOLE_UNIT" 2>/dev/null; then
        run install -m 644 systemd/vitrine-console.service "$CONSOLE_UNIT"
        run systemctl daemon-reload
        cchanged=1
    fi
    if ! systemctl is-enabled --quiet vitrine-console.service 2>/dev/null; then
        run systemctl enable vitrine-console.service
    fi
    if [ "$cchanged" = 1 ] || ! systemctl is-active --quiet vitrine-console.service; then
        run systemctl restart vitrine-console.service
    fi
    if [ ! -s "$CONSOLE_DATA/accounts" ]; then
        echo "install-pi: the console needs a staff account; add one with"
        echo "    sudo -u vitrine $PREFIX/bin/vitrine console --data $CONSOLE_DATA --add-user NAME"
    fi
    echo "install-pi: done; 'journalctl -u vitrine -f' shows the player's log,"
    echo "            'vitrine status' what it shows; the console is on port 8080."
}

"$mode"
