#!/usr/bin/env bash
# One minute of wrk -c64 on mixed routes against an ASan/UBSan nango-mock on
# loopback; fails if the mock reports a sanitizer error or dies.
# Usage: ./scripts/soak.sh [seconds]   (needs wrk: apt-get install wrk)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
cmake -S . -B build-asan -DNANGO_SANITIZE=address,undefined -DNANGO_BUILD_TESTS=OFF >/dev/null
cmake --build build-asan --target nango-mock -j"$(nproc)" >/dev/null
log=$(mktemp)
./build-asan/mock-server/nango-mock --port 18555 --fixtures fixtures/seed.json >"$log" 2>&1 &
pid=$!
sleep 1
wrk -t2 -c64 -d"${secs}s" -s scripts/soak-mixed.lua http://127.0.0.1:18555/
kill -TERM "$pid"
wait "$pid"
if grep -q "ERROR: " "$log"; then cat "$log"; exit 1; fi
echo "soak: no sanitizer errors, clean shutdown"
