#!/usr/bin/env python3
"""A copy of IAM-OnDB whose training lines carry extra words drawn with a vector font.

IAM-OnDB's training text holds 997 digits in 312,629 characters (`8` 39 times), `Z` 6 times,
`X` 3, `Q` 16 (bench/iam_chars.py), too few for the synthesis network to learn them; the
class-weighted and balanced fine-tunes did not mend them (README, Legibility). This writes a
copy of the database in which a share of the training lines end with a number ("89.99",
"10:45", "28/02/1998", "#4471") or begin with a word under a rare capital ("Zoe", "Xavier",
"Quinn"), drawn in one of the Hershey fonts of Debian's hershey-fonts-data. The extra word is
placed where the writer's next (or previous) word would be: scaled to the line's letters
where it joins them, slanted by a random angle, its strokes sampled at the line's own pen
speed (the median step of its pen-down readings, one reading each 0.015 s like the tracker),
so it takes the steps per character the writer's own letters take. The forms of the
validation list (testset_v) are copied unchanged, so validation scores stay comparable.

    /usr/bin/python3 scripts/iam_augment.py IAM OUT [--digits 0.3] [--capitals 0.15] [--seed 1]
    seqgen train synthesis --data OUT ...

OUT gets ascii/ and lineStrokes/ as folders (seqgen reads either the archives or the folders)
and the four form lists. The data stays under IAM-OnDB's licence; OUT is for local training.
"""
import argparse
import math
import os
import random
import shutil
import sys
import tarfile
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
from legibility import csr_lines  # noqa: E402  (the loader's rule: which text is which line file)
from hershey import FontError, font_path, font_read, word_strokes  # noqa: E402

FONTS = ("futural", "rowmans")  # single-stroke sans and roman: digits as people print them
LISTS = ("trainset.txt", "testset_v.txt", "testset_t.txt", "testset_f.txt")
STEP_S = 0.015  # s between the tracker's readings (src/data/stroke_clean.cpp)

CAPITAL_WORDS = ("Zoe Zak Zurich Zeus Zulu Zone Zero Zinc Zebra Zambia Zen Zola "
                 "Xavier Xenia Xerox Xmas X-ray "
                 "Quinn Quebec Queen Quite Quiet Quick Quiz Quote Quay "
                 "Jack Jane James January June July Judge Just Jazz Joy Jill "
                 "Yes Yet York Yale Young Yard Yvonne "
                 "Kate Kent Keep King Kim Kevin "
                 "Victor Vera Venice Very Vote Vienna "
                 "Oxford Oslo Otto Only Over "
                 "Uganda Utah Ulster Upon "
                 "Helen Henry Hugh Hello Hotel Halifax "
                 "Max May Mr. Mrs. Monday Maria "
                 "Expect Ellen Eve Every "
                 "Wait Wales West "
                 "Friday Fred Frank").split()


def fail(msg):
    sys.exit(f"iam_augment: {msg}")


def number_token(rng):
    d = lambda n: "".join(rng.choice("0123456789") for _ in range(n))
    forms = [
        lambda: str(rng.randint(1900, 2029)),                                  # a year
        lambda: f"{rng.randint(1, 999)}.{d(2)}",                              # a price
        lambda: f"{rng.randint(0, 23)}:{rng.randint(0, 5)}{d(1)}",          # a time
        lambda: f"{rng.randint(1, 28):02}/{rng.randint(1, 12):02}/{rng.randint(1900, 2029)}",  # a date
        lambda: f"{rng.randint(1, 99)},{d(3)}",                               # thousands
        lambda: f"#{d(rng.randint(2, 5))}",                                   # a number
        lambda: f"{rng.randint(1, 99)}-{rng.randint(1, 99)}",                 # a range or score
        lambda: d(rng.randint(1, 4)).lstrip("0") or "0",                      # a count
        lambda: rng.choice("0123456789") * rng.randint(2, 4),                 # repeated digits: "44", "999"
        lambda: f"({d(rng.randint(1, 3))})",
    ]
    return rng.choice(forms)()


def line_measure(strokes, at_end):
    """(x-height, baseline, x edge, median pen-down step) of the line where a word joins it."""
    pts = [p for s in strokes for p in s]
    xs = sorted(p[0] for p in pts)
    lo, hi = xs[0], xs[-1]
    cut = hi - 0.25 * (hi - lo) if at_end else lo + 0.25 * (hi - lo)
    # Heights about the line's slope (lines drift up or down across the board).
    mx, my = sum(p[0] for p in pts) / len(pts), sum(p[1] for p in pts) / len(pts)
    sxx = sum((p[0] - mx) ** 2 for p in pts) or 1.0
    slope = sum((p[0] - mx) * (p[1] - my) for p in pts) / sxx
    ys = sorted(p[1] - slope * (p[0] - mx) for p in pts)
    near = sorted(p[1] for p in pts if (p[0] >= cut if at_end else p[0] <= cut)) or ys
    q = lambda v, f: v[min(len(v) - 1, int(f * len(v)))]
    # Most ink lies between the base line and the x-height, about evenly: the middle half
    # of the heights spans half of it, a little more with ascenders and descenders (1.6, by
    # eye on drawn lines). Over the whole line: a capital word where the word joins would
    # pass for x-height.
    xh = max(1.6 * (q(ys, 0.75) - q(ys, 0.25)), 1.0)
    steps = sorted(math.hypot(b[0] - a[0], b[1] - a[1]) for s in strokes for a, b in zip(s, s[1:]))
    step = steps[len(steps) // 2] if steps else 18.0
    return xh, q(near, 0.8), hi if at_end else lo, max(step, 4.0)


def resample(poly, step):
    """Points along a polyline every `step` units (its ends kept)."""
    out = [poly[0]]
    carry = 0.0
    for a, b in zip(poly, poly[1:]):
        seg = math.hypot(b[0] - a[0], b[1] - a[1])
        t = step - carry
        while t <= seg:
            out.append((a[0] + (b[0] - a[0]) * t / seg, a[1] + (b[1] - a[1]) * t / seg))
            t += step
        carry = seg - (t - step)
    if math.hypot(out[-1][0] - poly[-1][0], out[-1][1] - poly[-1][1]) > 0.3 * step:
        out.append(poly[-1])
    return out


def token_draw(rng, fonts, word, strokes, at_end):
    """The word's strokes placed beside the line's and the x shift of the line's own (prefix)."""
    xh, base, edge, step = line_measure(strokes, at_end)
    font = fonts[rng.randrange(len(fonts))]
    glyphs, width = word_strokes(font, word)
    k = xh / 14.0 * rng.uniform(0.85, 1.15)
    slant = math.tan(math.radians(rng.uniform(-5, 25)))
    gap = xh * rng.uniform(0.6, 1.2)
    jitter = xh * 0.04
    wob = [rng.uniform(0, 2 * math.pi) for _ in range(2)]

    def place(px, py):
        h = 9 - py  # height above the base line, font units
        x = px * k + h * k * slant + jitter * math.sin(px * 0.7 + wob[0])
        y = base - h * k + jitter * math.sin(px * 0.9 + wob[1])
        return x, y

    drawn = [resample([place(px, py) for px, py in s], step) for s in glyphs]
    w = width * k
    if at_end:
        dx, shift = edge + gap, 0.0
    else:  # the line moves right by the word, the lean of its capitals' tops and a gap
        dx, shift = edge, w + 21 * k * max(slant, 0.0) + gap
    return [[(x + dx, y) for x, y in s] for s in drawn], shift


def stroke_elements(strokes, t):
    """<Stroke> elements of IAM-OnDB's line files for strokes [[(x, y), ...], ...] from time t:
    one reading each STEP_S seconds, 0.2 s between strokes."""
    made = []
    for s in strokes:
        e = ET.Element("Stroke", {"colour": "black", "start_time": f"{t:.2f}", "end_time": f"{t + STEP_S * (len(s) - 1):.2f}"})
        for x, y in s:
            ET.SubElement(e, "Point", {"x": f"{x:.0f}", "y": f"{y:.0f}", "time": f"{t:.3f}"})
            t += STEP_S
        t += 0.2  # the pen moves to the next stroke
        made.append(e)
    return made


def xml_augment(xml_bytes, rng, fonts, word, at_end):
    root = ET.fromstring(xml_bytes)
    sset = root.find("StrokeSet")
    strokes = [[(float(p.get("x")), float(p.get("y"))) for p in s.iter("Point")] for s in sset.findall("Stroke")]
    strokes = [s for s in strokes if s]
    if not strokes:
        return None
    new, shift = token_draw(rng, fonts, word, strokes, at_end)
    times = [float(p.get("time")) for p in sset.iter("Point")]
    t0, t1 = min(times), max(times)
    for p in sset.iter("Point"):
        p.set("x", f"{float(p.get('x')) + shift:.0f}")
    made = stroke_elements(new, t1 + 0.4 if at_end else t0 - 0.4 - STEP_S * sum(len(s) for s in new) - 0.2 * len(new))
    if at_end:
        for e in made:
            sset.append(e)
    else:
        for i, e in enumerate(made):
            sset.insert(i, e)
    return ET.tostring(root, encoding="ISO-8859-1")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("data", help="IAM-OnDB folder (the archives and the form lists)")
    ap.add_argument("out", help="folder to write (must not exist)")
    ap.add_argument("--digits", type=float, default=0.3, help="share of training lines that end with a number")
    ap.add_argument("--capitals", type=float, default=0.15, help="share that begin with a word under a rare capital")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if not (0 <= a.digits <= 1 and 0 <= a.capitals <= 1 and a.digits + a.capitals <= 1):
        fail(f"--digits {a.digits} and --capitals {a.capitals}: shares of lines, each 0-1, together at most 1")
    if os.path.exists(a.out):
        fail(f"{a.out}: exists; give a new folder")
    for f in ("ascii-all.tar.gz", "lineStrokes-all.tar.gz") + LISTS:
        if not os.path.isfile(os.path.join(a.data, f)):
            fail(f"{os.path.join(a.data, f)}: missing (not an IAM-OnDB folder)")
    try:
        fonts = [font_read(font_path(f)) for f in FONTS]
    except FontError as e:
        fail(str(e))
    rng = random.Random(a.seed)
    valid = {l.strip() for l in open(os.path.join(a.data, "testset_v.txt")) if l.strip()}

    tmp = a.out + ".part"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    for f in LISTS:
        shutil.copy(os.path.join(a.data, f), tmp)

    try:
        write(a, fonts, rng, valid, tmp)
    except (tarfile.TarError, EOFError, OSError, UnicodeDecodeError) as e:
        shutil.rmtree(tmp, ignore_errors=True)
        fail(f"{READING[0]}: unreadable ({e})")


READING = [""]  # the archive being read, for the error message


def write(a, fonts, rng, valid, tmp):
    plan = {}  # line id -> (word, at_end)
    texts = {}  # archive member -> its bytes (kept) or (form, CSR lines)
    READING[0] = os.path.join(a.data, "ascii-all.tar.gz")
    with tarfile.open(READING[0]) as t:
        for m in t:
            if not (m.isfile() and m.name.endswith(".txt")):
                continue
            form = os.path.basename(m.name)[:-4]
            body = t.extractfile(m).read().decode("latin-1")
            lines = [] if form in valid else csr_lines(body)
            if lines:
                for n in range(len(lines)):
                    r = rng.random()
                    if r < a.digits:
                        word, at_end = number_token(rng), True
                    elif r < a.digits + a.capitals:
                        word, at_end = rng.choice(CAPITAL_WORDS), False
                    else:
                        continue
                    plan[f"{form}-{n + 1:02}"] = (word, at_end)
                texts[m.name] = (form, lines)
            else:
                texts[m.name] = body
    done = {}
    READING[0] = os.path.join(a.data, "lineStrokes-all.tar.gz")
    with tarfile.open(READING[0], "r|gz") as t:
        for m in t:
            if not m.isfile():
                continue
            dst = os.path.join(tmp, m.name)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            data = t.extractfile(m).read()
            lid = os.path.basename(m.name)[:-4]
            if lid in plan:
                word, at_end = plan[lid]
                try:
                    new = xml_augment(data, rng, fonts, word, at_end)
                except (ET.ParseError, ValueError, TypeError, AttributeError) as e:
                    print(f"iam_augment: {m.name}: left as it is, not a line of strokes ({e})", file=sys.stderr)
                    new = None
                if new is not None:
                    data = new
                    done[lid] = plan[lid]
            with open(dst, "wb") as f:
                f.write(data)
    for name, v in texts.items():
        dst = os.path.join(tmp, name)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        if isinstance(v, str):
            body = v
        else:
            form, lines = v
            for n in range(len(lines)):
                lid = f"{form}-{n + 1:02}"
                if lid in done:
                    word, at_end = done[lid]
                    lines[n] = lines[n] + " " + word if at_end else word + " " + lines[n]
            body = "CSR:\n\n" + "\n".join(lines) + "\n"  # all the loader reads
        with open(dst, "w", encoding="latin-1") as f:
            f.write(body)
    os.rename(tmp, a.out)
    ends = sum(1 for w, e in done.values() if e)
    print(f"wrote {a.out}: {len(done)} training lines changed ({ends} end with a number, "
          f"{len(done) - ends} begin with a capital word); testset_v's {len(valid)} forms unchanged")


if __name__ == "__main__":
    main()
