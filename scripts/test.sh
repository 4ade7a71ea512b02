#!/usr/bin/env bash
# Installs dependencies (when root), builds everything and runs every test:
#   ./scripts/test.sh
# Extra CMake flags can be given in NANGO_CMAKE_FLAGS.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ] && ! dpkg -s build-essential pkg-config libcivetweb-dev libjsmn-dev libcriterion-dev libcurl4-openssl-dev cmake locales >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    build-essential cmake pkg-config ca-certificates curl \
    libcivetweb-dev libcurl4-openssl-dev libjsmn-dev libcriterion-dev locales >/dev/null
fi
# unit.json parses numbers under a comma locale (LC_NUMERIC=de_DE.UTF-8)
if [ "$(id -u)" = 0 ] && ! locale -a | grep -qi '^de_DE\.utf-\?8$'; then
  localedef -i de_DE -f UTF-8 de_DE.UTF-8
fi
if [ "$(id -u)" = 0 ] && { ! command -v node >/dev/null || ! command -v npm >/dev/null; }; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
# the inspector page's browser test (inspector.browser) needs Chromium
if [ "$(id -u)" = 0 ] && ! command -v chromium >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
# build/ is the tests' folder (scripts/run-mock.sh uses build-mock/), and the
# tests are switched on explicitly, whatever an older cache says.
# shellcheck disable=SC2086
cmake -S . -B build -DCMAKE_BUILD_TYPE=Debug -DNANGO_BUILD_TESTS=ON ${NANGO_CMAKE_FLAGS:-}
cmake --build build -j"$(nproc)"
cd build
ctest --output-on-failure --no-tests=error -LE bench
