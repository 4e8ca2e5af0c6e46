#!/usr/bin/python3
"""Pools bench/legibility.py runs: the figures over all characters of all chosen rows.

CER and the share of each class misread, as bench/legibility.py reports them, over every line
of every row whose writer matches --writer in the given --json files, with capitals split into
a line's first letter and the later ones (the priming shapes the first: README, Legibility),
and the characters of each line's last word misread (how a line ends).

  bench/legibility_pool.py run1.json run2.json [--writer 'seed \\d+$']
"""
import argparse
import collections
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from legibility import CLASSES, HEADS, align, score  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("json", nargs="+", help="bench/legibility.py --json files")
    ap.add_argument("--writer", default=r"^seqgen, bias [0-9.]+, seed \d+$",
                    help="regular expression for the rows to pool (default: the seeded default-style rows)")
    a = ap.parse_args()
    pick = re.compile(a.writer)
    rows = []
    for path in a.json:
        try:
            rows += [r for r in json.load(open(path))["rows"] if pick.search(r["writer"])]
        except (OSError, ValueError, KeyError) as e:
            sys.exit(f"{path}: not a bench/legibility.py JSON ({e})")
    if not rows:
        sys.exit(f"no rows match --writer '{a.writer}'")
    sets = [s for s in rows[0] if isinstance(rows[0][s], dict) and "items" in rows[0][s]]
    cols = CLASSES + ["first", "later", "last"]
    print(f"{len(rows)} rows pooled")
    print("| text set | CER | " + " | ".join(HEADS[k] for k in CLASSES) + " | first letter a capital | later capitals | last word |")
    print("|---|---:|" + "---:|" * len(cols))
    for s in sets:
        pairs = [(it["text"], it["read"]) for r in rows for it in r[s]["items"]]
        if not pairs:  # a set the run left empty (--iam-lines 0)
            continue
        res = score(pairs)  # CER and classes as bench/legibility.py counts them
        n, bad = collections.Counter(), collections.Counter()
        for ref, hyp in pairs:  # capitals: a line's first letter, and the later ones; the last word
            last = ref.rstrip().rfind(" ") + 1
            for i, (c, x) in enumerate(zip(ref, align(ref, hyp)[1])):
                if c.isupper():
                    k = "first" if i == 0 else "later"
                    n[k] += 1
                    bad[k] += x != c
                if i >= last and c != " ":
                    n["last"] += 1
                    bad["last"] += x != c
        cls = {k: (v["misread"], v["n"]) for k, v in res["class"].items()}
        cls.update({k: (bad[k], n[k]) for k in ("first", "later", "last")})
        cells = " | ".join(f"{cls[k][0] / cls[k][1]:.2f} ({cls[k][1]})" if cls[k][1] else "–" for k in cols)
        print(f"| {s} | {res['cer']:.3f} | {cells} |")

if __name__ == "__main__":
    main()
