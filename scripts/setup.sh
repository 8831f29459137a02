#!/usr/bin/env bash
# Installs everything a fresh Debian 12 machine lacks to build and test the project:
# the Debian -dev packages of DESIGN.md §3 and the blst sources (from the pinned npm package c-kzg).
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config clang-format git ca-certificates
  libboost-dev libssl-dev libsecp256k1-dev libcrypto++-dev libisal-dev libzstd-dev
  nlohmann-json3-dev libtomlplusplus-dev libcli11-dev libspdlog-dev libfmt-dev libexpected-dev
  prometheus-cpp-dev libcivetweb-dev libcurl4-openssl-dev
  libsqlite3-dev libpq-dev postgresql
  libgtest-dev libgmock-dev libbenchmark-dev librapidcheck-dev
)
# The machine image ships Node.js and npm; install Debian's only where they are absent.
command -v npm >/dev/null 2>&1 || APT_PACKAGES+=(nodejs npm)

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${#missing[@]} Debian packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# blst: its sources and x86-64 assembly ship inside the npm package c-kzg. The version and the
# tarball's SHA-512 are pinned here; the npm client resolves the registry by package name.
C_KZG_VERSION=4.1.0
C_KZG_SHA512=eliOBB2GKoT5Nk4LwN418O8kWfXCwepHj3kd6z0zKrzIdJbry0Y8IDPYzE5Dxw/fs386PGO6zQRqy8LSVtR5tQ==
DEPS_DIR=.deps
BLST_MARK="$DEPS_DIR/c-kzg-$C_KZG_VERSION/.verified"
if [ ! -f "$BLST_MARK" ]; then
  mkdir -p "$DEPS_DIR"
  tarball="$DEPS_DIR/c-kzg-$C_KZG_VERSION.tgz"
  if [ ! -f "$tarball" ]; then
    echo "setup: fetching c-kzg@$C_KZG_VERSION with npm"
    (cd "$DEPS_DIR" && npm pack --silent "c-kzg@$C_KZG_VERSION" >/dev/null 2>&1)
  fi
  actual=$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)
  if [ "$actual" != "$C_KZG_SHA512" ]; then
    echo "setup: integrity check failed for $tarball" >&2
    echo "  expected sha512-$C_KZG_SHA512" >&2
    echo "  actual   sha512-$actual" >&2
    rm -f "$tarball"
    exit 1
  fi
  rm -rf "$DEPS_DIR/c-kzg-$C_KZG_VERSION"
  mkdir -p "$DEPS_DIR/c-kzg-$C_KZG_VERSION"
  tar -xzf "$tarball" -C "$DEPS_DIR/c-kzg-$C_KZG_VERSION" --strip-components=1
  test -f "$DEPS_DIR/c-kzg-$C_KZG_VERSION/deps/blst/bindings/blst.hpp"
  touch "$BLST_MARK"
  echo "setup: blst sources verified in $DEPS_DIR/c-kzg-$C_KZG_VERSION/deps/blst"
fi
