#!/usr/bin/env bash
# Installs the pinned @nangohq/node versions (package-lock.json) into DIR
# once; used by run.sh and by the client kit's node drivers
# (conformance/drivers/node). Serialised with a lock on DIR.
# Usage: install.sh DIR
# Exit 77 (skip) when node/npm are missing or the npm registry cannot be
# reached, unless NANGO_REQUIRE_NODE_CLIENT=1 (CI), which makes that a failure.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
dir=$1
mkdir -p "$dir"
exec 9>"$dir/.install.lock"
flock 9
# npm ci installs both versions at once; the older one marks a whole install
nm_npm_ci "$here" "$dir" node_modules/nango-node-0.66 node-client NANGO_REQUIRE_NODE_CLIENT
exit 0
