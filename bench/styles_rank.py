#!/usr/bin/python3
"""Ranks a model's built-in styles by legibility, from bench/legibility.py --styles runs.

Each JSON holds the rows "seqgen, bias B, style K (seed S)" of one seed; a style's score is
its CER over all texts of every run (characters misread / characters), and a style whose
lines the line check flagged more than --max-suspect times in a run is left out; with
--class, the share of that class of character misread (capital, digit, qxzj, ...) instead.
Prints the styles best first and the `seqgen pack --keep-styles` list of the best --keep,
and, given two or more files, how alike the first two rank the styles (Spearman's rank
correlation of the styles' scores): near 0, a ranking by that score is a ranking by chance.

  seqgen pack --model models/synthesis.safetensors -o CAND/synthesis.safetensors --styles 40 --style-bias 0.5
  bench/legibility.py --models CAND --no-real --seeds 1 --styles 0-39 --json s1.json   (and --seeds 2 ...)
  bench/styles_rank.py s1.json s2.json [--keep 8] [--max-suspect 4]
  seqgen pack --model CAND/synthesis.safetensors --keep-styles LIST -o synthesis.safetensors
"""
import argparse
import collections
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from reader_pick import spearman  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("json", nargs="+", help="bench/legibility.py --styles --json files")
    ap.add_argument("--keep", type=int, default=8, help="styles to keep")
    ap.add_argument("--max-suspect", type=int, default=4, help="most lines flagged by the line check in a run")
    ap.add_argument("--class", dest="cls", help="rank by this class's misread share (capital, digit, qxzj, ...), not CER")
    a = ap.parse_args()
    errs, chars, suspect, runs = (collections.Counter() for _ in range(4))
    cer = collections.defaultdict(list)
    per_file = []  # {style: (misread, characters)} of each file
    for path in a.json:
        try:
            rows = json.load(open(path))["rows"]
        except (OSError, ValueError, KeyError) as e:
            sys.exit(f"{path}: not a bench/legibility.py JSON ({e})")
        per_file.append(collections.defaultdict(lambda: [0, 0]))
        for r in rows:
            m = re.search(r"style (\d+) \(seed (\d+)\)", r["writer"])
            if not m:
                continue
            k = int(m[1])
            runs[k] += 1
            worst = 0
            for name, res in r.items():
                if isinstance(res, dict) and "cer" in res:
                    if a.cls:
                        c = res["class"].get(a.cls)
                        if c is None:
                            sys.exit(f"{path}: no class {a.cls!r} (classes: {', '.join(res['class'])})")
                        bad, n = c["misread"], c["n"]
                    else:
                        bad, n = res["cer"] * res["chars"], res["chars"]
                    errs[k] += bad
                    chars[k] += n
                    per_file[-1][k][0] += bad
                    per_file[-1][k][1] += n
                    cer[k].append(f"{bad / n:.3f}" if n else "-")
                    worst += res.get("suspect", 0)
            suspect[k] = max(suspect[k], worst)
    if not runs:
        sys.exit("no rows 'seqgen, bias B, style K (seed S)' in the files (run bench/legibility.py with --styles)")
    if any(chars[k] == 0 for k in runs):
        sys.exit(f"no {a.cls} characters in the texts of some styles' runs")
    ranked = sorted(runs, key=lambda k: errs[k] / chars[k])
    score = a.cls or "CER"
    print(f"style  {score:6} runs  most suspect  {score} per run and text set")
    for k in ranked:
        flag = "  (left out: suspect)" if suspect[k] > a.max_suspect else ""
        print(f"{k:5}  {errs[k] / chars[k]:.3f}  {runs[k]:4}  {suspect[k]:12}  {' '.join(cer[k])}{flag}")
    keep = [k for k in ranked if suspect[k] <= a.max_suspect][:a.keep]
    print("--keep-styles " + ",".join(map(str, keep)))
    if len(per_file) >= 2:
        both = [k for k in per_file[0] if per_file[0][k][1] and per_file[1].get(k, [0, 0])[1]]
        rho = spearman([per_file[0][k][0] / per_file[0][k][1] for k in both],
                       [per_file[1][k][0] / per_file[1][k][1] for k in both])
        print(f"rank correlation of the styles' {score} between {a.json[0]} and {a.json[1]}: "
              + ("undefined" if rho is None else f"{rho:.2f}") + f" ({len(both)} styles)")


if __name__ == "__main__":
    main()
