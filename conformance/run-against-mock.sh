#!/usr/bin/env bash
# Starts nango-mock on a free port, waits for /health, runs the suite against
# it and stops the mock, also when the suite fails.
# Usage: run-against-mock.sh NANGO_MOCK CONFORMANCE_BINARY PROVIDERS_JSON [args]
set -u
mock=$1 suite=$2 providers=$3
shift 3
log=$(mktemp)
"$mock" --port 0 --providers "$providers" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
  port=$(awk '/^port:/{print $2}' "$log")
  [ -n "$port" ] && curl -fs "http://127.0.0.1:$port/health" >/dev/null && break
  sleep 0.1
done
if [ -z "${port:-}" ]; then
  echo "nango-mock did not start:" >&2
  cat "$log" >&2
  exit 1
fi
export NANGO_TEST_BASE_URL="http://127.0.0.1:$port"
export NANGO_TEST_SECRET_KEY=$(awk '/^secret-key dev:/{print $3}' "$log")
export NANGO_TEST_TARGET_IS_MOCK=1
"$suite" "$@"
rc=$?
if ! kill -0 "$pid" 2>/dev/null; then
  echo "nango-mock died during the run:" >&2
  cat "$log" >&2
  exit 1
fi
exit $rc
