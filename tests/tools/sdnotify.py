#!/usr/bin/env python3
"""A minimal systemd for tests: runs CMD with NOTIFY_SOCKET set (and
WATCHDOG_USEC when --watchdog-usec is given, as a unit's WatchdogSec= does),
waits for it to exit, and writes every message it sent, one per line with
the monotonic time it arrived, to --log. Exits with CMD's status.
Usage: sdnotify.py --log FILE [--watchdog-usec N] -- CMD ARGS..."""
import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time


def main():
    argv = sys.argv[1:]
    cut = argv.index("--")
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--watchdog-usec", type=int, default=0)
    opts = ap.parse_args(argv[:cut])
    cmd = argv[cut + 1:]
    tmp = tempfile.mkdtemp(prefix="vitrine-sdnotify-")
    path = os.path.join(tmp, "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    sock.settimeout(0.2)
    env = dict(os.environ, NOTIFY_SOCKET=path)
    env.pop("WATCHDOG_PID", None)
    if opts.watchdog_usec > 0:
        env["WATCHDOG_USEC"] = str(opts.watchdog_usec)
    proc = subprocess.Popen(cmd, env=env)
    with open(opts.log, "w") as log:
        while True:
            try:
                data = sock.recv(4096).decode(errors="replace")
                log.write("%.3f %s\n" % (time.monotonic(), data.replace("\n", " ")))
                log.flush()
            except socket.timeout:
                pass
            if proc.poll() is not None:
                break
    sock.close()
    os.unlink(path)
    os.rmdir(tmp)
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
