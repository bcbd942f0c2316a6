#!/usr/bin/env python3
"""A feed server with slow image hosts, for tests/it_robust.sh.

    python3 tests/tools/dripd.py        prints "PORT <n>" once it listens

GET /feed.xml     the current feed (no validators: every poll is a 200)
GET /drip/NAME    an image that comes at one byte a second, never complete
POST /feed        the request body becomes the feed
"""
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE = {"feed": b""}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_GET(self):
        if self.path == "/feed.xml":
            body = STATE["feed"]
            self.send_response(200)
            self.send_header("Content-Type", "application/xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        elif self.path.startswith("/drip/"):
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            try:
                for _ in range(600):
                    self.wfile.write(b"\x89")
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass
        else:
            self.send_error(404)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        STATE["feed"] = self.rfile.read(n)
        self.send_response(204)
        self.end_headers()


srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
srv.daemon_threads = True
print("PORT", srv.server_address[1], flush=True)
threading.Thread(target=srv.serve_forever, daemon=True).start()
try:
    sys.stdin.read() if not sys.stdin.isatty() else time.sleep(3600)
    time.sleep(3600)
except KeyboardInterrupt:
    pass
