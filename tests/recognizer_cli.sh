#!/usr/bin/env bash
# seqgen train recognizer reading a picture of the line, both ways, on a tiny
# database of IAM-OnDB's form: the model says what it reads, is evaluated and
# packed as the line check's reader, a run goes on only as it began, and
# nonsense options are refused. Usage: tests/recognizer_cli.sh SEQGEN SOURCE_DIR
set -euo pipefail
SEQGEN=$1 SRC=$2
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

/usr/bin/python3 "$SRC/tests/tiny_iam.py" "$T/iam" "abc cab" "bad cab" "dab ace"
pic=(--both-ways --raster 16 --raster-scale 8 --raster-pen 1.5)
tiny=(--hidden 4 --epochs 1 --batch 2 --quiet)
"$SEQGEN" train recognizer --data "$T/iam" --run "$T/run" "${pic[@]}" "${tiny[@]}" > "$T/log" 2>&1 \
  || { cat "$T/log"; fail "training"; }
grep -q '"read":{"both_ways":true,"raster":{"pen_px":1.5,"rows":16,"units_per_px":8.0}}' <("$SEQGEN" info "$T/run/best.safetensors") \
  || fail "the model does not say what it reads: $("$SEQGEN" info "$T/run/best.safetensors")"
"$SEQGEN" eval recognizer --model "$T/run/best.safetensors" --data "$T/iam" --cache "$T/run/iam.cache" --weights int8 \
  > "$T/eval" 2>&1 || { cat "$T/eval"; fail "evaluation"; }
grep -q "CER" "$T/eval" || fail "no CER: $(cat "$T/eval")"

# A run goes on reading as it began.
if "$SEQGEN" train recognizer --data "$T/iam" --run "$T/run" --resume --epochs 2 --hidden 4 --batch 2 --quiet \
    > "$T/log" 2>&1; then fail "resumed reading steps a run that read pictures"; fi
grep -q 'it reads {"both_ways":true,"raster"' "$T/log" || fail "resume refusal: $(cat "$T/log")"
"$SEQGEN" train recognizer --data "$T/iam" --run "$T/run" --resume "${pic[@]}" --epochs 2 --hidden 4 --batch 2 --quiet \
  > "$T/log" 2>&1 || { cat "$T/log"; fail "resuming"; }

# Packed into a synthesis model as its reader: written lines are checked word by word with it.
"$SEQGEN" train synthesis --data "$T/iam" --run "$T/syn" --hidden 4 --mixtures 2 --window 2 --epochs 1 --batch 2 --quiet \
  > "$T/log" 2>&1 || { cat "$T/log"; fail "training the writer"; }
"$SEQGEN" pack --model "$T/syn/best.safetensors" --reader "$T/run/best.safetensors" -o "$T/m.safetensors" -q
"$SEQGEN" write "bad cab" --model "$T/m.safetensors" --max-steps-per-char 5 --check -o "$T/p.json" > "$T/log" 2>&1 \
  || { cat "$T/log"; fail "writing with the reader"; }
grep -q "for the reader" "$T/log" || fail "no word check: $(cat "$T/log")"
"$SEQGEN" read "$T/p.json" --model "$T/m.safetensors" > "$T/log" 2>&1 || { cat "$T/log"; fail "reading"; }

# Nonsense options.
for bad in "--raster 0" "--raster-scale 0" "--raster-pen -1" "--raster-scale nan"; do
  # shellcheck disable=SC2086
  if "$SEQGEN" train recognizer --data "$T/iam" --run "$T/bad" $bad "${tiny[@]}" > "$T/log" 2>&1; then fail "accepted $bad"; fi
  grep -q -- "${bad%% *}" "$T/log" || fail "$bad: the error does not name the option: $(cat "$T/log")"
done
echo "recognizer CLI: ok"
