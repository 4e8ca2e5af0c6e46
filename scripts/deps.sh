#!/usr/bin/env bash
# Debian packages seqgen needs to build, test and benchmark (one list for
# README, CI and users). Uses sudo when not run as root.
set -euo pipefail
SUDO=
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
$SUDO apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  cmake ninja-build g++ pkg-config \
  libdnnl-dev libopenblas-dev libfmt-dev libcli11-dev libpugixml-dev nlohmann-json3-dev \
  libarchive-dev libcairo2-dev libgtest-dev libbenchmark-dev \
  python3-torch python3-numpy hershey-fonts-data
