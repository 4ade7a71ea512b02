#!/usr/bin/env bash
# Proves the suite can fail: runs it against nango-mock-broken (DELETE
# answers 404 after deleting) and expects the delete cases, by name, to fail.
# Usage: broken-mock-check.sh NANGO_MOCK_BROKEN CONFORMANCE_BINARY PROVIDERS
set -u
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$here/run-against-mock.sh" "$1" "$2" "$3" >"$out" 2>&1
rc=$?
status=0
if [ "$rc" = 0 ]; then
  echo "not ok - the suite passed against a broken mock"; status=1
else
  echo "ok - the suite fails against a broken mock (exit $rc)"
fi
for name in delete_existing_connection_returns_success.json \
            delete_then_recreate_gives_a_new_id delete_then_get_is_not_found; do
  if grep -q "$name" "$out"; then echo "ok - $name is named as failing"
  else echo "not ok - $name was not reported"; status=1; fi
done
if grep -q 'unknown_connection_returns_404_not_found.json' "$out"; then
  echo "not ok - an unrelated case failed too"; status=1
fi
[ "$status" = 0 ] || tail -40 "$out"
exit $status
