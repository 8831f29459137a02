#!/usr/bin/env bash
# The README's test command: installs what is missing, builds everything and runs the whole suite with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/build.sh
scripts/format.sh --check
BUILD_DIR=${ESEQ_BUILD_DIR:-build}
# PostgreSQL for the storage suite (ESEQ_TEST_POSTGRES_URI); stopped when this script exits.
source scripts/postgres.sh
cd "$BUILD_DIR"
ctest --output-on-failure --timeout 900 -j "$(nproc)" "$@"
