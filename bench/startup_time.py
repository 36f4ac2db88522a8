#!/usr/bin/env python3
"""Start-up benchmarks (issue 6), run by bench/startup_time.sh inside Xvfb and a private keyring session.

  startup_time.py <build-dir> <inventory-100k.sqlite> <inventory-1m.sqlite> <runs>

1. Cold start to the first painted main window with 100,000 inventory rows, against a bare Qt Widgets
   window (bench/bare_window), both measured the same way: CLOCK_MONOTONIC read here just before the
   process is started, and again by the process once its window has painted (--benchmark-first-paint).
   Runs alternate between the two; the first of each is a warm-up and not counted. "Cold" is the process:
   the OS file cache is warm for both.
2. Peak RSS of keydesk with 1,000,000 rows, once every row is counted and the table scrolled to the end
   (--benchmark-all-rows), against the bare window's.
"""
import os
import shutil
import statistics
import subprocess
import sys
import time


def run(command, env):
    start = time.monotonic_ns()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    values = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    if "first-paint-monotonic-ns" not in values:
        sys.exit(f"{command[0]} did not report a first paint (exit {done.returncode}):\n{done.stderr}")
    return (int(values["first-paint-monotonic-ns"]) - start) / 1e6, int(values["peak-rss-kb"])


def app_env(inventory):
    """A fresh data folder holding a copy of `inventory` (the app's own files, service DB included)."""
    env = dict(os.environ, DISPLAY=os.environ["KEYDESK_BENCH_DISPLAY"], QT_QPA_PLATFORM="xcb")
    data = os.path.join(os.environ["XDG_DATA_HOME"], "KeyDesk", "KeyDesk")
    shutil.rmtree(data, ignore_errors=True)
    os.makedirs(data)
    shutil.copyfile(inventory, os.path.join(data, "inventory.sqlite"))
    return env


def main():
    build, small, large, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    keydesk = [os.path.join(build, "src", "keydesk")]
    bare = [os.path.join(build, "bench", "bare_window")]

    env = app_env(small)
    times = {"bare": [], "keydesk": []}
    rss = {}
    for i in range(runs + 1):
        for name, binary in (("bare", bare), ("keydesk", keydesk)):
            ms, kb = run(binary + ["--benchmark-first-paint"], env)
            if i > 0:
                times[name].append(ms)
                rss[name + " first paint"] = kb
    bare_ms, app_ms = statistics.median(times["bare"]), statistics.median(times["keydesk"])
    print(f"cold start to first paint, median of {runs} (100,000 rows):")
    print(f"  bare Qt Widgets window  {bare_ms:7.1f} ms  (min {min(times['bare']):.1f}, max {max(times['bare']):.1f})")
    print(f"  keydesk                 {app_ms:7.1f} ms  (min {min(times['keydesk']):.1f}, max {max(times['keydesk']):.1f})")
    print(f"  ratio                   {app_ms / bare_ms:7.2f}x   (goal <= 1.3x)")

    env = app_env(large)
    run(keydesk + ["--benchmark-first-paint"], env)  # first start on this copy: creates the service DB
    ms, first_kb = run(keydesk + ["--benchmark-first-paint"], env)
    _, all_kb = run(keydesk + ["--benchmark-all-rows"], env)
    print(f"1,000,000 rows: first paint after {ms:.1f} ms ({ms / bare_ms:.2f}x the bare window)")
    print(f"peak RSS: bare window {rss['bare first paint'] / 1024:.1f} MB; keydesk with 100,000 rows at first "
          f"paint {rss['keydesk first paint'] / 1024:.1f} MB; with 1,000,000 rows at first paint "
          f"{first_kb / 1024:.1f} MB, all counted and scrolled to the end {all_kb / 1024:.1f} MB (goal <= 150 MB)")


if __name__ == "__main__":
    main()
