#!/usr/bin/env bash
# Installs the build to a temporary prefix and uses it as a library user and a
# command-line user would: README's example (examples/) built with
# find_package(seqgen) and with pkg-config, and the installed seqgen run from
# elsewhere; each must find libseqgen and the shipped model under that prefix.
#   tests/install_example.sh BUILD_DIR SOURCE_DIR LIBDIR
set -euo pipefail
build=$1 src=$2 libdir=$3
examples=$src/examples
# README quotes the example: they must not drift apart.
diff <(sed -n '/^```cpp/,/^```$/p' "$src/README.md" | sed '1d;$d') \
     <(sed -n '/^#include <seqgen\/render/,$p' "$examples/hello.cpp") \
  || { echo "README's library example differs from examples/hello.cpp" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
unset SEQGEN_MODELS_DIR
prefix=$tmp/prefix
cmake --install "$build" --prefix "$prefix" >/dev/null

# The example programs with the sanitizer runtime first, when libseqgen has one (SEQGEN_SANITIZE).
lib_user() { LD_PRELOAD=${SEQGEN_TEST_PRELOAD:-} "$@"; }

is_png() { [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] || { echo "$1 is not a PNG" >&2; exit 1; }; }

echo "== find_package(seqgen)"
cmake -S "$examples" -B "$tmp/cmake-build" -G Ninja -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$tmp/cmake-build"
(cd "$tmp" && lib_user ./cmake-build/hello cmake.png)
is_png "$tmp/cmake.png"

echo "== pkg-config seqgen"
flags=$(PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig" pkg-config --cflags --libs seqgen)
echo "flags: $flags"
g++ -std=c++17 "$examples/hello.cpp" $flags -o "$tmp/hello-pc"
(cd "$tmp" && LD_LIBRARY_PATH="$prefix/$libdir" lib_user ./hello-pc pc.png)
is_png "$tmp/pc.png"

echo "== installed seqgen"
(cd "$tmp" && "$prefix/bin/seqgen" write "Hello from the prefix" -o a.svg)
grep -q '<path' "$tmp/a.svg" || { echo "a.svg has no strokes" >&2; exit 1; }
echo "ok"
