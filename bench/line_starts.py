#!/usr/bin/python3
"""Whether each built-in style writes a line's first word (not a test).

A style is a line the network read before the text (§5.5). Some styles leave the window
past the end of their own text, so that a line's first letter is passed over before the pen
reaches it: "I think" comes out as "think", "So it goes" as "o it goes". This writes the
lines of bench/line_starts.txt (each begins with a short word) with each style listed, at
each seed, with the window alone (`--reader none --retries 0`: what the hand does, not what
the word check keeps), reads them back with the model's own reader (`seqgen read --json`),
and counts per style the lines whose first word is read as written (a capital I may read as
l or |). A style is also told by where its window is when the line begins: seqgen write
--check warns of the words it swept over, counted here too.

  /usr/bin/python3 bench/line_starts.py --model models/synthesis.safetensors --styles 0-7 --seeds 1-3
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from legibility import ROOT, builtin_styles, default_bias, parse_seeds, seqgen_write  # noqa: E402


def first_word_right(text, read):
    want, got = text.split()[0].rstrip(",."), (read.split() or [""])[0].rstrip(",.")
    if want == "I":
        return got in ("I", "l", "|")
    return got == want


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"), help="build folder holding seqgen")
    ap.add_argument("--model", default=os.path.join(ROOT, "models", "synthesis.safetensors"))
    ap.add_argument("--styles", default="", help="styles: 0-7 or 0,3,5 (default: all of the model's)")
    ap.add_argument("--seeds", default="1-3", help="seeds: 1-3 or 1,4")
    ap.add_argument("--texts", default=os.path.join(ROOT, "bench", "line_starts.txt"))
    a = ap.parse_args()
    exe = os.path.join(a.build, "seqgen")
    texts = [t for t in open(a.texts).read().splitlines() if t.strip()]
    styles = parse_seeds(a.styles) if a.styles else list(range(builtin_styles(exe, a.model)))
    print("| style | first word read right | lines the check calls swept over |")
    print("|---:|---:|---:|")
    bias = default_bias(exe)
    with tempfile.TemporaryDirectory() as tmp:
        for style in styles:
            right = swept = n = 0
            for seed in parse_seeds(a.seeds):
                _, info = seqgen_write(exe, a.model, texts, bias, seed, style, tmp,
                                       ["--reader", "none", "--retries", "0"])
                swept += sum(any("swept over" in note for note in i["notes"]) for i in info)
                page = os.path.join(tmp, "lines.json")  # the page seqgen_write wrote
                r = subprocess.run([exe, "read", "--json", "--model", a.model, page], capture_output=True, text=True)
                if r.returncode != 0:
                    sys.exit(f"seqgen read: exit {r.returncode}\n{r.stderr}")
                reads = [json.loads(l) for l in r.stdout.splitlines()]
                right += sum(first_word_right(t, x["read"]) for t, x in zip(texts, reads))
                n += len(texts)
            print(f"| {style} | {right}/{n} ({right / n:.2f}) | {swept} |", flush=True)


if __name__ == "__main__":
    main()
