#!/usr/bin/python3
"""Runs seqgen's benchmarks and the PyTorch references on this machine, in
this run, and prints their ratios (issues 2, 3 and 4):

  bench/compare.py ptb          # §3.1 PTB character net training, batch 32 and 128
  bench/compare.py handwriting  # §4 3x400 MDN net training, batch 32, 700 points
  bench/compare.py sampling     # §5 synthesis generation: ms per line and per page
  bench/compare.py all

Run from the repository root after building (build/bench/bench_*). Every
figure depends on what else the machine is doing: run it on an idle machine.
"""
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("SEQGEN_BUILD", os.path.join(ROOT, "build"))


def run_json(cmd, env=None):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def seqgen(name, *args, threads=None):
    env = dict(os.environ)
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)
    return run_json([os.path.join(BUILD, "bench", name), *map(str, args)], env)


def torch(script, *args):
    return run_json(["/usr/bin/python3", os.path.join(ROOT, "bench", script), *map(str, args)])


def ptb():
    rows = []
    for batch in (32, 128):
        # Intra-op threading suits the big 1000-cell products (replicas = 1).
        s = seqgen("bench_train", "--hidden", 1000, "--input", 50, "--classes", 50, "--batch", batch,
                   "--seq", 100, "--steps", 10, "--warmup", 2)
        t = torch("torch_ptb_lstm.py", "--batch", batch, "--steps", 10, "--warmup", 2)
        rows.append((f"PTB char 1x1000, batch {batch}", s["tokens_per_s"], t["tokens_per_s"], "char/s", s, t))
    return rows


def handwriting():
    # One network copy per core, each on its share of the batch (train/replicas.hpp).
    s = seqgen("bench_train", "--hidden", "400,400,400", "--mixtures", 20, "--batch", 32, "--seq", 700,
               "--steps", 4, "--warmup", 1, "--replicas", 0)
    t = torch("torch_handwriting.py", "--batch", 32, "--steps", 4, "--warmup", 1)
    return [("handwriting 3x400, batch 32 x 700", s["tokens_per_s"], t["points_per_s"], "points/s", s, t)]


def sampling():
    s1 = seqgen("bench_sample", "--steps", 700, "--alphabet", 60, "--text", 40, "--page", 10, threads=1)
    s2 = seqgen("bench_sample", "--steps", 700, "--alphabet", 60, "--text", 40, "--page", 10)
    t = torch("torch_synthesis_sample.py")
    line = s1.get("fast_ms_per_line", s1["network_ms_per_line"])
    page = s2.get("fast_ms_per_page", s2["network_ms_per_page"])
    return [("synthesis line (700 steps, 1 core)", 1000 / line, 1000 / t["ms_per_line"], "lines/s", s1, t),
            ("synthesis page (10 lines, 2 cores)", 1000 / page, 1000 / t["ms_per_page"], "pages/s", s2, t)]


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    jobs = {"ptb": ptb, "handwriting": handwriting, "sampling": sampling}
    rows = []
    for name, job in jobs.items():
        if what in (name, "all"):
            rows += job()
    print(f"{'benchmark':40} {'seqgen':>12} {'pytorch':>12}  unit        ratio")
    for title, s, t, unit, sj, tj in rows:
        print(f"{title:40} {s:12.1f} {t:12.1f}  {unit:10} {s / t:6.2f}x")
        extra = []
        if "gflops" in sj:
            extra.append(f"seqgen {sj['gflops']:.0f} GFLOP/s")
        if "sgemm_gflops_same_shapes" in sj:
            extra.append(f"sgemm at the same shapes {sj['sgemm_gflops_same_shapes']:.0f} GFLOP/s "
                         f"({100 * sj['gflops'] / sj['sgemm_gflops_same_shapes']:.0f}%)")
        if "gflops" in tj:
            extra.append(f"pytorch {tj['gflops']:.0f} GFLOP/s")
        if "fast_ms_per_line" in sj:
            extra.append(f"seqgen {sj['fast_ms_per_line']:.0f} ms/line, {sj['fast_ms_per_page']:.0f} ms/page")
        if "ms_per_line" in tj:
            extra.append(f"pytorch {tj['ms_per_line']:.0f} ms/line, {tj['ms_per_page']:.0f} ms/page")
        print("    " + "; ".join(extra))


if __name__ == "__main__":
    main()
