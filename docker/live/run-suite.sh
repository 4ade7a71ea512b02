#!/usr/bin/env bash
# Starts docker/live/compose.yaml, waits for /health, runs the conformance
# suite against it. Usage: docker/live/run-suite.sh (from a built tree).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
export NANGO_SECRET_KEY_DEV=${NANGO_SECRET_KEY_DEV:-5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11}
docker compose -f "$here/compose.yaml" up -d
for _ in $(seq 1 120); do
  curl -fs http://127.0.0.1:3003/health >/dev/null && break
  sleep 2
done
NANGO_TEST_BASE_URL=http://127.0.0.1:3003 NANGO_TEST_SECRET_KEY=$NANGO_SECRET_KEY_DEV \
  "$here/../../build/conformance/nango-conformance" "$@"
