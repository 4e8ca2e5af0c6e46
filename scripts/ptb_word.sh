#!/usr/bin/env bash
# Table 1, word level: the paper's network (1 layer of 1000 LSTM cells, a
# softmax over the 10,000 words of Mikolov's PTB, end of sentence counted as a
# word) trained in two stages as §3.1 does, the second starting from the
# first's best weights:
#   1. no regularisation;
#   2. fixed weight noise, std 0.075.
# Then each stage's best model on the test set, static and with dynamic
# evaluation (perplexity). A stage that stopped resumes when the script is run
# again; a finished stage is skipped.
# Usage: scripts/ptb_word.sh PTB_DIR [RUNS_DIR]   (PTB_DIR holds ptb.{train,valid,test}.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
PTB=${1:?usage: scripts/ptb_word.sh PTB_DIR [RUNS_DIR]}
RUNS=${2:-runs}
S=./build/seqgen
COMMON=(--train "$PTB/ptb.train.txt" --valid "$PTB/ptb.valid.txt" --level word --hidden 1000 --batch 32 --seq 50
        --optimizer adam --average 0.999 --resume)

# stage NAME INIT_FROM|"" TRAIN_OPTIONS...
stage() {
  local run=$RUNS/$1 init=$2
  shift 2
  [ -f "$run/finished" ] && return
  $S train text "${COMMON[@]}" --run "$run" ${init:+--init-from "$init"} "$@"
  touch "$run/finished"
}

stage ptb-word "" --lr 1e-3 --epochs 20 --patience 2 --lr-decay 0.5
stage ptb-word-wn "$RUNS/ptb-word/best.safetensors" --lr 5e-4 --weight-noise 0.075 --epochs 20 --patience 3 \
  --lr-decay 0.5

for run in ptb-word ptb-word-wn; do
  for mode in static dynamic; do
    echo "== $run, $mode"
    $S eval text --model "$RUNS/$run/best.safetensors" --text "$PTB/ptb.test.txt" \
      $([ $mode = dynamic ] && echo --dynamic)
  done
done
