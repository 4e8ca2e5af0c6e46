#!/usr/bin/env bash
# The inputs issue 4 asks `seqgen write` to handle: digits, punctuation,
# capitals, characters outside the model's set (folded or refused), an empty
# text and 300 characters. Prints, per case, the exit code and what seqgen said;
# the pictures go to OUT_DIR.
# Usage: scripts/check_write_inputs.sh [model] [OUT_DIR]
set -uo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-models/synthesis.safetensors}
OUT=${2:-/tmp/seqgen-inputs}
mkdir -p "$OUT"
LONG="It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, it was the season of Darkness, it was the spring of hope, it was the winter of despair, we had everything before us."
cases=(
  "digits|Call 555-0199 at 10:30 on 24/12/2025."
  "punctuation|Wait! Is it (really) \"done\"? Yes; it's done - all of it."
  "capitals|THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG"
  "accents|Café déjà vu, naïve façade"
  "outside|Price: 5 € per copy"
  "empty|"
  "300chars|${LONG:0:300}"
)
for c in "${cases[@]}"; do
  name=${c%%|*}
  text=${c#*|}
  echo "== $name (${#text} characters)"
  ./build/seqgen write "$text" --model "$MODEL" --bias 0.75 --check -o "$OUT/$name.png" 2>&1 | sed 's/^/   /'
  echo "   exit ${PIPESTATUS[0]}"
done
