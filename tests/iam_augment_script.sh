#!/usr/bin/env bash
# scripts/iam_augment.py on a tiny database of IAM-OnDB's form: the chosen
# training lines gain a word (text and strokes alike, the strokes at the
# line's own pen step), validation forms and the other lines are copied byte
# for byte, and seqgen trains on the result. Usage: tests/iam_augment_script.sh SEQGEN SOURCE_DIR
set -euo pipefail
SEQGEN=$1 SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

/usr/bin/python3 "$SRC/tests/tiny_iam.py" "$T/iam"

# Refusals: an existing output folder, a folder that is not the database.
mkdir "$T/exists"
if /usr/bin/python3 "$SRC/scripts/iam_augment.py" "$T/iam" "$T/exists" 2> "$T/err"; then fail "wrote into an existing folder"; fi
grep -q "exists" "$T/err" || fail "existing folder: $(cat "$T/err")"
if /usr/bin/python3 "$SRC/scripts/iam_augment.py" "$T/exists" "$T/out" 2> "$T/err"; then fail "accepted a folder without the archives"; fi
grep -q "ascii-all.tar.gz: missing" "$T/err" || fail "missing archive: $(cat "$T/err")"

if /usr/bin/python3 "$SRC/scripts/iam_augment.py" "$T/iam" "$T/out" --digits 0.8 --capitals 0.5 2> "$T/err"; then fail "shares over 1 accepted"; fi
grep -q "together at most 1" "$T/err" || fail "shares: $(cat "$T/err")"
# A cut archive is named, and no half-written folder stays.
mkdir "$T/cut" && cp "$T/iam"/*.txt "$T/iam/ascii-all.tar.gz" "$T/cut/"
head -c 300 "$T/iam/lineStrokes-all.tar.gz" > "$T/cut/lineStrokes-all.tar.gz"
if /usr/bin/python3 "$SRC/scripts/iam_augment.py" "$T/cut" "$T/out" 2> "$T/err"; then fail "a cut archive accepted"; fi
grep -q "lineStrokes-all.tar.gz: unreadable" "$T/err" || fail "cut archive: $(cat "$T/err")"
[ ! -e "$T/out" ] && [ ! -e "$T/out.part" ] || fail "a cut archive left a folder behind"
[ "$(grep -c . "$T/err")" = 1 ] || fail "a cut archive gave more than one line: $(cat "$T/err")"

/usr/bin/python3 "$SRC/scripts/iam_augment.py" "$T/iam" "$T/out" --digits 0.5 --capitals 0.5 --seed 3 > "$T/log"
cat "$T/log"
/usr/bin/python3 - "$T/iam" "$T/out" <<'EOF'
import math, os, re, sys, tarfile
import xml.etree.ElementTree as ET
src, out = sys.argv[1:]
def fail(m): sys.exit("FAIL: " + m)
def csr(text): return [l for l in text.split("CSR:")[1].split("\n") if l.strip()]
def strokes(xml): return [[(float(p.get("x")), float(p.get("y"))) for p in s.iter("Point")]
                          for s in ET.fromstring(xml).iter("Stroke")]
a = tarfile.open(f"{src}/ascii-all.tar.gz")
s = tarfile.open(f"{src}/lineStrokes-all.tar.gz")
changed = 0
for m in a.getmembers():
    form = os.path.basename(m.name)[:-4]
    old, new = csr(a.extractfile(m).read().decode()), csr(open(f"{out}/{m.name}").read())
    if len(old) != len(new): fail(f"{m.name}: {len(old)} lines became {len(new)}")
    for n, (o, w) in enumerate(zip(old, new), 1):
        name = m.name.replace("ascii/", "lineStrokes/").replace(".txt", f"-{n:02}.xml")
        xo, xn = s.extractfile(name).read(), open(f"{out}/{name}", "rb").read()
        if o == w:
            if xo != xn: fail(f"{name}: strokes changed, text not")
            continue
        if form.startswith("b01"): fail(f"{m.name}: a validation line changed: {w!r}")
        changed += 1
        if w.startswith(o + " "):
            extra = w[len(o) + 1:]
            if not re.fullmatch(r"[0-9.,:/#()\-]+", extra): fail(f"{name}: appended {extra!r} is not a number")
        elif w.endswith(" " + o):
            extra = w[:-len(o) - 1]
            if not extra[0].isupper(): fail(f"{name}: prefix {extra!r} is not a capital word")
        else:
            fail(f"{name}: {o!r} became {w!r}")
        so, sn = strokes(xo), strokes(xn)
        if len(sn) <= len(so): fail(f"{name}: no strokes added for {extra!r}")
        added = sn[len(so):] if w.startswith(o) else sn[:len(sn) - len(so)]
        def median_step(qs):
            v = sorted(math.hypot(b[0] - a_[0], b[1] - a_[1]) for q in qs for a_, b in zip(q, q[1:]))
            return v[len(v) // 2]
        r = median_step(added) / median_step(so)
        if not 0.7 <= r <= 1.3: fail(f"{name}: the added strokes step {r:.2f} times the line's own")
        xs = [p[0] for q in so for p in q]
        if w.startswith(o):  # appended right of the line's ink
            if min(p[0] for q in added for p in q) <= max(xs): fail(f"{name}: the number overlaps the line")
        else:  # the line moved right to make room
            if min(p[0] for q in sn[len(added):] for p in q) <= max(p[0] for q in added for p in q):
                fail(f"{name}: the capital word overlaps the line")
if changed == 0: fail("no line changed")
print(f"iam_augment: {changed} lines checked")
EOF
for f in trainset.txt testset_v.txt testset_t.txt testset_f.txt; do cmp "$T/iam/$f" "$T/out/$f" || fail "$f changed"; done

# seqgen reads the result (folders, not archives) and trains on it; a run
# started from a model trained on the original keeps that model's offset
# statistics (the added words change the data's own).
tiny=(--hidden 4 --mixtures 2 --window 2 --epochs 1 --batch 2 --quiet)
"$SEQGEN" train synthesis --data "$T/iam" --run "$T/run0" "${tiny[@]}" > "$T/train" 2>&1 || { cat "$T/train"; fail "training on the original"; }
"$SEQGEN" train synthesis --data "$T/out" --run "$T/run" "${tiny[@]}" > "$T/train" 2>&1 || { cat "$T/train"; fail "training on the result failed"; }
grep -q "validation" "$T/run/train.log" || { cat "$T/run/train.log"; fail "no validation"; }
"$SEQGEN" train synthesis --data "$T/out" --run "$T/run1" --init-from "$T/run0/best.safetensors" "${tiny[@]}" > "$T/train" 2>&1 \
  || { cat "$T/train"; fail "training from the original's model failed"; }
stats() { "$SEQGEN" info "$1" | grep -o '"stats":{[^}]*}'; }
[ "$(stats "$T/run1/best.safetensors")" = "$(stats "$T/run0/best.safetensors")" ] || fail "--init-from did not keep the model's statistics"
[ "$(stats "$T/run/best.safetensors")" != "$(stats "$T/run0/best.safetensors")" ] || fail "the added words left the statistics unchanged"
echo "iam_augment script: ok"
