#!/usr/bin/env python3
"""A small HTTP server for vitrine's tests (standard library only).

    python3 tests/tools/httpd.py [PORT]     (0 or none: any free port)

Prints "PORT <n>" on its first line once it listens on 127.0.0.1.

GET /feed.xml        the current feed, with ETag and Last-Modified; answers
                     304 (no body) to a matching If-None-Match or
                     If-Modified-Since. Its behaviour follows the mode.
GET /404 /500        those statuses
GET /slow            waits 30 s before answering (timeouts)
GET /truncated       announces 10000 bytes, sends 100, closes
GET /big             20 MiB of feed-looking bytes (size cap)
GET /invalid         200 with XML that is not well-formed
GET /redirect-ftp    302 to an ftp:// URL (refused protocols)
GET /image.png       a small PNG
GET /control?mode=M  sets the mode of /feed.xml: good, 404, 500, slow,
                     truncated, big, invalid
POST /feed           the request body becomes the new feed (new ETag)
GET /stats           JSON: requests, ok, not_modified, errors, body_bytes
"""
import email.utils
import hashlib
import json
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FEED = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed version="1">
  <settings><office>Office de Tourisme de Cambo-les-Bains</office></settings>
  <items>
    <notice id="avis-reseau"><title>Feed from the network</title></notice>
  </items>
</feed>
"""

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d4944415478da63f8cfc0f01f0005000201a3a1f1e40000000049454e44ae426082")

lock = threading.Lock()
state = {"feed": FEED, "mtime": time.time(), "mode": "good"}
stats = {"requests": 0, "ok": 0, "not_modified": 0, "errors": 0, "body_bytes": 0}


def etag_of(body):
    return '"%s"' % hashlib.sha1(body).hexdigest()[:16]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("httpd: " + (fmt % args) + "\n")

    def send(self, code, body=b"", headers=None, length=None):
        self.send_response(code)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if code != 304:
            self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        if code != 304 and body:
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client gave up (size cap)
        with lock:
            stats["body_bytes"] += len(body) if code != 304 else 0
            if code == 200:
                stats["ok"] += 1
            elif code == 304:
                stats["not_modified"] += 1
            else:
                stats["errors"] += 1

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        with lock:
            stats["requests"] += 1
            mode = state["mode"]
        path = url.path
        if path == "/control":
            q = urllib.parse.parse_qs(url.query)
            with lock:
                state["mode"] = q.get("mode", ["good"])[0]
            return self.send(200, b"ok\n")
        if path == "/stats":
            with lock:
                return self.send(200, json.dumps(stats).encode(),
                                 {"Content-Type": "application/json"})
        if path == "/feed.xml" and mode != "good":
            path = "/" + mode
        if path == "/feed.xml":
            with lock:
                body, mtime = state["feed"], state["mtime"]
            tag = etag_of(body)
            lm = email.utils.formatdate(mtime, usegmt=True)
            inm = self.headers.get("If-None-Match")
            ims = self.headers.get("If-Modified-Since")
            fresh = False
            if inm is not None:
                fresh = inm == tag
            elif ims is not None:
                try:
                    fresh = email.utils.parsedate_to_datetime(ims).timestamp() >= int(mtime)
                except (TypeError, ValueError):
                    fresh = False
            hdrs = {"ETag": tag, "Last-Modified": lm, "Content-Type": "application/xml"}
            return self.send(304 if fresh else 200, body, hdrs)
        if path == "/404":
            return self.send(404, b"not found\n")
        if path == "/500":
            return self.send(500, b"server error\n")
        if path == "/slow":
            time.sleep(30)
            return self.send(200, FEED)
        if path == "/truncated":
            self.send(200, FEED[:100], length=10000)
            self.close_connection = True
            return None
        if path == "/big":
            item = b'<notice id="n%d"><title>x</title></notice>\n'
            body = b'<feed version="1"><items>' + b"".join(
                item % i for i in range(20 * 1024 * 1024 // len(item))) + b"</items></feed>"
            return self.send(200, body)
        if path == "/invalid":
            return self.send(200, b'<feed version="1"><items><notice id="x">', {})
        if path == "/redirect-ftp":
            return self.send(302, b"", {"Location": "ftp://127.0.0.1/feed.xml"})
        if path == "/image.png":
            return self.send(200, PNG, {"Content-Type": "image/png"})
        return self.send(404, b"not found\n")

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        if self.path == "/feed":
            with lock:
                state["feed"] = body
                state["mtime"] = max(time.time(), state["mtime"] + 1)
            return self.send(200, b"ok\n")
        return self.send(404, b"not found\n")


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    srv.daemon_threads = True
    print("PORT %d" % srv.server_address[1], flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
