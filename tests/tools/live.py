#!/usr/bin/env python3
"""Helpers for tests/it_live.sh: read the player's status file and wait for
what it reports, with a deadline, instead of sleeping and hoping.

    live.py wait-showing STATUS ID SECONDS      exit 0 when ID is on screen
    live.py wait-not-showing STATUS ID SECONDS  exit 0 once another slide shows
    live.py wait-model STATUS ID SECONDS        exit 0 when ID is in the model
    live.py wait-error STATUS INDEX SECONDS     exit 0 when source INDEX has an error
    live.py wait-good STATUS INDEX SECONDS      exit 0 when source INDEX is good, no error
    live.py never-showing STATUS ID SECONDS     exit 0 if ID neither shows nor is loaded
    live.py slides STATUS                       print the number of slides shown
    live.py get STATUS KEY.PATH                 print a value (sources.1.age_s)
    live.py slow-copy SRC DST SECONDS           copy SRC to DST in chunks over SECONDS
Each wait prints the time it took, from the moment it was called."""
import json
import shutil
import sys
import time


def status(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def showing(s):
    return s.get("showing", {}).get("item")


def in_model(s, ident):
    return ident in s.get("feed", {}).get("ids", [])


def source(s, i):
    src = s.get("sources", [])
    return src[i] if i < len(src) else {}


def wait(pred, seconds):
    t0 = time.monotonic()
    while time.monotonic() - t0 < seconds:
        if pred():
            print("%.2f" % (time.monotonic() - t0))
            return 0
        time.sleep(0.05)
    print("timeout after %.1f s" % seconds)
    return 1


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    if cmd == "slow-copy":
        src, dst, secs = path, sys.argv[3], float(sys.argv[4])
        data = open(src, "rb").read()
        n = 20
        with open(dst, "wb") as out:
            for k in range(n):
                out.write(data[k * len(data) // n:(k + 1) * len(data) // n])
                out.flush()
                time.sleep(secs / n)
        return 0
    if cmd == "slides":
        print(status(path).get("showing", {}).get("slides", 0))
        return 0
    if cmd == "get":
        v = status(path)
        for k in sys.argv[3].split("."):
            v = v[int(k)] if isinstance(v, list) else v.get(k)
        print(v)
        return 0
    arg, secs = sys.argv[3], float(sys.argv[4])
    if cmd == "wait-showing":
        return wait(lambda: showing(status(path)) == arg, secs)
    if cmd == "wait-not-showing":
        return wait(lambda: showing(status(path)) not in (arg, None), secs)
    if cmd == "wait-model":
        return wait(lambda: in_model(status(path), arg), secs)
    if cmd == "wait-error":
        return wait(lambda: source(status(path), int(arg)).get("last_error"), secs)
    if cmd == "wait-good":
        return wait(lambda: source(status(path), int(arg)).get("last_good")
                    and not source(status(path), int(arg)).get("last_error"), secs)
    if cmd == "never-showing":
        t0 = time.monotonic()
        while time.monotonic() - t0 < secs:
            s = status(path)
            if showing(s) == arg or in_model(s, arg):
                print("%s appeared after %.2f s" % (arg, time.monotonic() - t0))
                return 1
            time.sleep(0.05)
        return 0
    print("unknown command", cmd)
    return 2


if __name__ == "__main__":
    sys.exit(main())
