#!/usr/bin/env bash
# Installs dependencies (when root), builds nango-mock in build-mock/ (its own
# folder, so it never reconfigures the tests' build/) and starts it on
# http://127.0.0.1:3003 with the sample fixtures. Extra arguments are passed
# to nango-mock (see --help), e.g. ./scripts/run-mock.sh --port 0
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" = 0 ] && ! dpkg -s build-essential pkg-config libcivetweb-dev libjsmn-dev libcurl4-openssl-dev cmake >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    build-essential cmake pkg-config ca-certificates \
    libcivetweb-dev libcurl4-openssl-dev libjsmn-dev libcriterion-dev >/dev/null
fi
cmake -S . -B build-mock -DCMAKE_BUILD_TYPE=Release -DNANGO_BUILD_TESTS=OFF >/dev/null
cmake --build build-mock -j"$(nproc)" --target nango-mock >/dev/null
exec ./build-mock/mock-server/nango-mock --fixtures fixtures/seed.json "$@"
