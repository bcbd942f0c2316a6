#!/bin/sh
# Regenerates the hostile pictures in images/ from the good ones in
# tests/fixtures/images (Python 3 only). Run from the repository root.
# Big inputs (1 MB strings, 100,000 items) are made at test time by
# tests/it_hostile.sh instead of being committed.
set -eu
cd tests/hostile/images
python3 - <<'PY'
import struct, zlib
src = "../../fixtures/images/"
good = {e: open(src + "small." + e, "rb").read() for e in ("png", "jpg", "webp", "gif")}

def w(name, data):
    open(name, "wb").write(data)

def png_chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)

def png(wd, ht, idat=b"", crc_ok=True):
    ihdr = png_chunk(b"IHDR", struct.pack(">IIBBBBB", wd, ht, 8, 6, 0, 0, 0))
    if not crc_ok:
        ihdr = ihdr[:-4] + b"\0\0\0\0"
    return b"\x89PNG\r\n\x1a\n" + ihdr + png_chunk(b"IDAT", idat) + png_chunk(b"IEND", b"")

for e, d in good.items():
    w("zero." + e, b"")
    w("magic-only." + e, d[:4])
    w("truncated-header." + e, d[:20])
    w("truncated-half." + e, d[: len(d) // 2])
    w("garbage-body." + e, d[:40] + bytes((i * 37) & 0xff for i in range(400)))
    w("random." + e, bytes((i * 97 + 13) & 0xff for i in range(512)))

# decompression bombs and absurd sizes, each a few hundred bytes
w("bomb-60000.png", png(60000, 60000, zlib.compress(b"\0" * 60001 * 4, 9)))
w("huge-side.png", png(20000, 100, zlib.compress(b"\0" * 100, 9)))
w("huge-pixels.png", png(16000, 2700, zlib.compress(b"\0" * 100, 9)))
w("zero-width.png", png(0, 10))
w("max-int.png", png(0x7fffffff, 0x7fffffff))
w("bad-crc.png", png(10, 10, zlib.compress(b"\0" * 410), crc_ok=False))
w("bad-zlib.png", png(10, 10, b"\x78\x9c not deflate data at all"))
w("short-idat.png", png(1000, 1000, zlib.compress(b"\0" * 100)))

# JPEG: SOF0 claiming 60000x60000
j = good["jpg"]
i = j.find(b"\xff\xc0")
if i < 0:
    i = j.find(b"\xff\xc2")
sof = bytearray(j)
sof[i + 5:i + 9] = struct.pack(">HH", 60000, 60000)
w("bomb-60000.jpg", bytes(sof))
sof[i + 5:i + 9] = struct.pack(">HH", 0, 0)
w("zero-size.jpg", bytes(sof))
w("no-sof.jpg", b"\xff\xd8" + b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
  + b"\xff\xd9")
w("segment-overrun.jpg", b"\xff\xd8\xff\xe1\xff\xff" + b"Exif\0\0" + b"\0" * 40)
w("exif-loop.jpg", j[:2] + b"\xff\xe1\x00\x26Exif\0\0II*\0\x08\0\0\0\x01\0\x12\x01\x03\0"
  + b"\x01\0\0\0\x06\0\0\0\x08\0\0\0" + j[2:])

# WebP: VP8X canvas 16384+ and a RIFF size lying about the length
wp = good["webp"]
vp8x = b"RIFF" + struct.pack("<I", 4 + 18) + b"WEBP" + b"VP8X" + struct.pack("<I", 10) \
    + b"\0\0\0\0" + (59999).to_bytes(3, "little") + (59999).to_bytes(3, "little")
w("bomb-60000.webp", vp8x)
w("riff-lies.webp", b"RIFF" + struct.pack("<I", 0xfffffff0) + wp[8:])
w("chunk-overrun.webp", wp[:12] + b"VP8 " + struct.pack("<I", 0x7ffffff0) + wp[20:60])

# GIF: logical screen 65535x65535, and an image descriptor past the screen
g = good["gif"]
w("bomb-65535.gif", g[:6] + struct.pack("<HH", 65535, 65535) + g[10:])
w("zero-size.gif", g[:6] + struct.pack("<HH", 0, 0) + g[10:])
w("lzw-garbage.gif", g[:-20] + b"\xff" * 19 + b";")

# a PNG named .jpg, and text named .png
w("png-named.jpg", good["png"])
w("text-named.png", b"<html>not a picture</html>\n")
PY
