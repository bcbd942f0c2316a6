#!/usr/bin/env python3
"""Raw-socket probes of the console that curl cannot make (tests/it_console.sh).

  console_probe.py bigbody PORT COOKIE CSRF   Content-Length far over the cap,
      little sent: the 413 must come back before the body is sent.
  console_probe.py chunked PORT COOKIE CSRF   a chunked body past the cap: the
      server must stop reading (close) before all of it is sent.
  console_probe.py slow PORT SECONDS          headers at one byte a second: the
      server must cut the client off within SECONDS + 3.
  console_probe.py exif SRC.jpg DST.jpg N      copies a JPEG with an EXIF
      orientation N, as a phone stores a photo taken sideways.
Prints one line saying what happened; exits 0 when the console refused.
"""
import socket
import sys
import time


def connect(port):
    s = socket.create_connection(("127.0.0.1", int(port)), timeout=10)
    return s


def head(port, cookie, csrf, extra):
    return ("POST /api/items HTTP/1.1\r\nHost: 127.0.0.1:%s\r\n"
            "Cookie: vitrine_session=%s\r\nX-CSRF-Token: %s\r\n"
            "Content-Type: application/json\r\n%s\r\n" % (port, cookie, csrf, extra)).encode()


def bigbody(port, cookie, csrf):
    s = connect(port)
    t0 = time.monotonic()
    s.sendall(head(port, cookie, csrf, "Content-Length: 500000000\r\n") + b"{" * 1000)
    data = s.recv(4096).decode("latin-1")
    dt = time.monotonic() - t0
    status = data.split(" ")[1] if data.startswith("HTTP/1.1") else "none"
    print("status %s after %.2f s, 1 KB of 500 MB sent" % (status, dt))
    return status == "413" and dt < 5


def chunked(port, cookie, csrf):
    s = connect(port)
    s.sendall(head(port, cookie, csrf, "Transfer-Encoding: chunked\r\n"))
    chunk = b"%x\r\n" % 4096 + b" " * 4096 + b"\r\n"
    sent = 0
    try:
        for _ in range(4096):  # 16 MiB in all
            s.sendall(chunk)
            sent += 4096
            time.sleep(0.0005)
    except (BrokenPipeError, ConnectionResetError):
        print("closed after %d KB of 16384 KB" % (sent // 1024))
        return True
    s.settimeout(3)
    try:
        data = s.recv(4096)
    except (ConnectionResetError, socket.timeout):
        data = b""
    print("all %d KB sent; then %r" % (sent // 1024, data[:40]))
    return data == b"" or b" 413 " in data[:20]


def slow(port, seconds):
    s = connect(port)
    req = b"GET /api/me HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + b"a" * 60 + b"\r\n\r\n"
    t0 = time.monotonic()
    sent = 0
    try:
        for b in req:
            s.sendall(bytes([b]))
            sent += 1
            time.sleep(1)
            if time.monotonic() - t0 > float(seconds) + 6:
                break
        s.settimeout(1)
        data = s.recv(100)
        closed = data == b""
    except (BrokenPipeError, ConnectionResetError):
        closed = True
    except socket.timeout:
        closed = False
    dt = time.monotonic() - t0
    print("cut off after %.1f s, %d of %d bytes sent" % (dt, sent, len(req)) if closed
          else "still open after %.1f s" % dt)
    return closed and dt < float(seconds) + 4 and sent < len(req)


def exif(src, dst, orient):
    import struct
    d = open(src, "rb").read()
    if d[:2] != b"\xff\xd8":
        return False
    tiff = (b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 1) +
            struct.pack(">HHIHH", 0x0112, 3, 1, int(orient), 0) + struct.pack(">I", 0))
    app1 = b"Exif\x00\x00" + tiff
    open(dst, "wb").write(d[:2] + b"\xff\xe1" + struct.pack(">H", len(app1) + 2) + app1 + d[2:])
    return True


if __name__ == "__main__":
    what = sys.argv[1]
    ok = {"bigbody": lambda: bigbody(*sys.argv[2:5]),
          "chunked": lambda: chunked(*sys.argv[2:5]),
          "slow": lambda: slow(*sys.argv[2:4]),
          "exif": lambda: exif(*sys.argv[2:5])}[what]()
    sys.exit(0 if ok else 1)
