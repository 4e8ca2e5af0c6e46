#!/usr/bin/env bash
# Table 1, character level: the paper's network (1 layer of 1000 LSTM cells) on
# Penn Treebank characters, trained in stages as §3.1 does, each stage starting
# from the previous one's best weights:
#   1. no regularisation;
#   2. fixed weight noise, std 0.075.
# Then each stage's best model on the test set, static and with dynamic
# evaluation. A stage that stopped (Ctrl-C, end of a session) resumes where it
# was when the script is run again; a finished stage is skipped.
# Usage: scripts/ptb_char.sh PTB_DIR [RUNS_DIR]   (PTB_DIR holds ptb.char.*.txt)
set -euo pipefail
cd "$(dirname "$0")/.."
PTB=${1:?usage: scripts/ptb_char.sh PTB_DIR [RUNS_DIR]}
RUNS=${2:-runs}
S=./build/seqgen
COMMON=(--train "$PTB/ptb.char.train.txt" --valid "$PTB/ptb.char.valid.txt" --hidden 1000 --batch 32 --seq 100
        --optimizer adam --resume)

# stage NAME INIT_FROM|"" TRAIN_OPTIONS...
stage() {
  local run=$RUNS/$1 init=$2
  shift 2
  [ -f "$run/finished" ] && return
  $S train text "${COMMON[@]}" --run "$run" ${init:+--init-from "$init"} "$@"
  touch "$run/finished"
}

stage ptb-char "" --lr 2e-3 --epochs 6 --lr-decay 0.5
stage ptb-char-wn "$RUNS/ptb-char/best.safetensors" --lr 1e-3 --weight-noise 0.075 --epochs 30 --patience 4 \
  --lr-decay 0.5

for run in ptb-char ptb-char-wn; do
  for mode in static dynamic; do
    echo "== $run, $mode"
    $S eval text --model "$RUNS/$run/best.safetensors" --text "$PTB/ptb.char.test.txt" \
      $([ $mode = dynamic ] && echo --dynamic)
  done
done
