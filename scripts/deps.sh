#!/usr/bin/env bash
# Debian 12 packages seqgen needs, one list per purpose (README, CI and users
# share this one script). Uses sudo when not run as root.
#
#   bash scripts/deps.sh           # build, run and test (README's commands)
#   bash scripts/deps.sh --bench   # also the references bench/compare.py and bench/compress run
#   bash scripts/deps.sh --deb     # also what makes and checks the .deb (cpack, scripts/deb_check.sh)
#   bash scripts/deps.sh --fuzz    # also clang and its libFuzzer runtime (scripts/fuzz.sh)
# scripts/sanitize.sh needs nothing more: g++ brings its ASan and UBSan runtimes
# (libasan8, libubsan1, dependencies of libgcc-12-dev).
set -euo pipefail

# Build tools.
build=(cmake ninja-build g++ pkg-config)
# Libraries seqgen links. oneDNN's CMake package looks for OpenCL, hence ocl-icd-opencl-dev.
# Open MPI for training over several processes (mpirun is in openmpi-bin).
libs=(libdnnl-dev ocl-icd-opencl-dev libopenblas-dev libfmt-dev libcli11-dev libpugixml-dev
  nlohmann-json3-dev libarchive-dev libcairo2-dev libcpp-httplib-dev libutf8proc-dev libopenmpi-dev openmpi-bin)
# The Python module (pybind11, for Debian's /usr/bin/python3).
python=(python3-dev python3-pybind11 python3-numpy)
# Tests and the benchmark programs (both built by default); the server's tests
# drive the page in headless Chromium through chromedriver; the Hershey fonts
# draw the words scripts/iam_augment.py adds to training lines.
test=(libgtest-dev libbenchmark-dev python3 python3-pytest chromium chromium-driver python3-selenium hershey-fonts-data)
# --bench: the PyTorch references of bench/compare.py (run with /usr/bin/python3),
# the compressors bench/compress compares with, the reader of bench/legibility.py.
bench=(python3-torch python3-numpy python3-threadpoolctl xz-utils zstd bzip2 tesseract-ocr tesseract-ocr-eng)
# --deb: cpack's dependency lookup (dpkg-shlibdeps, file) and the fresh root of deb_check.sh.
deb=(dpkg-dev file mmdebstrap)
# --fuzz: clang++-14; -fsanitize=fuzzer links libclang_rt.fuzzer and the
# ASan/UBSan runtimes from libclang-rt-14-dev (only recommended by clang-14).
fuzz=(clang-14 libclang-rt-14-dev)

pkgs=("${build[@]}" "${libs[@]}" "${python[@]}" "${test[@]}")
for arg in "$@"; do
  case $arg in
    --bench) pkgs+=("${bench[@]}") ;;
    --deb) pkgs+=("${deb[@]}") ;;
    --fuzz) pkgs+=("${fuzz[@]}") ;;
    *) echo "usage: scripts/deps.sh [--bench] [--deb] [--fuzz]" >&2; exit 2 ;;
  esac
done

SUDO=
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}"
