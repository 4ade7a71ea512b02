#!/usr/bin/env bash
# Installs the pinned @nangohq/node versions into DIR (once, install.sh) and
# runs check.mjs with each against NANGO_TEST_BASE_URL / NANGO_TEST_SECRET_KEY.
# Usage: run.sh DIR
# Exit 77 (skip) when node/npm are missing or the npm registry cannot be
# reached, unless NANGO_REQUIRE_NODE_CLIENT=1 (CI), which makes that a failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
dir=$1
"$here/install.sh" "$dir" || exit $?
rc=0
node "$here/check.mjs" "$dir" nango-node-0.71 "current" || rc=1
node "$here/check.mjs" "$dir" nango-node-0.66 "legacy-routes" || rc=1
exit $rc
