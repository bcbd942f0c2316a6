#!/usr/bin/env python3
"""A fake systemd for the watchdog test: listens on a NOTIFY_SOCKET, starts
the player with WATCHDOG_USEC set, waits for READY=1 and regular WATCHDOG=1
pings, freezes the player with SIGSTOP and checks that the pings stop, thaws
it and checks that they resume, then stops it with SIGTERM.
Prints PASS/FAIL lines for tests/run.sh. Usage: watchdog.py -- CMD ARGS..."""
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

WATCHDOG_USEC = 1_000_000  # the player pings every 0.5 s


def main():
    cmd = sys.argv[sys.argv.index("--") + 1:]
    tmp = tempfile.mkdtemp(prefix="vitrine-notify-")
    path = os.path.join(tmp, "notify.sock")
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(path)
    env = dict(os.environ, NOTIFY_SOCKET=path, WATCHDOG_USEC=str(WATCHDOG_USEC))
    env.pop("WATCHDOG_PID", None)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                            stderr=open(os.path.join(tmp, "stderr"), "w"))
    ok = True

    def collect(seconds):
        msgs = []
        end = time.monotonic() + seconds
        while True:
            left = end - time.monotonic()
            if left <= 0:
                return msgs
            sock.settimeout(left)
            try:
                data = sock.recv(4096).decode(errors="replace")
            except socket.timeout:
                return msgs
            msgs.extend(data.split("\n"))

    def check(name, cond, detail=""):
        nonlocal ok
        print(("PASS " if cond else "FAIL ") + name + (f" ({detail})" if detail else ""))
        ok = ok and cond

    try:
        first = collect(8.0)
        check("ready", "READY=1" in first, f"{len(first)} messages")
        running = collect(2.0)
        pings = running.count("WATCHDOG=1")
        check("pings while running", pings >= 2, f"{pings} pings in 2 s")
        proc.send_signal(signal.SIGSTOP)
        collect(0.2)  # a ping already in flight
        frozen = collect(2.0)
        check("no ping while frozen", frozen.count("WATCHDOG=1") == 0,
              f"{frozen.count('WATCHDOG=1')} pings in 2 s")
        proc.send_signal(signal.SIGCONT)
        thawed = collect(2.0)
        check("pings resume", thawed.count("WATCHDOG=1") >= 2)
        t0 = time.monotonic()
        proc.send_signal(signal.SIGTERM)
        rc = proc.wait(timeout=5)
        took = time.monotonic() - t0
        check("clean exit on SIGTERM", rc == 0 and took < 1.0, f"rc {rc}, {took:.2f} s")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if not ok:
            with open(os.path.join(tmp, "stderr")) as f:
                sys.stdout.write(f.read()[-2000:])
        sock.close()
        os.unlink(path)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
