#!/usr/bin/python3
"""Legibility of seqgen's handwriting as a reader sees it (not a test).

Lines that `seqgen write` draws for a fixed set of texts, and the real
IAM-OnDB lines of the same texts, are rendered the same way (ink 120 px high,
3 px pen, white margin) and read back by tesseract (`--psm 7`, one text line).
The score is the character error rate, CER = Levenshtein(reference, reading) /
length(reference), overall and per class of reference character (lower-case,
capitals, digits, punctuation, spaces, q/x/z/j): reference and reading are
aligned by the edit distance's backtrace and a reference character counts as
misread when it is substituted or deleted.

Texts: the first 40 lines of IAM-OnDB's testset_v (form list order, each
form's CSR lines in order), with the transcription's tokenisation undone
("Mr . Nkrumah" -> "Mr. Nkrumah": writers wrote no space there), and
bench/legibility_texts.txt (capitals at line start, digits, punctuation,
q/x/z/j). Run with Debian's interpreter:

  /usr/bin/python3 bench/legibility.py --data IAM --seeds 1-5 --bias 0.75,2 --styles --json out.json

`--fonts futural,scripts` adds Hershey fonts as writers (a printed and a cursive
hand, drawn without a flaw; hershey-fonts-data): what the reader makes of a clean hand
of each kind. A markdown table goes to stdout, progress to stderr. Needs tesseract-ocr and
tesseract-ocr-eng (`bash scripts/deps.sh --bench`).
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
import time
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CLASSES = ["lower", "capital", "digit", "punct", "space", "qxzj"]
HEADS = {"lower": "lower", "capital": "capitals", "digit": "digits", "punct": "punct.", "space": "spaces",
         "qxzj": "q/x/z/j"}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def classes_of(c):
    """The classes of a reference character (q/x/z/j overlap the letter classes)."""
    if c == " ":
        return ["space"]
    k = ["lower"] if "a" <= c <= "z" else ["capital"] if "A" <= c <= "Z" else ["digit"] if c.isdigit() else ["punct"]
    return k + (["qxzj"] if c in "qxzjQXZJ" else [])


# ---- texts -------------------------------------------------------------------

def detokenize(s):
    """IAM-OnDB's CSR lines are tokenised ("presence . After", "it 's", "800 ,000"); the writers were not."""
    s = re.sub(r" ([.,;:?!)])", r"\1", s)
    s = re.sub(r"\( ", "(", s)
    s = re.sub(r" ' ?(s|t|re|ve|ll|d|m)\b", r"'\1", s)
    s = re.sub(r" n't\b", "n't", s)
    return s


def csr_lines(body):
    """A form's CSR: section, one text line per stroke file (as src/data/iam_transcripts.cpp reads it)."""
    raw = body.split("\n")
    i = next((k for k, l in enumerate(raw) if l.strip() == "CSR:"), None)
    if i is None:
        return []
    out = []
    for l in raw[i + 1:]:
        out += [" ".join(part.split()) for part in re.split(r"%%%+", l)]
    while out and not out[0]:
        out.pop(0)
    while out and not out[-1]:
        out.pop()
    return out


def iam_lines(data, count):
    """[(line id, text, strokes)] for the first `count` lines of testset_v; strokes: [[(x, y), ...], ...]."""
    forms = [l.strip() for l in open(os.path.join(data, "testset_v.txt")) if l.strip()]
    texts = {}
    with tarfile.open(os.path.join(data, "ascii-all.tar.gz")) as t:
        for f in forms:
            m = t.extractfile(f"ascii/{f[:3]}/{f[:7]}/{f}.txt")
            for n, line in enumerate(csr_lines(m.read().decode("latin-1")), 1):
                texts[f"{f}-{n:02}"] = line
    order = [i for f in forms for i in sorted(texts) if i.rsplit("-", 1)[0] == f]
    want = set(order[:count + 10])  # a few spare for lines without strokes
    strokes = {}
    with tarfile.open(os.path.join(data, "lineStrokes-all.tar.gz"), "r|gz") as t:
        for m in t:
            name = os.path.basename(m.name)[:-4]
            if m.isfile() and name in want:
                root = ET.fromstring(t.extractfile(m).read())
                strokes[name] = [[(float(p.get("x")), float(p.get("y"))) for p in s.iter("Point")]
                                 for s in root.iter("Stroke")]
    ok = [i for i in order if i in strokes and texts[i] and any(strokes[i])]
    return [(i, detokenize(texts[i]), strokes[i]) for i in ok[:count]]


# ---- rendering and reading ----------------------------------------------------

def render_pgm(strokes, height=120, pen=3, margin=24):
    """Strokes drawn as a binary PGM: the ink's bounding box scaled to `height` px, a square pen."""
    pts = [p for s in strokes for p in s]
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
    k = height / max(y1 - y0, 1e-6)
    w, h = int((x1 - x0) * k) + 2 * margin + 1, height + 2 * margin + 1
    img = bytearray(b"\xff") * (w * h)
    lo, hi = -(pen // 2), pen - pen // 2

    def dot(x, y):
        xi, yi = int(round(x)), int(round(y))
        for yy in range(max(yi + lo, 0), min(yi + hi, h)):
            img[yy * w + max(xi + lo, 0):yy * w + min(xi + hi, w)] = b"\x00" * (min(xi + hi, w) - max(xi + lo, 0))

    for s in strokes:
        prev = None
        for (x, y) in s:
            x, y = (x - x0) * k + margin, (y - y0) * k + margin
            if prev is None:
                dot(x, y)
            else:
                n = max(1, int(2 * max(abs(x - prev[0]), abs(y - prev[1]))))
                for j in range(1, n + 1):
                    dot(prev[0] + (x - prev[0]) * j / n, prev[1] + (y - prev[1]) * j / n)
            prev = (x, y)
    return b"P5\n%d %d\n255\n" % (w, h) + bytes(img)


OCR_FOLD = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2014": "-", "\u2013": "-",
                          "\u2026": "..."})


def ocr(pgm, keep=None):
    """tesseract's reading of one line image (one thread: --jobs runs several)."""
    if keep:
        with open(keep, "wb") as f:
            f.write(pgm)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    r = subprocess.run(["tesseract", "stdin", "-", "--psm", "7"], input=pgm, capture_output=True, env=env)
    if r.returncode != 0:
        sys.exit(f"tesseract failed: {r.stderr.decode(errors='replace').strip()}")
    return " ".join(r.stdout.decode(errors="replace").translate(OCR_FOLD).split())


# ---- scoring -----------------------------------------------------------------

def align(ref, hyp):
    """Edit distance, and per reference character what it was read as ('' = deleted, itself = read right)."""
    n, m = len(ref), len(hyp)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]))
    read, i, j = [None] * n, n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and d[i][j] == d[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            read[i - 1], i, j = hyp[j - 1], i - 1, j - 1
        elif i > 0 and d[i][j] == d[i - 1][j] + 1:
            read[i - 1], i = "", i - 1
        else:
            j -= 1
    return d[n][m], read


def score(lines):
    """CER and per-class misread rates of [(reference, reading)], with the misreads per class."""
    dist = length = 0
    n, bad = collections.Counter(), collections.Counter()
    misreads = {c: collections.Counter() for c in CLASSES}
    for ref, hyp in lines:
        e, read = align(ref, hyp)
        dist, length = dist + e, length + len(ref)
        for c, r in zip(ref, read):
            for k in classes_of(c):
                n[k] += 1
                if r != c:
                    bad[k] += 1
                    misreads[k][f"{c}>{r or '_'}"] += 1
    return {"lines": len(lines), "chars": length, "cer": dist / max(length, 1),
            "class": {k: {"n": n[k], "misread": bad[k], "rate": bad[k] / n[k] if n[k] else None} for k in CLASSES},
            "misreads": {k: dict(misreads[k].most_common(12)) for k in CLASSES}}


# ---- writing -----------------------------------------------------------------

CHECK_LINE = re.compile(r"^line (\d+): .*pace ([0-9.]+)\) (ok|SUSPECT)$")


def seqgen_write(exe, model, texts, bias, seed, style, tmp, extra=()):
    """Strokes of each text, and per line the check's pace, verdict and any warnings."""
    src, out = os.path.join(tmp, "texts.txt"), os.path.join(tmp, "lines.json")
    with open(src, "w") as f:
        f.write("\n".join(texts) + "\n")
    cmd = [exe, "write", "--file", src, "-o", out, "--wrap", "0", "--bias", str(bias), "--seed", str(seed),
           "--check", "-q"] + (["--model", model] if model else []) + (["--style", str(style)] if style != "" else []) \
        + list(extra)
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{' '.join(cmd)}: exit {r.returncode}\n{r.stderr}")
    lines = json.load(open(out))["lines"]
    info = [{"pace": None, "suspect": False, "notes": []} for _ in texts]
    for l in r.stderr.splitlines():
        m = CHECK_LINE.match(l)
        if m:
            info[int(m[1]) - 1].update(pace=float(m[2]), suspect=m[3] == "SUSPECT")
            g = re.search(r"longest ([0-9.]+)x", l)  # how long the window stayed on a word, x what it needs
            if g:
                info[int(m[1]) - 1]["linger"] = float(g[1])
            continue
        m = re.search(r"\bline (\d+)\b", l)
        if m and not l.startswith("check:"):
            info[int(m[1]) - 1]["notes"].append(l)
    strokes = [[[tuple(p) for p in s] for s in l["strokes"]] for l in lines]
    return strokes, info


# ---- the runs ------------------------------------------------------------------

def font_lines(font, texts):
    """Each text drawn in a Hershey font, as one line of strokes."""
    from hershey import word_strokes
    return [word_strokes(font, t)[0] for t in texts]


def parse_seeds(s):
    out = []
    for part in s.split(","):
        a, _, b = part.partition("-")
        out += list(range(int(a), int(b or a) + 1))
    return out


def default_bias(exe):
    h = subprocess.run([exe, "write", "--help"], capture_output=True, text=True).stdout
    m = re.search(r"--bias \S*=([0-9.]+)", h)
    if not m:
        sys.exit(f"{exe} write --help: no default --bias found")
    return float(m[1])


def builtin_styles(exe, model):
    r = subprocess.run([exe, "info", "--json", model], capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit(f"{exe} info {model}: {r.stderr.strip()}")
    styles = json.loads(r.stdout)["info"].get("styles", "0")  # info says "8 built-in styles"
    return len(styles) if isinstance(styles, list) else int(styles.split()[0])


def run_config(name, sets, strokes, info, pool, keep_dir):
    """Reads every line of one writer; per text set its score and lines."""
    flat = [(s, i, t) for s, ts in sets.items() for i, t in enumerate(ts)]
    keep = [os.path.join(keep_dir, f"{name}-{s}-{i:02}.pgm".replace(" ", "_")) if keep_dir else None
            for s, i, _ in flat]
    reads = list(pool.map(lambda k: ocr(render_pgm(strokes[k]), keep[k]) if any(strokes[k]) else "",
                          range(len(flat))))
    res = {}
    for s, ts in sets.items():
        idx = [k for k, (s2, _, _) in enumerate(flat) if s2 == s]
        res[s] = score([(flat[k][2], reads[k]) for k in idx])
        res[s]["items"] = [dict(text=flat[k][2], read=reads[k], **(info[k] if info else {})) for k in idx]
        res[s]["suspect"] = sum(1 for k in idx if info and info[k]["suspect"])
        paces = [info[k]["pace"] for k in idx if info and info[k]["pace"]]
        res[s]["pace"] = sum(paces) / len(paces) if paces else None
    return res


def fmt_rate(x):
    return "–" if x is None else f"{x:.2f}"


def table(rows, set_name, sets):
    """One markdown table per text set: a row per writer."""
    out = [f"\n**{set_name}** ({len(sets[set_name])} lines)\n",
           "| writer | CER | " + " | ".join(HEADS[k] for k in CLASSES) + " | suspect | pace |",
           "|---|---|" + "---|" * len(CLASSES) + "---|---|"]
    for name, res in rows:
        if set_name not in res:
            continue
        r = res[set_name]
        cls = " | ".join(fmt_rate(r["class"][k]["rate"]) for k in CLASSES)
        pace = "–" if r["pace"] is None else f"{r['pace']:.2f}"
        out.append(f"| {name} | **{r['cer']:.3f}** | {cls} | {r['suspect'] if r['pace'] else '–'} | {pace} |")
    first = next(res[set_name] for _, res in rows if set_name in res)
    out.append("| *characters* | " + str(first["chars"]) + " | " +
               " | ".join(str(first["class"][k]["n"]) for k in CLASSES) + " | | |")
    return "\n".join(out)


def spread(rows, prefix, set_name):
    cers = [res[set_name]["cer"] for name, res in rows if name.startswith(prefix) and set_name in res]
    if len(cers) < 2:
        return ""
    mid = (max(cers) + min(cers)) / 2
    return (f"- {prefix}…: {set_name} CER mean {sum(cers) / len(cers):.3f}, range {min(cers):.3f}-{max(cers):.3f} "
            f"({mid:.3f} ± {(max(cers) - min(cers)) / 2:.3f})")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.environ.get("IAM", ""), help="IAM-OnDB folder (env IAM)")
    ap.add_argument("--build", default=os.environ.get("SEQGEN_BUILD", os.path.join(ROOT, "build")),
                    help="build folder holding seqgen (env SEQGEN_BUILD; default build/)")
    ap.add_argument("--models", default=os.path.join(ROOT, "models"), help="folder of synthesis.safetensors")
    ap.add_argument("--bias", default="", help="biases, comma-separated (default: seqgen write's default)")
    ap.add_argument("--seeds", default="1-5", help="seeds: 1-5 or 1,3,7")
    ap.add_argument("--styles", nargs="?", const="all", default="",
                    help="also each built-in style (or those listed: 8-15), at the first bias and seed")
    ap.add_argument("--no-real", action="store_true", help="skip the real IAM lines")
    ap.add_argument("--unprimed", action="store_true", help="also each bias and seed without a style (--style none)")
    ap.add_argument("--fonts", default="",
                    help="also these Hershey fonts as writers, comma-separated (futural: printed, scripts: cursive)")
    ap.add_argument("--iam-lines", type=int, default=40, help="lines of testset_v")
    ap.add_argument("--texts", default=os.path.join(ROOT, "bench", "legibility_texts.txt"), help="own texts")
    ap.add_argument("--weights", default="", help="seqgen write --weights (bf16 or int8; default: its default)")
    ap.add_argument("--jump-bias", default="", help="seqgen write --jump-bias (0: the paper's sampling; default: its default)")
    ap.add_argument("--rare-bias", default="", help="seqgen write --rare-bias (0: the line's bias; default: its default)")
    ap.add_argument("--reader", default="", help="seqgen write --reader (a recogniser for the line check)")
    ap.add_argument("--reader-max", default="", help="seqgen write --reader-max")
    ap.add_argument("--retries", default="", help="seqgen write --retries")
    ap.add_argument("--word-retries", default="", help="seqgen write --word-retries")
    ap.add_argument("--word-max", default="", help="seqgen write --word-max")
    ap.add_argument("--jobs", type=int, default=1, help="tesseract processes at once")
    ap.add_argument("--json", help="write every figure and every reading here")
    ap.add_argument("--images", help="keep the rendered PGMs in this folder")
    a = ap.parse_args()

    exe = os.path.join(a.build, "seqgen")
    model = os.path.join(a.models, "synthesis.safetensors")
    for path, what in [(exe, "seqgen (--build / SEQGEN_BUILD)"), (model, "the synthesis model (--models)"),
                       (a.texts, "--texts")]:
        if not os.path.exists(path):
            ap.error(f"{path}: not found ({what})")
    if not a.data or not os.path.isfile(os.path.join(a.data, "testset_v.txt")):
        ap.error(f"--data: '{a.data}' is not an IAM-OnDB folder (testset_v.txt, ascii-all.tar.gz, lineStrokes-all.tar.gz)")
    try:
        seeds = parse_seeds(a.seeds)
        parse_seeds(a.styles if a.styles not in ("", "all") else "0")
        biases = [float(b) for b in a.bias.split(",")] if a.bias else [default_bias(exe)]
    except ValueError as e:
        ap.error(f"--seeds/--bias/--styles: {e}")
    fonts = []
    if a.fonts:
        sys.path.insert(0, os.path.join(ROOT, "scripts"))
        from hershey import FontError, font_path, font_read
        try:
            fonts = [(f, font_read(font_path(f))) for f in a.fonts.split(",")]
        except FontError as e:
            ap.error(f"--fonts: {e}")
    if subprocess.run(["tesseract", "--version"], capture_output=True).returncode != 0:
        sys.exit("tesseract not found (bash scripts/deps.sh --bench)")
    if a.images:
        os.makedirs(a.images, exist_ok=True)

    t0 = time.time()
    log(f"reading the first {a.iam_lines} lines of testset_v from {a.data}")
    real = iam_lines(a.data, a.iam_lines)
    own = [l.strip() for l in open(a.texts) if l.strip()]
    sets = {"IAM testset_v texts": [t for _, t, _ in real], "new texts": own}
    texts = sets["IAM testset_v texts"] + own

    configs = [(f"seqgen, bias {b:g}, seed {s}", b, s, "") for b in biases for s in seeds]
    n_styles = builtin_styles(exe, model)
    if a.styles:
        listed = range(n_styles) if a.styles == "all" else parse_seeds(a.styles)
        if any(k >= n_styles for k in listed):
            ap.error(f"--styles {a.styles}: the model has {n_styles} built-in styles")
        configs += [(f"seqgen, bias {biases[0]:g}, style {k} (seed {seeds[0]})", biases[0], seeds[0], k)
                    for k in listed]
    if a.unprimed:
        configs += [(f"seqgen, bias {b:g}, unprimed, seed {s}", b, s, "none") for b in biases for s in seeds]
    rows, done = [], {}

    def save():  # after every writer, so that a failure keeps what was measured
        if a.json:
            with open(a.json, "w") as f:
                json.dump({"command": sys.argv, "seqgen": exe, "model": model,
                           "rows": [{"writer": n, **r} for n, r in rows]}, f, indent=1)

    extra = (["--weights", a.weights] if a.weights else []) + (["--jump-bias", a.jump_bias] if a.jump_bias else []) \
        + (["--rare-bias", a.rare_bias] if a.rare_bias else []) \
        + (["--reader", a.reader] if a.reader else []) + (["--reader-max", a.reader_max] if a.reader_max else []) \
        + (["--retries", a.retries] if a.retries else []) \
        + (["--word-retries", a.word_retries] if a.word_retries else []) \
        + (["--word-max", a.word_max] if a.word_max else [])
    with concurrent.futures.ThreadPoolExecutor(max(1, a.jobs)) as pool, tempfile.TemporaryDirectory() as tmp:
        if not a.no_real:
            log("real IAM-OnDB lines")
            rows.append(("real IAM handwriting",
                         run_config("real", {k: v for k, v in sets.items() if k.startswith("IAM")},
                                    [s for _, _, s in real], None, pool, a.images)))
            save()
        for f, font in fonts:  # what the reader makes of a clean printed or cursive hand
            log(f"Hershey font {f}")
            rows.append((f"Hershey font {f}", run_config(f"font-{f}", sets, font_lines(font, texts), None, pool,
                                                         a.images)))
            save()
        for k, (name, b, s, st) in enumerate(configs):
            # No --style is the built-in style the seed picks (src/api/writer.cpp): the same lines.
            key = (b, s, st if st != "" else (s + n_styles - 1) % n_styles if n_styles else "")
            if key not in done:
                log(f"[{k + 1}/{len(configs)}] {name} ({time.time() - t0:.0f} s)")
                strokes, info = seqgen_write(exe, model, texts, b, s, st, tmp, extra)
                done[key] = run_config(f"b{b:g}-s{s}-st{st}", sets, strokes, info, pool, a.images)
                for i, x in enumerate(info):
                    for note in x["notes"]:
                        log(f"  {note}  [{texts[i]}]")
            rows.append((name, done[key]))
            save()

    print("Legibility: tesseract `--psm 7` reading lines rendered 120 px high with a 3 px pen; "
          "CER overall, then the share of each class of reference character misread; "
          "suspect: lines the line check (`--check`) still flags; pace: steps per character / the training lines'.")
    for s in sets:
        print(table(rows, s, sets))
    print()
    for s in sets:
        for b in biases:
            line = spread(rows, f"seqgen, bias {b:g}, seed", s)
            if line:
                print(line)
        if a.styles:
            print(spread(rows, f"seqgen, bias {biases[0]:g}, style", s))
    log(f"done in {time.time() - t0:.0f} s")


if __name__ == "__main__":
    main()
