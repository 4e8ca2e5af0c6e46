#!/usr/bin/env bash
# scripts/enwik8.sh end to end on a small file of enwik8's form (XML-ish
# Wikipedia markup with multi-byte characters), a tiny network and one epoch:
# the checks of size and hash, the split, training at byte level and both
# evaluations. Usage: tests/enwik8_script.sh SEQGEN SOURCE_DIR
set -euo pipefail
SEQGEN=$1 SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
for i in $(seq 1 300); do
  printf '  <page>\n    <title>Article %d</title>\n    <text>The [[city]] of Zürich — %d ''km'' from [[Genève]]; 北京 {{cite}}</text>\n  </page>\n' "$i" $((i * 37 % 1000))
done > "$T/wiki"
size=$(stat -c %s "$T/wiki")
sha=$(sha256sum "$T/wiki" | cut -d' ' -f1)
export SEQGEN ENWIK8_SIZE=$size ENWIK8_SHA256=$sha ENWIK8_VALID=4000 ENWIK8_HIDDEN=16,16 ENWIK8_EPOCHS=1 ENWIK8_BATCH=4

fail() { echo "FAIL: $*" >&2; exit 1; }

# A file of another size or content is refused before anything is trained.
head -c 1000 "$T/wiki" > "$T/short"
if ENWIK8_SIZE=$size "$SRC/scripts/enwik8.sh" "$T/short" "$T/runs" 2> "$T/err"; then fail "short file accepted"; fi
grep -q "has 1000 bytes" "$T/err" || fail "size error: $(cat "$T/err")"
if ENWIK8_SHA256=0000 "$SRC/scripts/enwik8.sh" "$T/wiki" "$T/runs" 2> "$T/err"; then fail "wrong hash accepted"; fi
grep -q "SHA-256" "$T/err" || fail "hash error: $(cat "$T/err")"
[ ! -e "$T/runs/enwik8/best.safetensors" ] || fail "trained on a refused file"

"$SRC/scripts/enwik8.sh" "$T/wiki" "$T/runs" > "$T/out" 2>&1 || { cat "$T/out"; fail "script failed"; }
cat "$T/out"
[ "$(stat -c %s "$T/runs/enwik8/valid.bytes")" = 4000 ] || fail "validation split is not the last 4000 bytes"
[ "$(stat -c %s "$T/runs/enwik8/train.bytes")" = $((size - 4000)) ] || fail "training split"
cmp <(cat "$T/runs/enwik8/train.bytes" "$T/runs/enwik8/valid.bytes") "$T/wiki" || fail "split does not rebuild the file"
grep -q "byte-level model" "$T/out" || fail "not trained at byte level"
[ "$(grep -c 'bits per character' "$T/out")" = 2 ] || fail "expected a static and a dynamic score"
grep -q "(dynamic)" "$T/out" || fail "no dynamic evaluation"
# Run again: the finished training is kept, only the evaluations rerun.
"$SRC/scripts/enwik8.sh" "$T/wiki" "$T/runs" > "$T/out2" 2>&1
if grep -q "byte-level model" "$T/out2"; then fail "retrained a finished run"; fi
echo "enwik8 script: ok"
