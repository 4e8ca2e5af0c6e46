#!/usr/bin/python3
"""Pools bench/legibility.py runs: the figures over all characters of all chosen rows.

CER and the share of each class misread, as bench/legibility.py reports them, over every line
of every row whose writer matches --writer in the given --json files, with capitals split into
a line's first letter and the later ones (the priming shapes the first: README, Legibility),
and the characters of each line's last word misread (how a line ends).

`--words K`: by word, what a picker among draws could gain (README, Legibility): for words
with a digit, words starting with a capital, words with q/x/z/j and the others, the share of
draws read right (every character), and the share of groups of K draws of the same word (K
rows after one another, in the order given) with at least one read right.

`--chars HEXZ`: the share of each of those characters misread, over every set, and what each
was most often read as.

`--ends`: for lines whose text ends in punctuation ("dog.", "Sunday!\""), the share whose reading
ends in more marks than the text (a mark drawn twice, a stroke for a next word) and in fewer
(a mark lost, or not read), over every set; for the others ("June 1999"), the share whose
reading ends with the last word, and with the last word and something after it (a stroke
drawn past the text).

  bench/legibility_pool.py run1.json run2.json [--writer 'seed \\d+$'] [--words 7] [--chars HE] [--ends]
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
    ap.add_argument("--words", type=int, default=0, metavar="K",
                    help="also the words read right, alone and at best of K draws")
    ap.add_argument("--chars", default="", help="also the share of each of these characters misread (e.g. HEXZ)")
    ap.add_argument("--ends", action="store_true", help="also how lines ending in punctuation are read at their end")
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
    if a.words > 0:
        words_table(rows, sets, a.words)
    if a.chars:
        chars_table(rows, sets, a.chars)
    if a.ends:
        ends_table(rows, sets)


def word_class(w):
    if any(c.isdigit() for c in w):
        return "a digit"
    if w[0].isupper():
        return "a capital first"
    if any(c in "qxzjQXZJ" for c in w):
        return "q/x/z/j"
    return "other"


def words_table(rows, sets, k):
    """Each word of each line: read right in how many draws, and in at least one of each k."""
    right = collections.defaultdict(list)  # (set, text, start) -> right in each row
    for r in rows:
        for s in sets:
            for it in r[s]["items"]:
                ref = it["text"]
                read = align(ref, it["read"])[1]
                for m in re.finditer(r"\S+", ref):
                    right[(s, ref, m.start(), m.group())].append(all(read[i] == ref[i] for i in range(m.start(), m.end())))
    tally = collections.defaultdict(lambda: [0, 0, 0, 0])  # draws, right, groups, a group with one right
    for (_, _, _, w), v in right.items():
        t = tally[word_class(w)]
        t[0] += len(v)
        t[1] += sum(v)
        for g in range(0, len(v) - k + 1, k):
            t[2] += 1
            t[3] += any(v[g:g + k])
    print(f"\n| words with | draws | read right | at best of {k} |")
    print("|---|---:|---:|---:|")
    for c in ("a digit", "a capital first", "q/x/z/j", "other"):
        t = tally[c]
        if t[0]:
            print(f"| {c} | {t[0]} | {t[1] / t[0]:.2f} | " + (f"{t[3] / t[2]:.2f} |" if t[2] else "– |"))

def reading_name(x):
    """A character's reading as a table cell: `x` (a | escaped), or nothing (lost), or a space."""
    return "nothing" if x == "" else "a space" if not x.strip() else "`" + x.replace("|", "\\|") + "`"


def chars_table(rows, sets, chars):
    """Each listed character, over every set: how often it is written, the share misread and
    what it was most often read as (nothing: lost)."""
    n, read_as = collections.Counter(), collections.defaultdict(collections.Counter)
    for r in rows:
        for s in sets:
            for it in r[s]["items"]:
                for c, x in zip(it["text"], align(it["text"], it["read"])[1]):
                    if c in chars:
                        n[c] += 1
                        if x != c:
                            read_as[c][x] += 1
    print("\n| character | written | misread | most often read as |")
    print("|---|---:|---:|---|")
    for c in chars:
        bad = sum(read_as[c].values())
        top = ", ".join(f"{reading_name(x)} {k}" for x, k in read_as[c].most_common(3))
        print(f"| {c} | {n[c]} | " + (f"{bad / n[c]:.2f} | {top} |" if n[c] else "– | |"))


def trailing_marks(s):
    """The characters after a line's last letter or digit, spaces left out."""
    s = s.rstrip()
    i = len(s)
    while i > 0 and not s[i - 1].isalnum():
        i -= 1
    return s[i:].replace(" ", "")


def ends_table(rows, sets):
    """Lines ending in punctuation: readings that end in more, and in fewer, marks than the text."""
    n = more = fewer = 0
    for r in rows:
        for s in sets:
            for it in r[s]["items"]:
                want = len(trailing_marks(it["text"]))
                if want == 0:
                    continue
                got = len(trailing_marks(it["read"]))
                n += 1
                more += got > want
                fewer += got < want
    print("\n| lines ending in punctuation | read with more marks at the end | with fewer |")
    print("|---:|---:|---:|")
    print(f"| {n} | " + (f"{more / n:.3f} ({more}) | {fewer / n:.3f} ({fewer}) |" if n else "– | – |"))
    n = right = after = 0
    for r in rows:
        for s in sets:
            for it in r[s]["items"]:
                text, read = it["text"].rstrip(), it["read"].rstrip()
                if not text or trailing_marks(text):
                    continue
                last = text.split()[-1]
                n += 1
                right += read.endswith(last)
                after += not read.endswith(last) and last in read
    print("\n| lines ending in a letter or digit | read ending with the last word | with the last word and more after it |")
    print("|---:|---:|---:|")
    print(f"| {n} | " + (f"{right / n:.3f} ({right}) | {after / n:.3f} ({after}) |" if n else "– | – |"))


if __name__ == "__main__":
    main()
