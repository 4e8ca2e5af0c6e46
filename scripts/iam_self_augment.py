#!/usr/bin/env python3
"""A copy of IAM-OnDB with extra training lines that seqgen wrote itself and a reader read right.

The synthesis network draws its rare capitals badly (README, Legibility), and IAM-OnDB has no
more of them to give; but some of its own draws are legible. This writes lines of the training
text with a word under a rare capital put before them ("Zoe", "Quinn", "Xavier": the list of
scripts/iam_augment.py), has the model write them (`seqgen write`, each batch in a built-in
style and seed of its own), renders and reads each as bench/legibility.py does (tesseract,
--psm 7), and keeps the lines whose capital word the reader reads letter for letter, as new
training forms beside the database's own. Lines not kept are drawn again with other random
numbers, up to --rounds times. A fine-tune on the copy (scripts/synthesis_finetune.sh ...
self) then sees the network's own legible capitals next to the real lines. The forms of the
validation list are copied unchanged, so validation scores stay comparable.

    /usr/bin/python3 scripts/iam_self_augment.py IAM OUT --model M [--lines 2000] [--bias 1]
        [--rounds 4] [--seed 1] [--seqgen build/seqgen] [--jobs 2] [--no-read]

--no-read keeps every line drawn (no reader; what the filter adds is then measurable). OUT
gets ascii/ and lineStrokes/ as folders and the four form lists, trainset.txt with the new
forms (x00-000s, x00-001s, ...: 10 lines each) at its end. The data stays under IAM-OnDB's
licence; OUT is for local training.
"""
import argparse
import concurrent.futures
import contextlib
import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "bench"))
sys.path.insert(0, HERE)
from legibility import align, csr_lines, ocr, render_pgm, seqgen_write  # noqa: E402
from iam_augment import CAPITAL_WORDS, LISTS, stroke_elements, write as copy_database  # noqa: E402

LINES_PER_FORM = 10
MAX_CHARS = 60  # a line's text at most (IAM-OnDB's lines are ~40 characters)


def fail(msg):
    sys.exit(f"iam_self_augment: {msg}")


def training_texts(base):
    """The CSR lines of the training forms of a folder copy of the database."""
    out = []
    for form in (l.strip() for l in open(os.path.join(base, "trainset.txt"))):
        path = os.path.join(base, "ascii", form[:3], form[:7], form + ".txt")
        if form and os.path.isfile(path):
            out += [l for l in csr_lines(open(path, encoding="latin-1").read()) if l]
    return out


def line_text(rng, words, texts):
    """A capital word, then a training line cut at a word to at most MAX_CHARS characters."""
    word = rng.choice(words)
    t = word
    for w in rng.choice(texts).split():
        if len(t) + 1 + len(w) > MAX_CHARS:
            break
        t += " " + w
    return t, len(word)


def model_info(exe, model):
    """(alphabet, built-in styles) of a model file, from `seqgen info`."""
    r = subprocess.run([exe, "info", model], capture_output=True, text=True)
    try:
        info = json.loads(r.stdout.split("\ninfo: ", 1)[1].split("\n", 1)[0])
        return set(info["alphabet"]), int(info.get("styles", "0").split()[0])
    except (IndexError, ValueError, KeyError) as e:
        fail(f"{model}: not a synthesis model ({r.stderr.strip() or e})")


def capital_read(text, n, strokes):
    """Whether the reader reads the line's first n characters (its capital word) as written,
    rendered at two sizes: one reading can turn on a pixel's rounding."""
    for height in (120, 96):
        _, read = align(text, ocr(render_pgm(strokes, height=height)))
        if not all(read[i] == text[i] for i in range(n)):
            return False
    return True


def form_xml(strokes):
    """The strokes of one line (y down) as an IAM-OnDB line file, moved to positive coordinates."""
    pts = [p for s in strokes for p in s]
    dx, dy = 200 - min(p[0] for p in pts), 200 - min(p[1] for p in pts)
    root = ET.Element("WhiteboardCaptureSession")
    ET.SubElement(ET.SubElement(root, "WhiteboardDescription"), "SensorLocation", {"corner": "top_left"})
    ET.SubElement(root, "StrokeSet").extend(stroke_elements([[(x + dx, y + dy) for x, y in s] for s in strokes], 1.0))
    return ET.tostring(root, encoding="ISO-8859-1")


def forms_write(base, kept):
    """kept: [(text, strokes)] as new training forms of the folder copy `base`."""
    forms = []
    for k in range(0, len(kept), LINES_PER_FORM):
        form = f"x{k // LINES_PER_FORM // 1000:02}-{k // LINES_PER_FORM % 1000:03}s"
        d = os.path.join(form[:3], form[:7])
        os.makedirs(os.path.join(base, "ascii", d), exist_ok=True)
        os.makedirs(os.path.join(base, "lineStrokes", d), exist_ok=True)
        part = kept[k:k + LINES_PER_FORM]
        with open(os.path.join(base, "ascii", d, form + ".txt"), "w", encoding="latin-1") as f:
            f.write("CSR:\n\n" + "\n".join(t for t, _ in part) + "\n")
        for n, (_, strokes) in enumerate(part, 1):
            with open(os.path.join(base, "lineStrokes", d, f"{form}-{n:02}.xml"), "wb") as f:
                f.write(form_xml(strokes))
        forms.append(form)
    with open(os.path.join(base, "trainset.txt"), "a") as f:
        f.write("".join(form + "\n" for form in forms))
    return forms


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", help="IAM-OnDB folder (the archives and the form lists)")
    ap.add_argument("out", help="folder to write (must not exist)")
    ap.add_argument("--model", required=True, help="synthesis model with built-in styles")
    ap.add_argument("--lines", type=int, default=2000, help="lines to add")
    ap.add_argument("--bias", type=float, default=1.0)
    ap.add_argument("--rounds", type=int, default=4, help="draws of the lines still wanted")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--seqgen", default=os.path.join(HERE, "..", "build", "seqgen"))
    ap.add_argument("--jobs", type=int, default=2, help="tesseract processes at once")
    ap.add_argument("--no-read", action="store_true", help="keep every line drawn")
    a = ap.parse_args()
    if a.lines < 1 or a.rounds < 1 or a.jobs < 1 or not a.bias >= 0:
        fail("--lines, --rounds and --jobs must be at least 1, --bias at least 0")
    if os.path.exists(a.out):
        fail(f"{a.out}: exists; give a new folder")
    for f in ("ascii-all.tar.gz", "lineStrokes-all.tar.gz") + LISTS:
        if not os.path.isfile(os.path.join(a.data, f)):
            fail(f"{os.path.join(a.data, f)}: missing (not an IAM-OnDB folder)")
    for path, what in ((a.model, "--model"), (a.seqgen, "--seqgen")):
        if not os.path.isfile(path):
            fail(f"{path}: not found ({what})")
    if not a.no_read and shutil.which("tesseract") is None:
        fail("tesseract not found (bash scripts/deps.sh --bench), or --no-read")
    alphabet, styles = model_info(a.seqgen, a.model)
    if styles < 1:
        fail(f"{a.model}: no built-in styles to write in (seqgen pack --styles)")
    words = [w for w in CAPITAL_WORDS if set(w) <= alphabet]
    if not words:
        fail(f"{a.model}: its alphabet writes none of the capital words")
    rng = random.Random(a.seed)
    valid = {l.strip() for l in open(os.path.join(a.data, "testset_v.txt")) if l.strip()}
    part, copy = a.out + ".part", a.out + ".copy"  # the result being made; the database's copy before it
    for d in (part, copy):
        shutil.rmtree(d, ignore_errors=True)
    try:
        os.makedirs(copy)
        for f in LISTS:
            shutil.copy(os.path.join(a.data, f), copy)
        with contextlib.redirect_stdout(sys.stderr):  # its summary ("0 lines changed") is not ours
            copy_database(argparse.Namespace(data=a.data, out=part, digits=0.0, capitals=0.0), None, rng, valid, copy)
        kept, tried = lines_draw(a, rng, words, [t for t in training_texts(part) if set(t) <= alphabet], styles)
        forms = forms_write(part, kept)
        os.rename(part, a.out)
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError) as e:
        fail(f"{a.data}: unreadable ({e})")
    finally:
        for d in (part, copy):
            shutil.rmtree(d, ignore_errors=True)
    print(f"wrote {a.out}: {len(kept)} lines the model wrote ({len(forms)} forms) of {tried} drawn "
          f"({len(kept) / max(tried, 1):.0%} kept); the database's own lines unchanged")


def lines_draw(a, rng, words, texts, styles):
    """[(text, strokes)] of the lines kept, and how many were drawn."""
    if not texts:
        fail(f"{a.data}: no training lines the model can write")
    kept, tried = [], 0
    want = [line_text(rng, words, texts) for _ in range(a.lines)]
    with tempfile.TemporaryDirectory() as tmp, concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        for r in range(a.rounds):
            todo, want = want, []
            for b in range(0, len(todo), 100):  # a batch: one style and seed
                batch = todo[b:b + 100]
                drawn, _ = seqgen_write(a.seqgen, a.model, [t for t, _ in batch], a.bias, rng.randrange(1 << 30),
                                        rng.randrange(styles), tmp, ("--unknown", "error"))
                ok = [True] * len(batch) if a.no_read else list(pool.map(
                    lambda x: capital_read(x[0][0], x[0][1], x[1]), zip(batch, drawn)))
                for (t, n), s, good in zip(batch, drawn, ok):
                    if good:
                        kept.append((t, s))
                    else:
                        want.append((t, n))
                tried += len(batch)
                print(f"round {r + 1}: {tried} drawn, {len(kept)} kept", file=sys.stderr, flush=True)
            if not want:
                break
    return kept, tried


if __name__ == "__main__":
    main()
