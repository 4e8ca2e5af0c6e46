#!/usr/bin/python3
"""Ranks a model's built-in styles by legibility, from bench/legibility.py --styles runs.

Each JSON holds the rows "seqgen, bias B, style K (seed S)" of one seed; a style's score is
its CER over all texts of every run (characters misread / characters), and a style whose
lines the line check flagged more than --max-suspect times in a run is left out. Prints the
styles best first and the `seqgen pack --keep-styles` list of the best --keep.

  seqgen pack --model models/synthesis.safetensors -o CAND/synthesis.safetensors --styles 40 --style-bias 0.5
  bench/legibility.py --models CAND --no-real --seeds 1 --styles 0-39 --json s1.json   (and --seeds 2 ...)
  bench/styles_rank.py s1.json s2.json [--keep 8] [--max-suspect 4]
  seqgen pack --model CAND/synthesis.safetensors --keep-styles LIST -o synthesis.safetensors
"""
import argparse
import collections
import json
import re
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("json", nargs="+", help="bench/legibility.py --styles --json files")
    ap.add_argument("--keep", type=int, default=8, help="styles to keep")
    ap.add_argument("--max-suspect", type=int, default=4, help="most lines flagged by the line check in a run")
    a = ap.parse_args()
    errs, chars, suspect, runs = (collections.Counter() for _ in range(4))
    cer = collections.defaultdict(list)
    for path in a.json:
        try:
            rows = json.load(open(path))["rows"]
        except (OSError, ValueError, KeyError) as e:
            sys.exit(f"{path}: not a bench/legibility.py JSON ({e})")
        for r in rows:
            m = re.search(r"style (\d+) \(seed (\d+)\)", r["writer"])
            if not m:
                continue
            k = int(m[1])
            runs[k] += 1
            worst = 0
            for name, res in r.items():
                if isinstance(res, dict) and "cer" in res:
                    errs[k] += res["cer"] * res["chars"]
                    chars[k] += res["chars"]
                    cer[k].append(f"{res['cer']:.3f}")
                    worst += res.get("suspect", 0)
            suspect[k] = max(suspect[k], worst)
    if not runs:
        sys.exit("no rows 'seqgen, bias B, style K (seed S)' in the files (run bench/legibility.py with --styles)")
    ranked = sorted(runs, key=lambda k: errs[k] / chars[k])
    print("style  CER    runs  most suspect  CER per run and text set")
    for k in ranked:
        flag = "  (left out: suspect)" if suspect[k] > a.max_suspect else ""
        print(f"{k:5}  {errs[k] / chars[k]:.3f}  {runs[k]:4}  {suspect[k]:12}  {' '.join(cer[k])}{flag}")
    keep = [k for k in ranked if suspect[k] <= a.max_suspect][:a.keep]
    print("--keep-styles " + ",".join(map(str, keep)))


if __name__ == "__main__":
    main()
