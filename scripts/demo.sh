#!/usr/bin/env bash
# The README's main command. Until the network and node layers land, it builds every binary and prints
# the --help of each; then it will start a local network (orchestrator + 4 nodes + transaction generator).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
BUILD_DIR=${ESEQ_BUILD_DIR:-build}
shopt -s nullglob
for bin in "$BUILD_DIR"/bin/*; do
  echo "=== $(basename "$bin") --help"
  "$bin" --help
  echo
done
