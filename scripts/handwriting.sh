#!/usr/bin/env bash
# Table 3: the paper's handwriting prediction network (3 layers of 400 LSTM
# cells, M = 20 mixture components) on IAM-OnDB with the paper's split, then
# its validation score, the 16-bit model shipped in models/, and its pictures
# (samples, Fig. 10). A run that stopped resumes when the script is run again.
# Usage: scripts/handwriting.sh IAM_DIR [RUNS_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
IAM=${1:?usage: scripts/handwriting.sh IAM_DIR [RUNS_DIR]}
RUNS=${2:-runs}
S=./build/seqgen
RUN=$RUNS/handwriting
# The learning rate steps down as the shipped model's did (models/README.md):
# 1e-3 to epoch 13, 5e-4 to epoch 17, then 2.5e-4 (x 0.7 after each epoch
# without a better validation score).
stage() {
  $S train handwriting --data "$IAM" --run "$RUN" --cache "$RUNS/iam.cache" --hidden 400,400,400 --mixtures 20 \
    --optimizer adam --batch 32 --patience 8 --lr-decay 0.7 --average 0.998 --resume "$@"
}
if [ ! -f "$RUN/finished" ]; then
  stage --lr 1e-3 --epochs 13
  stage --lr 5e-4 --epochs 17
  stage --lr 2.5e-4 --epochs 60
  touch "$RUN/finished"
fi
$S pack --model "$RUN/best.safetensors" -o models/handwriting.safetensors
$S eval handwriting --model models/handwriting.safetensors --data "$IAM" --cache "$RUNS/iam.cache"
$S sample handwriting --model models/handwriting.safetensors --count 4 --seed 1 -o docs/handwriting_samples.png
$S plot density --model models/handwriting.safetensors --data "$IAM" --line a02-050-03 -o docs/density.png
