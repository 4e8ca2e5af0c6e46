#!/usr/bin/env bash
# Fine-tunes of the synthesis model for capitals, digits and rare letters
# (README's Legibility), and what a candidate is judged by: its validation
# nats per line (fp32 and int8, by class), how legibly it writes
# (bench/legibility.py, seeds 1-5 at the default bias) and the end-of-line
# check. The candidate keeps the built-in styles of the model it started from.
# VARIANT: class-weight (the loss weighed by the class of the character the
# window is on, rare lines repeated) or augment (training lines that gain a
# number or a rare-capital word drawn in a vector font, scripts/iam_augment.py)
# or self (extra training lines the model wrote and the reader read right,
# scripts/iam_self_augment.py); validation on the database's own testset_v.
# A run that stopped resumes when the script is run again; EPOCHS is the epoch
# to stop after (run it again with a larger one to go on).
# Usage: scripts/synthesis_finetune.sh IAM_DIR [RUNS_DIR] [EPOCHS] [INIT_MODEL] [VARIANT]
set -euo pipefail
cd "$(dirname "$0")/.."
usage="usage: scripts/synthesis_finetune.sh IAM_DIR [RUNS_DIR] [EPOCHS] [INIT_MODEL] [class-weight|augment|self]"
IAM=${1:?$usage}
RUNS=${2:-runs}
EPOCHS=${3:-2}
INIT=${4:-models/synthesis.safetensors}
VARIANT=${5:-class-weight}
S=./build/seqgen
case $VARIANT in
  class-weight)
    RUN=$RUNS/synthesis-cw DATA=$IAM CACHE=$RUNS/iam.cache
    extra=(--balance 300 --balance-max 8 --class-weight capitals=3,digits=4) ;;
  augment)
    RUN=$RUNS/synthesis-aug DATA=$RUNS/iam-aug CACHE=$RUNS/iam-aug.cache extra=()
    [ -d "$DATA" ] || /usr/bin/python3 scripts/iam_augment.py "$IAM" "$DATA" ;;
  self)
    RUN=$RUNS/synthesis-self DATA=$RUNS/iam-self CACHE=$RUNS/iam-self.cache extra=()
    [ -d "$DATA" ] || /usr/bin/python3 scripts/iam_self_augment.py "$IAM" "$DATA" --model "$INIT" --seqgen "$S" ;;
  *) echo "$usage" >&2; exit 2 ;;
esac
OUT=$RUN/candidate
$S train synthesis --data "$DATA" --run "$RUN" --cache "$CACHE" --init-from "$INIT" "${extra[@]}" \
  --optimizer adam --lr 2e-4 --batch 32 --epochs "$EPOCHS" --average 0.998 --quiet --resume
mkdir -p "$OUT"
$S pack --model "$RUN/best.safetensors" --styles-from "$INIT" --keep-styles 0,1,2,3,4,5,6,7 \
  -o "$OUT/synthesis.safetensors"
$S eval synthesis --model "$OUT/synthesis.safetensors" --data "$IAM" --cache "$RUNS/iam.cache" --by-class --quiet
$S eval synthesis --model "$OUT/synthesis.safetensors" --data "$IAM" --cache "$RUNS/iam.cache" --weights int8 --quiet
/usr/bin/python3 bench/legibility.py --data "$IAM" --models "$OUT" --no-real --seeds 1-5 --bias 0.75
scripts/check_line_ends.sh "$OUT/synthesis.safetensors" 0.75 "$OUT/line_ends.png" | tail -n 1
