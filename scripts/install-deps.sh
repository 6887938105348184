#!/usr/bin/env bash
# Installs what Corridor needs to build, run and test, if missing.
# Debian 12 packages via apt-get (as root); front-end and browser-test packages via npm.
set -euo pipefail
cd "$(dirname "$0")/.."

BUILD_PKGS="build-essential cmake pkg-config clang libclang-rt-14-dev libgtest-dev libbenchmark-dev \
 libcpp-httplib-dev libssl-dev nlohmann-json3-dev libsqlite3-dev sqlite3 libpq-dev libsodium-dev libzip-dev \
 libexpat1-dev libxlsxwriter-dev libstemmer-dev libcurl4-openssl-dev libkainjow-mustache-dev zlib1g-dev unzip"
# postgresql: the server (and psql) for the PostgreSQL pass of scripts/run-tests.sh, which starts
# a throwaway cluster (scripts/pg-test-cluster.sh) and fails if the binaries are missing;
# nginx: load balancer of the multi-instance test.
TEST_PKGS="chromium postgresql nginx"

want="$BUILD_PKGS"
if [ "${1:-}" = "--test" ]; then want="$want $TEST_PKGS"; fi

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "corridor: installing Debian packages:$missing"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# Front-end assets (charting library), vendored into assets/vendor at build time.
if [ ! -f node_modules/chart.js/dist/chart.umd.js ] || { [ "${1:-}" = "--test" ] && [ ! -d node_modules/playwright-core ]; }; then
  echo "corridor: installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error 2>/dev/null || npm install --no-audit --no-fund --loglevel=error
fi
