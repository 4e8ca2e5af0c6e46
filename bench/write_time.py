#!/usr/bin/python3
"""How long `seqgen write` takes, the whole command as a user runs it (model
load included), with the reader's word check (the default) and without it
(`--reader none`): README's first line and the legibility benchmark's two
sets of 16 texts (digits, capitals, punctuation: many words drawn again), at
seeds 1-3. With --baseline, another build's binary runs each case in turn
with this one (alternating, so both see the same machine) and its times are
printed beside; --reader gives exe's word check another recogniser (a
candidate, timed against the model's own with --baseline build/seqgen).
Each cell is the fastest of --repeat runs, in seconds, and the words the
reader had drawn again (`--check`). Stop other work first:
the figures are wall time on a shared machine.

  /usr/bin/python3 bench/write_time.py build/seqgen [--baseline OLD/seqgen] [--reader R] [--seeds 1,2,3] [--repeat 3]
"""
import argparse
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HELLO = "Hello, world. Handwriting from text."
SETS = [("README's first line", None), ("16 new texts", "bench/legibility_texts.txt"),
        ("16 texts, second set", "bench/legibility_texts_2.txt")]


def run(exe, text_file, seed, extra, out):
    """Seconds of one whole `seqgen write`, and the words drawn again."""
    cmd = [exe, "write", "-o", out, "--seed", str(seed), "--check", "-q"] + extra
    cmd += ["--file", os.path.join(ROOT, text_file), "--wrap", "0"] if text_file else [HELLO]
    env = dict(os.environ)
    env.setdefault("SEQGEN_MODELS_DIR", os.path.join(ROOT, "models"))  # a baseline build elsewhere
    t0 = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    dt = time.perf_counter() - t0
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {r.returncode}\n{r.stderr}")
    redrawn = sum(int(m) for m in re.findall(r"(\d+) words redrawn for the reader", r.stderr))
    return dt, redrawn


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("exe")
    ap.add_argument("--baseline", help="another build's seqgen, timed in turn with exe")
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--reader", help="recogniser for exe's word check (default: the model's own)")
    a = ap.parse_args()
    exes = [("this", os.path.abspath(a.exe))] + ([("baseline", os.path.abspath(a.baseline))] if a.baseline else [])
    checked = {"this": ["--reader", os.path.abspath(a.reader)] if a.reader else [], "baseline": []}
    out = "/tmp/seqgen-write-time-%d.json" % os.getpid()
    heads = [f"{n} {m}" for n, _ in exes for m in ("words checked", "--reader none")]
    print("| text | seed | " + " | ".join(heads) + " |")
    print("|---|---:|" + "---:|" * len(heads))
    try:
        for name, text_file in SETS:
            for seed in [int(s) for s in a.seeds.split(",")]:
                cells = {}
                for _ in range(a.repeat):
                    for label, exe in exes:
                        for mode, extra in (("words checked", checked[label]), ("--reader none", ["--reader", "none"])):
                            dt, redrawn = run(exe, text_file, seed, extra, out)
                            key = f"{label} {mode}"
                            best = cells.get(key)
                            cells[key] = (min(dt, best[0]) if best else dt, redrawn)
                row = [f"{cells[h][0]:.2f} s" + (f" ({cells[h][1]} redrawn)" if "checked" in h else "") for h in heads]
                print(f"| {name} | {seed} | " + " | ".join(row) + " |", flush=True)
    finally:
        if os.path.exists(out):
            os.remove(out)


if __name__ == "__main__":
    main()
