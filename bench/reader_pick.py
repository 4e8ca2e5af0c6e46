#!/usr/bin/python3
"""How well a recogniser picks, among draws of a line, the one tesseract reads best (not a test).

The word check of `seqgen write` keeps, of a word's draws, one its reader
reads well; it can only help as far as its reader agrees with a reader that
is not seqgen. Here each text of the legibility sets is drawn K times
(seeds 1..K, one built-in style, no check: `--reader none`), each draw is
rendered and read by tesseract as bench/legibility.py does, and by each
recogniser given (`seqgen read --json --model R`: CTC nats per character of
the line's text). For each recogniser the table gives the tesseract figures
of the draw it reads best for each text, beside one draw's (the mean over
draws) and tesseract's own picks: the draw it reads best (an upper bound
that flatters, for it picks on the very readings it is scored by) and the draw
it reads best when the same strokes are drawn smaller (80 px, 2 px pen; a
reading of its own, so the pick of a judge as good as tesseract whose errors
are not the score's). The last column is the mean over texts of Spearman's
rank correlation between a picker's score and tesseract's CER over the K
draws.

  /usr/bin/python3 bench/reader_pick.py --readers models/synthesis.safetensors,runs/r/best.safetensors --draws 7

Needs tesseract (`bash scripts/deps.sh --bench`).
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from legibility import CLASSES, HEADS, ROOT, ocr, render_pgm, score  # noqa: E402


def spearman(a, b):
    """Rank correlation of two equal-length lists (tied values share their mean rank), None if either is constant."""
    def ranks(v):
        return [sum(x < y for x in v) + (sum(x == y for x in v) - 1) / 2 for y in v]
    if len(set(a)) < 2 or len(set(b)) < 2:
        return None
    ra, rb = ranks(a), ranks(b)
    ma, mb = sum(ra) / len(ra), sum(rb) / len(rb)
    num = sum((x - ma) * (y - mb) for x, y in zip(ra, rb))
    return num / (sum((x - ma) ** 2 for x in ra) * sum((y - mb) ** 2 for y in rb)) ** 0.5


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.environ.get("SEQGEN_BUILD", os.path.join(ROOT, "build")),
                    help="build folder holding seqgen (env SEQGEN_BUILD; default build/)")
    ap.add_argument("--model", default=os.path.join(ROOT, "models", "synthesis.safetensors"), help="the writer")
    ap.add_argument("--readers", default=os.path.join(ROOT, "models", "synthesis.safetensors"),
                    help="recognisers (or synthesis models carrying one), comma-separated")
    ap.add_argument("--texts", default=",".join(os.path.join(ROOT, "bench", f)
                                                for f in ("legibility_texts.txt", "legibility_texts_2.txt")),
                    help="text files, comma-separated")
    ap.add_argument("--draws", type=int, default=7, help="draws of each text (seeds 1..K)")
    ap.add_argument("--style", default="0", help="built-in style of every draw")
    ap.add_argument("--jobs", type=int, default=2, help="tesseract processes at once")
    ap.add_argument("--json", help="write every draw's readings here")
    a = ap.parse_args()
    exe = os.path.join(a.build, "seqgen")
    readers = a.readers.split(",")
    for path in [exe, a.model] + readers + a.texts.split(","):
        if not os.path.exists(path):
            ap.error(f"{path}: not found")
    if a.draws < 2:
        ap.error("--draws: at least 2")
    texts = [l.strip() for f in a.texts.split(",") for l in open(f, encoding="utf-8") if l.strip()]

    tess = []                      # [draw][text] tesseract's reading
    small = []                     # [draw][text] tesseract's reading of the line drawn smaller
    nats = {r: [] for r in readers}  # [draw][text] a recogniser's nats per character
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "texts.txt")
        with open(src, "w", encoding="utf-8") as f:
            f.write("\n".join(texts) + "\n")
        for s in range(1, a.draws + 1):
            print(f"draw {s}/{a.draws}", file=sys.stderr, flush=True)
            page = os.path.join(tmp, f"draw{s}.json")
            subprocess.run([exe, "write", "--file", src, "-o", page, "--wrap", "0", "--model", a.model, "--seed", str(s),
                            "--style", a.style, "--reader", "none", "-q"], check=True)
            for r in readers:
                out = subprocess.run([exe, "read", "--json", page, "--model", r], capture_output=True, text=True,
                                     check=True).stdout
                nats[r].append([json.loads(l)["nats_per_char"] for l in out.splitlines()])
            lines = json.load(open(page))["lines"]
            strokes = [[[tuple(p) for p in st] for st in l["strokes"]] for l in lines]
            with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
                tess.append(list(ex.map(lambda st: ocr(render_pgm(st)), strokes)))
                small.append(list(ex.map(lambda st: ocr(render_pgm(st, height=80, pen=2)), strokes)))

    K, n = a.draws, len(texts)
    cer = [[score([(texts[i], tess[s][i])])["cer"] for i in range(n)] for s in range(K)]
    cer_small = [[score([(texts[i], small[s][i])])["cer"] for i in range(n)] for s in range(K)]

    def picked(pick):
        return score([(texts[i], tess[pick(i)][i]) for i in range(n)])

    rows = [("one draw (mean over draws)", None,
             [score([(texts[i], tess[s][i]) for i in range(n)]) for s in range(K)])]
    def picker(name, judge):  # judge[s][i]: lower is better
        rho = [spearman([judge[s][i] for s in range(K)], [cer[s][i] for s in range(K)]) for i in range(n)]
        rho = [x for x in rho if x is not None]
        rows.append((name, sum(rho) / len(rho) if rho else None,
                     [picked(lambda i: min(range(K), key=lambda s: judge[s][i]))]))

    for r in readers:
        picker(f"picked by {os.path.relpath(r, ROOT)}", nats[r])
    picker("picked by tesseract, the line drawn at 80 px", cer_small)
    rows.append(("picked by tesseract (on the readings scored)", None,
                 [picked(lambda i: min(range(K), key=lambda s: cer[s][i]))]))

    print(f"{n} texts, {K} draws each, style {a.style}\n")
    print("| draw | CER | " + " | ".join(HEADS[c] for c in CLASSES) + " | rank correlation |")
    print("|---|---:|" + "---:|" * len(CLASSES) + "---:|")
    out = []
    for name, rho, scores in rows:
        mean = lambda f: sum(f(s) for s in scores) / len(scores)
        cells = [f"{mean(lambda s: s['cer']):.3f}"] + [
            f"{mean(lambda s: s['class'][c]['rate'] or 0):.2f}" for c in CLASSES]
        print(f"| {name} | " + " | ".join(cells) + f" | {'' if rho is None else f'{rho:.2f}'} |")
        out.append({"draw": name, "rank_correlation": rho, "cer": mean(lambda s: s["cer"]),
                    "class": {c: mean(lambda s: s["class"][c]["rate"] or 0) for c in CLASSES}})
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"command": sys.argv, "texts": texts, "tesseract": tess, "tesseract_80px": small, "nats": nats,
                       "rows": out}, f, indent=1)


if __name__ == "__main__":
    main()
