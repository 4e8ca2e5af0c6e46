#!/usr/bin/python3
"""Where an H's crossbar begins: IAM-OnDB's writers against seqgen's styles (not a test).

The reader misreads many of seqgen's capital H as "tl" or "lt": the crossbar, drawn after
the pen lifts, starts well left of the first bar. This measures it on lines that begin with
H and a lower-case letter: of a line's first four strokes, the first two nearly vertical
ones are the bars and the first nearly horizontal one after the first stroke is the
crossbar; its left end is given relative to the left bar and its right end relative to the
right bar, in units of the gap between the bars (0: on the bar; -1: a whole gap to the left).
IAM-OnDB's line-initial H's (every form) come first, then seqgen's: `--count` lines of
"Hello there." drawn with each style listed (`--reader none`, so that what the hand does is
measured, not what the word check keeps); a style may be a real writer's line, iam:<line id>.

  /usr/bin/python3 bench/h_crossbar.py --data IAM --styles 0-7,none
"""
import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from legibility import ROOT, csr_lines  # noqa: E402


def crossbar(strokes):
    """(left end, right end) of the crossbar in bar gaps, or None if the strokes are not an H's as above."""
    bars, cross = [], None
    for k, s in enumerate([s for s in strokes if len(s) > 1][:4]):
        xs, ys = [p[0] for p in s], [p[1] for p in s]
        w, h = max(xs) - min(xs), max(ys) - min(ys)
        if w > 1.5 * h and cross is None and k > 0:
            cross = (min(xs), max(xs))
        elif h > 1.5 * w:
            bars.append(sum(xs) / len(xs))
    if cross is None or len(bars) < 2 or bars[1] <= bars[0]:
        return None
    gap = bars[1] - bars[0]
    return (cross[0] - bars[0]) / gap, (cross[1] - bars[1]) / gap


def iam_h_lines(data):
    """First strokes of every IAM-OnDB line whose text begins with H and a lower-case letter."""
    want = set()
    with tarfile.open(os.path.join(data, "ascii-all.tar.gz")) as t:
        for m in t:
            if m.isfile() and m.name.endswith(".txt"):
                form = os.path.basename(m.name)[:-4]
                for n, line in enumerate(csr_lines(t.extractfile(m).read().decode("latin-1")), 1):
                    if re.match(r"H[a-z]", line):
                        want.add(f"{form}-{n:02}")
    out = []
    with tarfile.open(os.path.join(data, "lineStrokes-all.tar.gz"), "r|gz") as t:
        for m in t:
            if m.isfile() and os.path.basename(m.name)[:-4] in want:
                root = ET.fromstring(t.extractfile(m).read())
                out.append([[(float(p.get("x")), float(p.get("y"))) for p in s.iter("Point")]
                            for s in list(root.iter("Stroke"))[:4]])
    return out


def styles_of(spec):
    out = []
    for part in spec.split(","):
        if re.fullmatch(r"\d+-\d+", part):
            lo, hi = map(int, part.split("-"))
            out += [str(i) for i in range(lo, hi + 1)]
        else:
            out.append(part)
    return out


def report(name, lines):
    ends = [e for e in map(crossbar, lines) if e is not None]
    if not ends:
        print(f"| {name} | 0 | | | |")
        return
    left = [e[0] for e in ends]
    print(f"| {name} | {len(ends)} | {statistics.median(left):+.2f} | {sum(x < -0.3 for x in left) / len(left):.2f} "
          f"| {statistics.median(e[1] for e in ends):+.2f} |", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", help="IAM-OnDB folder (its line-initial H's are measured first)")
    ap.add_argument("--build", default=os.environ.get("SEQGEN_BUILD", os.path.join(ROOT, "build")))
    ap.add_argument("--model", default=os.path.join(ROOT, "models", "synthesis.safetensors"))
    ap.add_argument("--styles", default="0-7,none",
                    help="built-in styles (ranges allowed), none, or iam:<line id> (a real writer's line; needs --data)")
    ap.add_argument("--count", type=int, default=40, help="lines drawn per style")
    ap.add_argument("--seed", default="1")
    a = ap.parse_args()
    print("| writer | H's measured | crossbar's left end (median) | share left of the bar by 0.3+ | right end (median) |")
    print("|---|---:|---:|---:|---:|")
    if a.data:
        report("IAM-OnDB, line-initial H", iam_h_lines(a.data))
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "h.txt")
        with open(src, "w") as f:
            f.write("Hello there.\n" * a.count)
        for style in styles_of(a.styles):
            page = os.path.join(tmp, "page.json")
            data = ["--data", a.data] if style.startswith("iam:") else []
            subprocess.run([os.path.join(a.build, "seqgen"), "write", "--file", src, "--wrap", "0", "--model", a.model,
                            "--style", style, "--seed", a.seed, "--reader", "none", "-q", "-o", page] + data,
                           check=True, stderr=subprocess.DEVNULL)
            report(f"seqgen, style {style}", [l["strokes"] for l in json.load(open(page))["lines"]])


if __name__ == "__main__":
    main()
