#!/usr/bin/env bash
# Runs the client kit on @nangohq/node (one pinned version) through
# driver.mjs, with the install shared with the node-client test.
# Usage: run.sh INSTALL_DIR MODULE KIT MOCK [kit options...]
#   MODULE: nango-node-0.71 or nango-node-0.66 (npm aliases of 0.71.4, 0.66.2)
# Exit 77 (skip) when node/npm or the npm registry are missing, unless
# NANGO_REQUIRE_NODE_CLIENT=1 (CI), which makes that a failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../../.." && pwd)
dir=$1 module=$2 kit=$3 mock=$4
shift 4
"$root/mock-server/tests/node-client/install.sh" "$dir" || exit $?
exec "$kit" --mock "$mock" --known-failures "$here/known-failures.txt" \
  --driver "node '$here/driver.mjs' '$dir' $module" "$@"
