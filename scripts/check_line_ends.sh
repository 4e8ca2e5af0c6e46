#!/usr/bin/env bash
# The end-of-line check of issue 4: writes the 20 texts of line_end_texts.txt
# (one line each, biased) with a synthesis model and reports, per line, how the
# window read the text (seqgen/alignment.hpp): words it never read, and steps
# drawn after it reached the end. The picture is for looking at the same lines.
# Usage: scripts/check_line_ends.sh [model] [bias] [out.png]
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-models/synthesis.safetensors}
BIAS=${2:-0.75}
OUT=${3:-docs/line_ends.png}
./build/seqgen write --file scripts/line_end_texts.txt --model "$MODEL" --bias "$BIAS" --seed 7 --check -o "$OUT"
