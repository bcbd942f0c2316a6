#!/bin/sh
# Install the Debian 12 / Raspberry Pi OS bookworm packages that vitrine needs to
# build, run and test. Idempotent: only missing packages are installed, and each
# one is named before it is. Uses sudo when not run as root.
set -eu

PACKAGES="
build-essential pkg-config
libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libpng-dev libjpeg-dev
libxml2-dev libxml2-utils libcjson-dev libcurl4-openssl-dev libqrencode-dev
libfontconfig-dev libinih-dev libsystemd-dev
fonts-dejavu-core fonts-lato tzdata
libcmocka-dev python3 xvfb xauth imagemagick zbar-tools libfaketime time
libmicrohttpd-dev libargon2-dev libmpv-dev libmosquitto-dev libsqlite3-dev
mosquitto mosquitto-clients ffmpeg curl chromium chromium-driver python3-selenium
"
# The arm64 cross-build and its tests under qemu (make cross-arm64, test-arm64).
ARM64_PACKAGES="
libsdl2-dev libsdl2-ttf-dev libsdl2-image-dev libpng-dev libjpeg-dev libxml2-dev libcjson-dev
libcurl4-openssl-dev libqrencode-dev libfontconfig-dev libinih-dev libsystemd-dev
libcmocka-dev libmicrohttpd-dev libargon2-dev libmosquitto-dev libsqlite3-dev
"
# libmpv-dev:arm64 cannot be installed beside the amd64 one on Debian 12 (its
# libjack-dev:arm64 dependency is not co-installable): the cross-build compiles
# the video code with the amd64 headers (the same for every architecture) and
# the binary loads libmpv.so.2 when a film plays (docs/install.md).
if [ "${VITRINE_DEPS_ARM64:-0}" = 1 ]; then
    PACKAGES="gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user"
    for p in $ARM64_PACKAGES; do
        PACKAGES="$PACKAGES $p:arm64"
    done
fi
# Extra packages for development machines (clang for warnings and fuzzing;
# libFuzzer's runtime is in libclang-rt-14-dev on Debian 12).
if [ "${VITRINE_DEPS_DEV:-0}" = 1 ]; then
    PACKAGES="$PACKAGES clang libclang-rt-14-dev"
fi

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done

if [ -z "$missing" ]; then
    echo "deps: all packages present"
    exit 0
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=sudo
    else
        echo "deps: need root (or sudo) to install:$missing" >&2
        exit 1
    fi
fi

echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
case "$missing" in
*:arm64*)
    if ! dpkg --print-foreign-architectures | grep -qx arm64; then
        echo "deps: adding the arm64 architecture (multiarch)"
        $SUDO dpkg --add-architecture arm64
    fi
    ;;
esac
$SUDO apt-get update -q
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $missing
