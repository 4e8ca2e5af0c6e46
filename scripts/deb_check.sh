#!/usr/bin/env bash
# Installs a seqgen .deb (from `cpack -G DEB` in the build directory) on a
# minimal Debian 12 root made with mmdebstrap (apt only), as a new user would
# with `apt-get install ./x.deb`, then writes a line from another directory and
# checks the SVG. Needs root and the network (Debian's mirror).
#   bash scripts/deb_check.sh build/seqgen_0.1.0_amd64.deb
set -euo pipefail
[ $# = 1 ] && [ -f "$1" ] || { echo "usage: scripts/deb_check.sh DEB" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "deb_check: run as root (mmdebstrap, chroot)" >&2; exit 2; }
deb=$(realpath "$1")
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
echo "deb_check: $(basename "$deb"), $(du -h "$deb" | cut -f1)"
dpkg-deb --field "$deb" Depends | sed 's/^/deb_check: Depends: /'
# What runs inside the root once the package is there.
cat > "$out/inside.sh" <<'INSIDE'
set -euo pipefail
cd /tmp
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ./*.deb >/dev/null
dpkg-query -W -f='deb_check: installed ${Package} ${Version}, ${Installed-Size} kB\n' seqgen
echo "deb_check: /usr after install: $(du -sh /usr | cut -f1)"
t0=$(date +%s%N)
seqgen write "Hello from the package" -o a.svg
echo "deb_check: seqgen write took $(( ($(date +%s%N) - t0) / 1000000 )) ms"
INSIDE
start=$(date +%s)
# The null format: a temporary root, removed when the hooks are done.
mmdebstrap --quiet --variant=apt bookworm /dev/null \
  --customize-hook="copy-in $deb $out/inside.sh /tmp" \
  --customize-hook='chroot "$1" bash /tmp/inside.sh' \
  --customize-hook="copy-out /tmp/a.svg $out"
echo "deb_check: root made, package installed and run in $(( $(date +%s) - start )) s"
svg=$out/a.svg
[ -s "$svg" ] || { echo "deb_check: no a.svg" >&2; exit 1; }
head -c 200 "$svg" | grep -q '<svg' || { echo "deb_check: a.svg is not an SVG" >&2; exit 1; }
paths=$(grep -o '<path' "$svg" | wc -l)
[ "$paths" -gt 0 ] || { echo "deb_check: a.svg has no strokes" >&2; exit 1; }
echo "deb_check: a.svg $(stat -c %s "$svg") bytes, $paths paths: ok"
