#!/usr/bin/env bash
# Installs the independent implementations the cross-check compares against (@noble/curves and
# @noble/hashes, pinned) into the build directory, by package name with the npm client. Skips the
# install when the pinned versions are already there. Fails loudly when npm cannot install them:
# the cross-check must not silently skip.
set -euo pipefail
prefix="$1"
NOBLE_CURVES_VERSION=2.4.0
NOBLE_HASHES_VERSION=2.4.0

installed_version() {
  local manifest="$prefix/node_modules/$1/package.json"
  [ -f "$manifest" ] && node -e "console.log(require(process.argv[1]).version)" "$manifest"
}

if [ "$(installed_version @noble/curves || true)" = "$NOBLE_CURVES_VERSION" ] &&
   [ "$(installed_version @noble/hashes || true)" = "$NOBLE_HASHES_VERSION" ]; then
  echo "interop: @noble/curves@$NOBLE_CURVES_VERSION and @noble/hashes@$NOBLE_HASHES_VERSION present"
  exit 0
fi
command -v npm >/dev/null || { echo "interop: npm is not installed (scripts/setup.sh)" >&2; exit 1; }
mkdir -p "$prefix"
echo "interop: installing @noble/curves@$NOBLE_CURVES_VERSION @noble/hashes@$NOBLE_HASHES_VERSION"
if ! npm install --no-save --no-package-lock --no-audit --no-fund --prefix "$prefix" \
    "@noble/curves@$NOBLE_CURVES_VERSION" "@noble/hashes@$NOBLE_HASHES_VERSION"; then
  echo "interop: FAILED to install the npm packages the cross-check needs" >&2
  exit 1
fi
[ "$(installed_version @noble/curves)" = "$NOBLE_CURVES_VERSION" ] || {
  echo "interop: @noble/curves is not at $NOBLE_CURVES_VERSION after install" >&2; exit 1; }
