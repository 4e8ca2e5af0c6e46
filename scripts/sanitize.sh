#!/usr/bin/env bash
# The whole test suite under AddressSanitizer and UndefinedBehaviorSanitizer:
# configures build-asan with SEQGEN_SANITIZE=ON, builds it and runs README's
# test command there. Every sanitized process (the test binary and each
# seqgen it starts, including those expected to fail) writes its reports to
# build-asan/sanitizer/; the run fails if any report is there, even when the
# test that caused it passed. Extra arguments go to cmake's configure, e.g.
#   bash scripts/sanitize.sh -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
# Leaks of the system's font libraries are suppressed (tests/sanitizer/lsan.supp).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
# Benchmarks are not tests: not built here.
cmake -S . -B build-asan -G Ninja -DSEQGEN_SANITIZE=ON -DSEQGEN_BENCH=OFF "$@"
cmake --build build-asan
reports=$root/build-asan/sanitizer
rm -rf "$reports" && mkdir -p "$reports"
# log_path: reports go to files named by process (see above), not to a
# stderr that a test may capture and ignore.
export ASAN_OPTIONS="log_path=$reports/asan:detect_leaks=1"
export LSAN_OPTIONS="suppressions=$root/tests/sanitizer/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS="log_path=$reports/ubsan:print_stacktrace=1"
status=0
ctest --test-dir build-asan --output-on-failure -j2 || status=$?
if compgen -G "$reports/*" >/dev/null; then
  echo "sanitizer reports (build-asan/sanitizer/):"
  for f in "$reports"/*; do echo "== $f"; head -n 60 "$f"; done
  status=1
fi
exit $status
