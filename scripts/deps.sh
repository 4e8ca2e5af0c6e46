#!/usr/bin/env bash
# Debian packages seqgen needs to build, test and benchmark (one list for
# README, CI and users). Run as root or through sudo.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  cmake ninja-build g++ pkg-config \
  libdnnl-dev libopenblas-dev libfmt-dev libcli11-dev libpugixml-dev nlohmann-json3-dev \
  libarchive-dev libcairo2-dev libgtest-dev libbenchmark-dev \
  python3-torch python3-numpy hershey-fonts-data
