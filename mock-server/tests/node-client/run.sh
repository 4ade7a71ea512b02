#!/usr/bin/env bash
# Installs the pinned @nangohq/node versions into DIR (once) and runs
# check.mjs with each against NANGO_TEST_BASE_URL / NANGO_TEST_SECRET_KEY.
# Usage: run.sh DIR
# Exit 77 (skip) when node/npm are missing or the npm registry cannot be
# reached, unless NANGO_REQUIRE_NODE_CLIENT=1 (CI), which makes that a failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
skip() {
  echo "node-client: $*" >&2
  [ "${NANGO_REQUIRE_NODE_CLIENT:-0}" = 1 ] && exit 1
  exit 77
}
command -v node >/dev/null && command -v npm >/dev/null || skip "node and npm are not installed"
mkdir -p "$dir"
if ! cmp -s "$here/package-lock.json" "$dir/package-lock.json" || [ ! -d "$dir/node_modules/nango-node-0.71" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >npm.log 2>&1) ||
    { cat "$dir/npm.log" >&2; skip "npm install failed (is the npm registry reachable?)"; }
fi
rc=0
node "$here/check.mjs" "$dir" nango-node-0.71 "current" || rc=1
node "$here/check.mjs" "$dir" nango-node-0.66 "legacy-routes" || rc=1
exit $rc
