#!/usr/bin/env bash
# Regenerates the pictures in docs/ (shown in README.md) from the shipped
# models in models/. Usage: scripts/make_docs.sh [IAM-OnDB folder]
# The IAM folder is needed only for the pictures drawn along real lines.
set -euo pipefail
cd "$(dirname "$0")/.."
S=./build/seqgen
IAM=${1:-}
mkdir -p docs
TEXT=$'The quick brown fox jumps over the lazy dog.\nHandwriting synthesis, Graves 2013: 42 lines!\nEvery line ends with its last word.'

if [ -f models/synthesis.safetensors ]; then
  # README's first command, as written there.
  $S write "Hello, world. Handwriting from text." --bias 0.75 -o docs/hello.svg
  $S write "$TEXT" --bias 0 --jump-bias 0 --rare-bias 0 --seed 3 -o docs/unbiased.png
  $S write "$TEXT" --bias 0.75 --seed 3 -o docs/bias_0.75.png
  $S write "$TEXT" --bias 2 --seed 3 -o docs/bias_2.png
  $S write "$TEXT" --bias 0.75 --style 0 --seed 3 -o docs/style_0.png
  $S write "$TEXT" --bias 0.75 --style 1 --seed 3 -o docs/style_1.png
  $S plot window --text "Handwriting synthesis" --bias 0.75 -o docs/window.png
  scripts/check_line_ends.sh models/synthesis.safetensors 0.75 docs/line_ends.png
  if [ -n "$IAM" ]; then
    $S plot density --model models/synthesis.safetensors --data "$IAM" --line a02-050-03 -o docs/density_synthesis.png
  fi
fi
if [ -f models/handwriting.safetensors ]; then
  $S sample handwriting --model models/handwriting.safetensors --count 4 --seed 1 -o docs/handwriting_samples.png
  if [ -n "$IAM" ]; then
    $S plot density --model models/handwriting.safetensors --data "$IAM" --line a02-050-03 -o docs/density.png
  fi
fi
