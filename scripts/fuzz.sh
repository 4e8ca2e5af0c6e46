#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/, clang + ASan + UBSan) and runs each on
# a copy of its committed corpus for SECONDS (default 60), one after another.
# A crash, hang (one input running longer than FUZZ_TIMEOUT seconds, default
# 10), leak or out-of-memory (> 2 GB) fails the run and leaves the reproducer
# in build-fuzz/findings/<name>/. Needs `bash scripts/deps.sh --fuzz`.
# Usage: scripts/fuzz.sh [SECONDS] [NAME...]
#   names: safetensors strokes_json strokes_svg iam_xml text write_request sqz
# A reproducer is replayed with build-fuzz/fuzz_<name> FILE.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
shift || true
NAMES=("$@")
[ ${#NAMES[@]} -gt 0 ] || NAMES=(safetensors strokes_json strokes_svg iam_xml text write_request sqz)
TIMEOUT=${FUZZ_TIMEOUT:-10}
cmake -S fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 >/dev/null
# Quiet, but a failed build shows why (it used to end the run without a word).
cmake --build build-fuzz > build-fuzz/build.log 2>&1 || { echo "the fuzz build failed:"; tail -n 40 build-fuzz/build.log; exit 1; }
status=0
for n in "${NAMES[@]}"; do
  [ -d "fuzz/corpus/$n" ] || { echo "no harness named $n (fuzz/corpus/$n)" >&2; exit 2; }
  work=build-fuzz/corpus/$n findings=build-fuzz/findings/$n
  rm -rf "$work" "$findings" && mkdir -p "$work" "$findings"
  cp fuzz/corpus/$n/* "$work/"
  echo "== fuzz_$n: ${SECONDS_EACH}s"
  if ! build-fuzz/fuzz_$n -max_total_time="$SECONDS_EACH" -timeout="$TIMEOUT" -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix="$findings/" -print_final_stats=1 "$work" > build-fuzz/fuzz_$n.log 2>&1; then
    echo "fuzz_$n FAILED: see build-fuzz/fuzz_$n.log and $findings/"; tail -n 30 build-fuzz/fuzz_$n.log
    status=1
  fi
  # the last status line (executions, coverage, corpus) and the final stats
  grep -E "^#[0-9]+" build-fuzz/fuzz_$n.log | tail -n 1
  grep -E "^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)" build-fuzz/fuzz_$n.log | tr '\n' ' '; echo
done
exit $status
