#!/usr/bin/env bash
# scripts/iam_self_augment.py on a tiny database of IAM-OnDB's form, with a tiny
# model trained on it: the copy holds the database's lines (strokes byte for byte) and new
# training forms of lines the model wrote (a capital word, then a training line),
# and seqgen trains on it. Without a reader (--no-read): tesseract is a bench
# tool, not a test one. Usage: tests/iam_self_augment_script.sh SEQGEN SOURCE_DIR
set -euo pipefail
SEQGEN=$1 SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
run() { /usr/bin/python3 "$SRC/scripts/iam_self_augment.py" --seqgen "$SEQGEN" "$@"; }

/usr/bin/python3 "$SRC/tests/tiny_iam.py" "$T/iam" "Zoe met Jack" "Kate and Max" "Quinn ate jam"
tiny=(--hidden 4 --mixtures 2 --window 2 --epochs 1 --batch 2 --quiet)
"$SEQGEN" train synthesis --data "$T/iam" --run "$T/run" "${tiny[@]}" > "$T/train" 2>&1 || { cat "$T/train"; fail "training"; }
"$SEQGEN" pack --model "$T/run/best.safetensors" --styles 2 --style-text "Max ate" -o "$T/m.safetensors" -q
"$SEQGEN" pack --model "$T/run/best.safetensors" -o "$T/bare.safetensors" -q

# Refusals: an existing folder, a model without styles, a missing model.
mkdir "$T/exists"
if run "$T/iam" "$T/exists" --model "$T/m.safetensors" --no-read 2> "$T/err"; then fail "wrote into an existing folder"; fi
grep -q "exists" "$T/err" || fail "existing folder: $(cat "$T/err")"
if run "$T/iam" "$T/out" --model "$T/bare.safetensors" --no-read 2> "$T/err"; then fail "a model without styles"; fi
grep -q "no built-in styles" "$T/err" || fail "no styles: $(cat "$T/err")"
if run "$T/iam" "$T/out" --model "$T/nope.safetensors" 2> "$T/err"; then fail "a missing model"; fi
grep -q "nope.safetensors: not found" "$T/err" || fail "missing model: $(cat "$T/err")"
[ ! -e "$T/out" ] && [ ! -e "$T/out.part" ] || fail "a refusal left a folder behind"

run "$T/iam" "$T/out" --model "$T/m.safetensors" --lines 12 --no-read > "$T/log" 2> /dev/null
grep -q "wrote $T/out: 12 lines" "$T/log" || fail "$(cat "$T/log")"
/usr/bin/python3 - "$T/iam" "$T/out" <<'PY'
import os, sys, tarfile
import xml.etree.ElementTree as ET
src, out = sys.argv[1:]
def fail(m): sys.exit("FAIL: " + m)
def csr(b): return [l for l in b.decode("latin-1").split("CSR:")[1].split("\n") if l.strip()]
for name in ("ascii-all.tar.gz", "lineStrokes-all.tar.gz"):
    with tarfile.open(f"{src}/{name}") as t:
        for m in t.getmembers():
            a, b = t.extractfile(m).read(), open(f"{out}/{m.name}", "rb").read()
            if (csr(a) != csr(b)) if name.startswith("ascii") else (a != b):
                fail(f"{m.name}: changed")
old = open(f"{src}/trainset.txt").read()
new = open(f"{out}/trainset.txt").read()
if not new.startswith(old): fail("trainset.txt: the database's forms changed")
forms = new[len(old):].split()
if forms != ["x00-000s", "x00-001s"]: fail(f"new forms {forms}")
n = 0
for f in forms:
    lines = open(f"{out}/ascii/x00/{f[:7]}/{f}.txt").read().split("CSR:\n\n")[1].splitlines()
    for k, text in enumerate(lines, 1):
        if not text[0].isupper() or text.split(" ", 1)[1] not in ("Zoe met Jack", "Kate and Max", "Quinn ate jam"):
            fail(f"{f}: line {text!r} is not a capital word and a training line")
        root = ET.parse(f"{out}/lineStrokes/x00/{f[:7]}/{f}-{k:02}.xml").getroot()
        pts = [p for s in root.iter("Stroke") for p in s.iter("Point")]
        if len(pts) < 2 or any(float(p.get("x")) < 0 or float(p.get("y")) < 0 for p in pts):
            fail(f"{f}-{k:02}: no strokes or negative coordinates")
        n += 1
if n != 12: fail(f"{n} lines")
for l in ("testset_v.txt", "testset_t.txt", "testset_f.txt"):
    if open(f"{src}/{l}").read() != open(f"{out}/{l}").read(): fail(f"{l} changed")
print("iam_self_augment: 12 lines checked")
PY
"$SEQGEN" train synthesis --data "$T/out" --run "$T/run2" "${tiny[@]}" > "$T/train" 2>&1 || { cat "$T/train"; fail "training on the copy"; }
grep -q "21 training" "$T/train" || fail "the copy's training lines: $(grep -i 'training' "$T/train")"
echo "iam_self_augment_script: ok"
