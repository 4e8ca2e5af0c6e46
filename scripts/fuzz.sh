#!/usr/bin/env bash
# Builds the libFuzzer harnesses (fuzz/, clang + ASan + UBSan) and runs each on
# a copy of its committed corpus for SECONDS (default 60), one after another.
# A crash, hang (> 10 s on one input), leak or out-of-memory (> 2 GB) fails
# the run and leaves the reproducer in build-fuzz/findings/<name>/.
# Usage: scripts/fuzz.sh [SECONDS] [NAME...]   (names: safetensors strokes_json strokes_svg iam_xml text)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
shift || true
NAMES=("$@")
[ ${#NAMES[@]} -gt 0 ] || NAMES=(safetensors strokes_json strokes_svg iam_xml text)
cmake -S fuzz -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build build-fuzz >/dev/null
status=0
for n in "${NAMES[@]}"; do
  work=build-fuzz/corpus/$n findings=build-fuzz/findings/$n
  rm -rf "$work" && mkdir -p "$work" "$findings"
  cp fuzz/corpus/$n/* "$work/"
  echo "== fuzz_$n: ${SECONDS_EACH}s"
  if ! build-fuzz/fuzz_$n -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -artifact_prefix="$findings/" -print_final_stats=1 "$work" > build-fuzz/fuzz_$n.log 2>&1; then
    echo "fuzz_$n FAILED: see build-fuzz/fuzz_$n.log and $findings/"; tail -n 30 build-fuzz/fuzz_$n.log
    status=1
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|^#[0-9]+ *DONE" build-fuzz/fuzz_$n.log | tr '\n' ' '; echo
done
exit $status
