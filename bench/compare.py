#!/usr/bin/python3
"""Runs seqgen's benchmarks and the PyTorch references on this machine, in
this run, and prints their ratios (issues 2, 3 and 4):

  bench/compare.py ptb          # §3.1 PTB character net training, batch 32 and 128
  bench/compare.py handwriting  # §4 3x400 MDN net training, batch 32, 700 points
  bench/compare.py sampling     # §5 synthesis generation: ms per line and per page
  bench/compare.py all
  bench/compare.py portable     # the portable build against a -march=native one

Run from the repository root after building (build/bench/bench_*). Every
figure depends on what else the machine is doing: run it on an idle machine.
Shared virtual machines still drift by 10-20% from minute to minute, so each
pair is run ROUNDS times (default 3), alternating seqgen and PyTorch, and each
side's best round is reported: SEQGEN_BENCH_ROUNDS=1 for a quick look.

PyTorch runs without OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE (a machine that
sets them, to pin OpenBLAS to older kernels, would slow the reference); the
kernel it ran is printed, and the training loss of a short run is checked to
be the same as with the environment as given. seqgen keeps the environment.

`portable` compares the default build (SEQGEN_BUILD, default build/) with one
configured with -DSEQGEN_NATIVE=ON (SEQGEN_NATIVE_BUILD, default build-native/),
alternating them: best round of each, the spread of the rounds, and the ratio.
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


NATIVE_BUILD = os.environ.get("SEQGEN_NATIVE_BUILD", os.path.join(ROOT, "build-native"))
PINNING = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")


def seqgen(name, *args, threads=None, build=BUILD):
    env = dict(os.environ)
    if threads:
        env["OMP_NUM_THREADS"] = str(threads)
    return run_json([os.path.join(build, "bench", name), *map(str, args)], env)


def torch(script, *args, pinned=False):
    env = dict(os.environ)
    if not pinned:
        for k in PINNING:
            env.pop(k, None)
    return run_json(["/usr/bin/python3", os.path.join(ROOT, "bench", script), *map(str, args)], env)


def torch_loss_check(script, key, *args):
    """The unpinned reference computes what the pinned one does: the loss after
    two training steps agrees (kernels differ only in rounding)."""
    if not any(k in os.environ for k in PINNING):
        return "no OpenBLAS pinning in the environment"
    a = torch(script, *args, "--steps", 2, "--warmup", 0)[key]
    b = torch(script, *args, "--steps", 2, "--warmup", 0, pinned=True)[key]
    if abs(a - b) > 1e-4 * max(1.0, abs(b)):
        sys.exit(f"{script}: loss {a} unpinned but {b} with {PINNING}: the kernels disagree")
    return f"loss after 2 steps {a:.6f} unpinned, {b:.6f} pinned"


ROUNDS = int(os.environ.get("SEQGEN_BENCH_ROUNDS", "3"))


def best_rounds(*runs):
    """Runs the given benchmarks in turn, ROUNDS times; returns every round's
    results per benchmark."""
    results = [[] for _ in runs]
    for _ in range(ROUNDS):
        for i, run in enumerate(runs):
            results[i].append(run())
    return results


def ptb():
    rows = []
    for batch in (32, 128):
        # Intra-op threading suits the big 1000-cell products (replicas = 1).
        ss, ts = best_rounds(lambda: seqgen("bench_train", "--hidden", 1000, "--input", 50, "--classes", 50,
                                            "--batch", batch, "--seq", 100, "--steps", 10, "--warmup", 2),
                             lambda: torch("torch_ptb_lstm.py", "--batch", batch, "--steps", 10, "--warmup", 2))
        s, t = max(ss, key=lambda r: r["tokens_per_s"]), max(ts, key=lambda r: r["tokens_per_s"])
        t["loss_check"] = torch_loss_check("torch_ptb_lstm.py", "loss_nats_per_char", "--batch", batch)
        rows.append((f"PTB char 1x1000, batch {batch}", s["tokens_per_s"], t["tokens_per_s"], "char/s", s, t))
    return rows


def handwriting():
    # One network copy per core, each on its share of the batch (train/replicas.hpp).
    ss, ts = best_rounds(lambda: seqgen("bench_train", "--hidden", "400,400,400", "--mixtures", 20, "--batch", 32,
                                        "--seq", 700, "--steps", 4, "--warmup", 1, "--replicas", 0),
                         lambda: torch("torch_handwriting.py", "--batch", 32, "--steps", 4, "--warmup", 1))
    s, t = max(ss, key=lambda r: r["tokens_per_s"]), max(ts, key=lambda r: r["points_per_s"])
    t["loss_check"] = torch_loss_check("torch_handwriting.py", "loss_nats_per_point", "--batch", 32)
    return [("handwriting 3x400, batch 32 x 700", s["tokens_per_s"], t["points_per_s"], "points/s", s, t)]


def sampling():
    s1s, s2s, ts = best_rounds(
        lambda: seqgen("bench_sample", "--steps", 700, "--alphabet", 60, "--text", 40, "--page", 10, threads=1),
        lambda: seqgen("bench_sample", "--steps", 700, "--alphabet", 60, "--text", 40, "--page", 10),
        lambda: torch("torch_synthesis_sample.py"))
    line_ms = lambda r: r.get("fast_ms_per_line", r["network_ms_per_line"])
    page_ms = lambda r: r.get("fast_ms_per_page", r["network_ms_per_page"])
    s1, s2 = min(s1s, key=line_ms), min(s2s, key=page_ms)
    t_line, t_page = min(r["ms_per_line"] for r in ts), min(r["ms_per_page"] for r in ts)
    t = dict(ts[0], ms_per_line=t_line, ms_per_page=t_page)
    return [("synthesis line (700 steps, 1 core)", 1000 / line_ms(s1), 1000 / t_line, "lines/s", s1, t),
            ("synthesis page (10 lines, 2 cores)", 1000 / page_ms(s2), 1000 / t_page, "pages/s", s2, t)]


def portable():
    """The same benchmarks from the portable and the native build, alternated."""
    for b in (BUILD, NATIVE_BUILD):
        if not os.path.exists(os.path.join(b, "bench", "bench_train")):
            sys.exit(f"no {b}/bench/bench_train: build it first (the native one with "
                     f"cmake -S . -B {NATIVE_BUILD} -G Ninja -DSEQGEN_NATIVE=ON && cmake --build {NATIVE_BUILD})")
    cases = [
        ("PTB char 1x1000, batch 32 (char/s)", "bench_train",
         ("--hidden", 1000, "--input", 50, "--classes", 50, "--batch", 32, "--seq", 100, "--steps", 6,
          "--warmup", 2), None, lambda r: r["tokens_per_s"]),
        ("handwriting 3x400, batch 32 x 700 (points/s)", "bench_train",
         ("--hidden", "400,400,400", "--mixtures", 20, "--batch", 32, "--seq", 700, "--steps", 3, "--warmup", 1,
          "--replicas", 0), None, lambda r: r["tokens_per_s"]),
        ("synthesis line, 1 core (lines/s)", "bench_sample",
         ("--steps", 700, "--alphabet", 60, "--text", 40, "--page", 10), 1,
         lambda r: 1000 / r["fast_ms_per_line"]),
        ("synthesis page, 2 cores (pages/s)", "bench_sample",
         ("--steps", 700, "--alphabet", 60, "--text", 40, "--page", 10), None,
         lambda r: 1000 / r["fast_ms_per_page"]),
    ]
    print(f"{'benchmark (best of ' + str(ROUNDS) + ', spread)':48} {'portable':>16} {'native':>16}  portable/native")
    for title, name, args, threads, rate in cases:
        p, n = best_rounds(lambda: rate(seqgen(name, *args, threads=threads)),
                           lambda: rate(seqgen(name, *args, threads=threads, build=NATIVE_BUILD)))
        spread = lambda v: f"{max(v):8.1f} ±{100 * (max(v) / min(v) - 1):3.0f}%"
        print(f"{title:48} {spread(p):>16} {spread(n):>16}  {max(p) / max(n):6.3f}", flush=True)


def main():
    what = sys.argv[1] if len(sys.argv) > 1 else "all"
    if what == "portable":
        return portable()
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
        print(f"    pytorch BLAS: {tj.get('blas_kernel', '?')}" +
              (f"; {tj['loss_check']}" if "loss_check" in tj else ""))


if __name__ == "__main__":
    main()
