#!/usr/bin/env bash
# Table 2 (§3.2): the Hutter Prize Wikipedia data (enwik8), byte level.
#   1. checks the file: 100,000,000 bytes with the known SHA-256;
#   2. splits it as the paper does: the first 96M bytes to train on, the last
#      4M to validate on;
#   3. trains the paper's network: 7 layers of 700 LSTM cells, one input and
#      output per byte value (205 occur), sequences of 100 bytes read in order
#      with the state carried and reset every 100 sequences, SGD with momentum
#      0.9, LSTM derivatives clipped to [-1, 1], 4 epochs. The paper steps at
#      1e-4 per sequence; here 32 sequences per step at 32 x 1e-4;
#   4. evaluates the best model on the validation bytes, static and dynamic.
# A stopped run resumes where it was when the script is run again.
# Usage: scripts/enwik8.sh ENWIK8 [RUNS_DIR]
# For a test on a small file of the same form, the environment can change the
# expected size and hash, the validation length and the network:
#   ENWIK8_SIZE ENWIK8_SHA256 ENWIK8_VALID ENWIK8_HIDDEN ENWIK8_EPOCHS ENWIK8_BATCH
#   SEQGEN (the seqgen binary)
set -euo pipefail
cd "$(dirname "$0")/.."
FILE=${1:?usage: scripts/enwik8.sh ENWIK8 [RUNS_DIR]}
RUNS=${2:-runs}
S=${SEQGEN:-./build/seqgen}
SIZE=${ENWIK8_SIZE:-100000000}
SHA=${ENWIK8_SHA256:-2b49720ec4d78c3c9fabaee6e4179a5e997302b3a70029f30f2d582218c024a8}
VALID=${ENWIK8_VALID:-4000000}
HIDDEN=${ENWIK8_HIDDEN:-700,700,700,700,700,700,700}
EPOCHS=${ENWIK8_EPOCHS:-4}
BATCH=${ENWIK8_BATCH:-32}

[ -f "$FILE" ] || { echo "scripts/enwik8.sh: $FILE: no such file" >&2; exit 2; }
have=$(stat -c %s "$FILE")
if [ "$have" != "$SIZE" ]; then
  echo "scripts/enwik8.sh: $FILE has $have bytes; enwik8 has $SIZE" >&2
  exit 1
fi
sum=$(sha256sum "$FILE" | cut -d' ' -f1)
if [ "$sum" != "$SHA" ]; then
  echo "scripts/enwik8.sh: $FILE: SHA-256 $sum is not enwik8's ($SHA)" >&2
  exit 1
fi

RUN=$RUNS/enwik8
mkdir -p "$RUN"
TRAIN=$RUN/train.bytes VAL=$RUN/valid.bytes
if [ ! -f "$VAL" ]; then
  head -c $((SIZE - VALID)) "$FILE" > "$TRAIN.tmp" && mv "$TRAIN.tmp" "$TRAIN"
  tail -c "$VALID" "$FILE" > "$VAL.tmp" && mv "$VAL.tmp" "$VAL"
fi

lr=$(awk -v b="$BATCH" 'BEGIN { printf "%g", b * 1e-4 }')
if [ ! -f "$RUN/finished-$EPOCHS" ]; then
  $S train text --level byte --train "$TRAIN" --valid "$VAL" --run "$RUN" --resume \
    --hidden "$HIDDEN" --batch "$BATCH" --seq 100 --reset-every 100 \
    --optimizer sgd --lr "$lr" --momentum 0.9 --clip 1 --epochs "$EPOCHS"
  touch "$RUN/finished-$EPOCHS"
fi

for mode in static dynamic; do
  echo "== enwik8 validation, $mode"
  $S eval text --model "$RUN/best.safetensors" --text "$VAL" $([ $mode = dynamic ] && echo --dynamic)
done
