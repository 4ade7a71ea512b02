#!/usr/bin/env bash
# Installs the pinned @nangohq/node versions (package-lock.json) into DIR
# once; used by run.sh and by the client kit's node drivers
# (conformance/drivers/node). Serialised with a lock on DIR.
# Usage: install.sh DIR
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
exec 9>"$dir/.install.lock"
flock 9
if ! cmp -s "$here/package-lock.json" "$dir/package-lock.json" || [ ! -d "$dir/node_modules/nango-node-0.71" ] ||
   [ ! -d "$dir/node_modules/nango-node-0.66" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >npm.log 2>&1) ||
    { cat "$dir/npm.log" >&2; skip "npm install failed (is the npm registry reachable?)"; }
fi
exit 0
