#!/usr/bin/env python3
"""A weather service for vitrine's tests (standard library only).

    python3 tests/tools/wxhttpd.py [PORT]     (0 or none: any free port)

Prints "PORT <n>" once it listens on 127.0.0.1. Serves the recorded answers
of tests/fixtures/weather/ with their times moved to now, so that the player
finds them fresh whatever the day:

GET /open-meteo, /meteo-france   the answer, shaped by the mode
GET /control?mode=M              good, 500, garbage, slow (one byte a second),
                                 old (describes 4 hours ago), huge (2 MiB)
GET /stats                       JSON: requests per path
"""
import datetime
import json
import os
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "fixtures", "weather")
lock = threading.Lock()
state = {"mode": "good"}
stats = {}


def open_meteo(age_s):
    with open(os.path.join(FIX, "open-meteo.json"), encoding="utf-8") as f:
        doc = json.load(f)
    t = time.time() - age_s
    off = doc["utc_offset_seconds"]
    doc["current"]["time"] = time.strftime("%Y-%m-%dT%H:%M", time.gmtime(t + off))
    d0 = datetime.datetime.utcfromtimestamp(t + off).date()
    doc["daily"]["time"] = [(d0 + datetime.timedelta(days=k)).isoformat()
                            for k in range(len(doc["daily"]["time"]))]
    return doc


def meteo_france(age_s):
    with open(os.path.join(FIX, "meteo-france.json"), encoding="utf-8") as f:
        doc = json.load(f)
    now = int(time.time() - age_s)
    hour = now - now % 3600
    shift = hour - doc["forecast"][1]["dt"]
    for h in doc["forecast"]:
        h["dt"] += shift
    # each day as the local midnight that starts it (one hour before UTC's)
    midnight = now - now % 86400 - 3600
    for k, d in enumerate(doc["daily_forecast"]):
        d["dt"] = midnight + 86400 * k
    doc["updated_on"] += shift
    return doc


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("wxhttpd: " + (fmt % args) + "\n")

    def send(self, code, body, ctype="application/json"):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        with lock:
            stats[url.path] = stats.get(url.path, 0) + 1
            mode = state["mode"]
        if url.path == "/control":
            q = urllib.parse.parse_qs(url.query)
            with lock:
                state["mode"] = q.get("mode", ["good"])[0]
            return self.send(200, b"ok\n", "text/plain")
        if url.path == "/stats":
            with lock:
                return self.send(200, json.dumps(stats).encode())
        if url.path not in ("/open-meteo", "/meteo-france"):
            return self.send(404, b"{}")
        if mode == "500":
            return self.send(500, b"<html>Internal Server Error</html>", "text/html")
        if mode == "garbage":
            return self.send(200, b"\x00\xff<html>not weather</html>")
        if mode == "huge":
            return self.send(200, b"[" + b"1," * (1 << 20) + b"1]")
        age = 4 * 3600 if mode == "old" else 0
        doc = open_meteo(age) if url.path == "/open-meteo" else meteo_france(age)
        body = json.dumps(doc).encode()
        if mode == "slow":
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for b in body:
                    self.wfile.write(bytes([b]))
                    self.wfile.flush()
                    time.sleep(1)
            except OSError:
                pass
            return
        return self.send(200, body)


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    srv = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    srv.daemon_threads = True
    print("PORT %d" % srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
