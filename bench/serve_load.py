#!/usr/bin/python3
"""Load on `seqgen serve`, over loopback only: N concurrent clients, each
asking for one 40-character line at bias 0.75 again and again for a fixed
time (and at most --max-requests each), for N = 1, 8, 64. Reports lines per
second, p50/p99 latency of the answered requests, requests turned away (503),
and the GFLOP/s the rate implies (a 40-character line is ~840 steps of
7.5 MFLOP each, ~6.3 GFLOP). With batching the server also counts the steps
it took (priming included, ~400 more per line): "step GF/s" is those x 7.5
MFLOP per second, and "batch" the mean lines per batched step. "srv cpu" and
"cli cpu" are the cores the server and these clients kept busy (they share
the machine). Each row runs with cross-request batching on and off (--modes),
on a fresh server, and the machine's load average is printed with it (the
machine may be shared).

  bench/serve_load.py build/seqgen [--seconds 30] [--clients 1,8,64] [--modes on,off] [-- SERVE_FLAGS...]
"""
import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import threading
import time

LINE = "handwriting from a network forty letters"  # 40 characters
GFLOP_PER_LINE = 6.3
MFLOP_PER_STEP = 7.5


def cpu_seconds(pid):
    """CPU time (user + system) a process has used so far, all its threads."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def health(port):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/healthz")
    j = json.loads(conn.getresponse().read())
    conn.close()
    return j.get("batch", {})


def client(port, stop_at, max_requests, lat, codes, errors, seed0):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    for i in range(max_requests):
        if time.monotonic() >= stop_at:
            break
        body = json.dumps({"lines": [LINE], "bias": 0.75, "seed": seed0 + i})
        t0 = time.monotonic()
        try:
            conn.request("POST", "/api/write", body, {"Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
            code = r.status
        except (OSError, http.client.HTTPException) as e:
            errors.append(type(e).__name__)
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            code = 0
        dt = time.monotonic() - t0
        codes.append(code)
        if code == 200:
            lat.append(dt)
        elif code == 503:
            time.sleep(1)  # Retry-After
    conn.close()


def percentile(xs, p):
    if not xs:
        return float("nan")
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("seqgen")
    ap.add_argument("--seconds", type=float, default=30)
    ap.add_argument("--clients", default="1,8,64")
    ap.add_argument("--max-requests", type=int, default=1000, help="per client")
    ap.add_argument("--modes", default="on,off", help="--batching of each row's server")
    # Everything after "--" goes to seqgen serve (argparse would take its options for ours).
    argv = sys.argv[1:]
    cut = argv.index("--") if "--" in argv else len(argv)
    a = ap.parse_args(argv[:cut])
    a.serve_flags = argv[cut + 1:]
    print(f"{LINE!r}, bias 0.75, {a.seconds:g} s per row; serve flags: {' '.join(a.serve_flags) or '(defaults)'}")
    print(f"{'batching':>8} {'clients':>7} {'lines':>6} {'lines/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'503s':>5} {'other':>5} "
          f"{'GFLOP/s':>8} {'step GF/s':>9} {'batch':>6} {'srv cpu':>7} {'cli cpu':>7} {'load':>5}")
    for mode in a.modes.split(","):
        for n in [int(c) for c in a.clients.split(",")]:
            srv = subprocess.Popen([a.seqgen, "serve", "--host", "127.0.0.1", "--port", "0", "--quiet",
                                    "--batching", mode, *a.serve_flags], stdout=subprocess.PIPE, text=True)
            try:
                port = int(re.search(r":(\d+)/", srv.stdout.readline()).group(1))
                h0 = health(port)
                lat, codes, errors = [], [], []
                t0, c0, s0 = time.monotonic(), time.process_time(), cpu_seconds(srv.pid)
                ts = [threading.Thread(target=client, args=(port, t0 + a.seconds, a.max_requests, lat, codes, errors, 1000 * k))
                      for k in range(n)]
                for t in ts: t.start()
                for t in ts: t.join()
                el = time.monotonic() - t0
                client_cpu, server_cpu = (time.process_time() - c0) / el, (cpu_seconds(srv.pid) - s0) / el
                h1 = health(port)
            finally:
                srv.terminate()
                srv.wait(timeout=120)
            rate = len(lat) / el
            steps = h1.get("steps", 0) - h0.get("steps", 0)
            line_steps = h1.get("line_steps", 0) - h0.get("line_steps", 0)
            step_gf = f"{line_steps * MFLOP_PER_STEP / 1e3 / el:9.1f}" if steps else f"{'-':>9}"
            batch = f"{line_steps / steps:6.1f}" if steps else f"{'-':>6}"
            print(f"{mode:>8} {n:>7} {len(lat):>6} {rate:>8.2f} {percentile(lat, 50) * 1e3:>8.0f} {percentile(lat, 99) * 1e3:>8.0f} "
                  f"{codes.count(503):>5} {sum(c not in (200, 503) for c in codes):>5} {rate * GFLOP_PER_LINE:>8.1f} "
                  f"{step_gf} {batch} {server_cpu:7.2f} {client_cpu:7.2f} {os.getloadavg()[0]:5.1f}", flush=True)
            if errors:
                print(f"        failed connections: {', '.join(sorted(set(errors)))}")

if __name__ == "__main__":
    main()
