#!/usr/bin/env bash
# Configures and builds the project in build/ (Release with debug info). Extra arguments go to cmake --build.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD_DIR=${ESEQ_BUILD_DIR:-build}
if [ ! -f "$BUILD_DIR/build.ninja" ]; then
  cmake -S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo ${ESEQ_CMAKE_ARGS:-}
fi
cmake --build "$BUILD_DIR" "$@"
