#!/usr/bin/env bash
# Runs the suite against a live Nango named by NANGO_TEST_BASE_URL and
# NANGO_TEST_SECRET_KEY; exits 77 (ctest: skipped) when they are unset.
set -u
suite=$1
shift
if [ -z "${NANGO_TEST_BASE_URL:-}" ] || [ -z "${NANGO_TEST_SECRET_KEY:-}" ]; then
  echo "conformance.live skipped: set NANGO_TEST_BASE_URL and NANGO_TEST_SECRET_KEY"
  exit 77
fi
for _ in $(seq 1 60); do
  curl -fs "$NANGO_TEST_BASE_URL/health" >/dev/null && break
  sleep 1
done
unset NANGO_TEST_TARGET_IS_MOCK
exec "$suite" "$@"
