#!/usr/bin/python3
"""How often IAM-OnDB's training transcriptions hold each class of character.

The synthesis model learns a character from the lines that contain it: this
counts, over the training forms (trainset, testset_f, testset_t, the paper's
split), the characters of each class of bench/legibility.py, the lines that
start with a capital, and each character of the rarer classes. Markdown to
stdout:

  /usr/bin/python3 bench/iam_chars.py ../shared/data/iam-ondb
"""
import collections
import os
import sys
import tarfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from legibility import CLASSES, HEADS, classes_of, csr_lines  # noqa: E402


def main():
    if len(sys.argv) != 2 or not os.path.isfile(os.path.join(sys.argv[1], "trainset.txt")):
        sys.exit("usage: bench/iam_chars.py IAM_DIR   (the folder of trainset.txt and ascii-all.tar.gz)")
    data = sys.argv[1]
    forms = [l.strip() for name in ("trainset.txt", "testset_f.txt", "testset_t.txt")
             for l in open(os.path.join(data, name)) if l.strip()]
    lines = []
    with tarfile.open(os.path.join(data, "ascii-all.tar.gz")) as t:
        for f in forms:
            m = t.extractfile(f"ascii/{f[:3]}/{f[:7]}/{f}.txt")
            lines += [l for l in csr_lines(m.read().decode("latin-1")) if l]
    chars = collections.Counter(c for l in lines for c in l)
    total = sum(chars.values())
    per_class = collections.Counter()
    line_has = collections.Counter()
    for l in lines:
        for k in {k for c in l for k in classes_of(c)}:
            line_has[k] += 1
        for c in l:
            for k in classes_of(c):
                per_class[k] += 1
    starts = collections.Counter(l[0] for l in lines)
    cap_start = sum(n for c, n in starts.items() if "A" <= c <= "Z")

    print(f"IAM-OnDB training transcriptions: {len(forms)} forms, {len(lines)} lines, {total} characters "
          "(tokenised as distributed: a space before most punctuation)\n")
    print("| class | characters | share | lines holding one |")
    print("|---|---|---|---|")
    for k in CLASSES:
        print(f"| {HEADS[k]} | {per_class[k]} | {per_class[k] / total:.2%} | {line_has[k]} ({line_has[k] / len(lines):.1%}) |")
    print(f"\nLines starting with a capital: {cap_start} ({cap_start / len(lines):.1%}); "
          f"per capital at a line start: " + ", ".join(f"{c} {starts[c]}" for c in sorted(starts) if "A" <= c <= "Z"))
    for k, title in [("capital", "Capitals"), ("digit", "Digits"), ("punct", "Punctuation"), ("qxzj", "q/x/z/j")]:
        cs = sorted((c for c in chars if k in classes_of(c)), key=lambda c: -chars[c])
        print(f"\n{title}: " + ", ".join(f"`{c}` {chars[c]}" for c in cs))
    print("\nLower-case, for comparison: " + ", ".join(f"`{c}` {chars[c]}" for c in "etaoinsrhldcumfpgwybvkxjqz"))


if __name__ == "__main__":
    main()
