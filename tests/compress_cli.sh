#!/usr/bin/env bash
# seqgen compress / decompress from the command line: round trips across
# thread counts and precision settings, standard output, and the errors a
# damaged, foreign or mismatched file gets (named, nonzero exit, no output).
# Usage: tests/compress_cli.sh SEQGEN
set -uo pipefail
S=$1
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
# expect_error CODE TEXT CMD...: CMD exits with CODE and says TEXT on stderr.
expect_error() {
  local code=$1 text=$2
  shift 2
  "$@" > "$T/out" 2> "$T/err"
  local got=$?
  [ $got = "$code" ] || fail "$*: exit $got, expected $code ($(cat "$T/err"))"
  grep -q -- "$text" "$T/err" || fail "$*: stderr lacks '$text': $(cat "$T/err")"
}

for i in $(seq 1 1500); do echo "line $i: the cat sat on the mat $((i * i % 97)) times"; done > "$T/text"
head -c 3000 /dev/urandom >> "$T/text"
SMALL=(--hidden 48 --seg 16)

# Compressed with one thread and fp32 products, restored with two and bf16:
# the coder's arithmetic depends on neither.
OMP_NUM_THREADS=1 SEQGEN_PRECISION=f32 "$S" compress "$T/text" -o "$T/a.sqz" "${SMALL[@]}" --threads 1 -q || fail "compress"
[ -s "$T/a.sqz" ] || fail "no output"
OMP_NUM_THREADS=2 SEQGEN_PRECISION=bf16 "$S" decompress "$T/a.sqz" -o "$T/a.out" --threads 2 -q || fail "decompress"
cmp "$T/text" "$T/a.out" || fail "round trip across thread counts differs"
[ "$(stat -c %s "$T/a.sqz")" -lt $(( $(stat -c %s "$T/text") / 2 )) ] || fail "the text did not shrink"
# The same bytes whatever the thread count.
OMP_NUM_THREADS=2 "$S" compress "$T/text" -o "$T/b.sqz" "${SMALL[@]}" --threads 2 -q || fail "compress 2 threads"
cmp "$T/a.sqz" "$T/b.sqz" || fail "compressed bytes depend on the thread count"
# Standard output, default names, the summary line, quiet.
"$S" decompress "$T/a.sqz" -o - -q | cmp - "$T/text" || fail "-o -"
cp "$T/text" "$T/c" && "$S" compress "$T/c" "${SMALL[@]}" 2> "$T/err" || fail "default output name"
grep -q "bits per byte" "$T/err" || fail "no summary: $(cat "$T/err")"
rm "$T/c" && "$S" decompress "$T/c.sqz" -q && cmp "$T/c" "$T/text" || fail "default decompressed name"
"$S" compress "$T/text" -o "$T/q.sqz" "${SMALL[@]}" -q 2> "$T/err" && [ ! -s "$T/err" ] || fail "--quiet printed: $(cat "$T/err")"
# The terminal's status line with the rate (asked for: a test root may have no
# pseudo-terminals); none with --quiet.
SEQGEN_PROGRESS=terminal "$S" compress "$T/text" -o "$T/t.sqz" "${SMALL[@]}" > "$T/tty" 2>&1
grep -q "compress \[.*bytes/s" "$T/tty" || fail "no progress on a terminal: $(cat "$T/tty")"
SEQGEN_PROGRESS=terminal "$S" compress "$T/text" -o "$T/t.sqz" "${SMALL[@]}" -q > "$T/tty" 2>&1
if grep -q "bytes/s" "$T/tty"; then fail "progress despite --quiet"; fi
# The empty file, the default network.
: > "$T/empty"
"$S" compress "$T/empty" -o "$T/e.sqz" -q && "$S" decompress "$T/e.sqz" -o "$T/e.out" -q && cmp "$T/empty" "$T/e.out" ||
  fail "empty file"

# Damaged files: an error naming the file, exit 1, nothing written.
head -c -7 "$T/a.sqz" > "$T/trunc.sqz"
expect_error 1 "trunc.sqz: truncated" "$S" decompress "$T/trunc.sqz" -o "$T/x"
[ ! -e "$T/x" ] || fail "a truncated file left output"
cp "$T/a.sqz" "$T/flip.sqz"
printf '\x55' | dd of="$T/flip.sqz" bs=1 seek=200 conv=notrunc status=none
expect_error 1 "flip.sqz: corrupt" "$S" decompress "$T/flip.sqz" -o "$T/x"
[ ! -e "$T/x" ] || fail "a corrupt file left output"
expect_error 1 "text: not a seqgen compressed file" "$S" decompress "$T/text" -o "$T/x"
expect_error 1 "nothing.sqz" "$S" decompress "$T/nothing.sqz" -o "$T/x"
expect_error 2 "lanes" "$S" compress "$T/text" --lanes 0

# Starting from a model: the same model is needed to decompress, another one is refused.
printf 'the cat sat on the mat.\nthe dog sat on the log.\n%.0s' $(seq 1 50) > "$T/train.txt"
for seed in 1 2; do
  "$S" train text --train "$T/train.txt" --valid "$T/train.txt" --run "$T/m$seed" --hidden 8 --epochs 1 --batch 2 \
    --seq 20 --init-seed $seed -q > /dev/null || fail "training a tiny model"
done
"$S" compress "$T/text" -o "$T/m.sqz" --model "$T/m1/best.safetensors" -q || fail "compress --model"
"$S" decompress "$T/m.sqz" -o "$T/m.out" --model "$T/m1/best.safetensors" -q && cmp "$T/m.out" "$T/text" ||
  fail "round trip with --model"
expect_error 1 "another model" "$S" decompress "$T/m.sqz" -o "$T/x" --model "$T/m2/best.safetensors"
expect_error 1 "name it with --model" "$S" decompress "$T/m.sqz" -o "$T/x"
expect_error 1 "without a model file" "$S" decompress "$T/a.sqz" -o "$T/x" --model "$T/m1/best.safetensors"
echo "compress cli: ok"
