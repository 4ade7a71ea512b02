#!/usr/bin/env bash
# The example driver of conformance/drivers/README.md: the copy in the
# README must be driver.mjs, and the kit must pass on it (what it does not
# do is unsupported, never failed).
# Usage: check.sh KIT MOCK
# Exit 77 (skip) without node, unless NANGO_REQUIRE_NODE_CLIENT=1 (CI).
set -u
here=$(cd "$(dirname "$0")" && pwd)
kit=$1 mock=$2
readme="$here/../README.md"
if ! awk '/^<!-- example-driver -->$/{on=1; next} /^<!-- \/example-driver -->$/{on=0} on' "$readme" |
     sed '1d;$d' | diff -u - "$here/driver.mjs"; then
  echo "not ok - the example in conformance/drivers/README.md is not driver.mjs"
  exit 1
fi
echo "ok - the README's example is driver.mjs"
if ! command -v node >/dev/null; then
  echo "node is not installed" >&2
  [ "${NANGO_REQUIRE_NODE_CLIENT:-0}" = 1 ] && exit 1
  exit 77
fi
exec "$kit" --mock "$mock" --driver "node '$here/driver.mjs'"
