#!/usr/bin/env bash
# The inspector page in headless Chromium, against a fresh mock with the
# seed fixtures. Installs the pinned puppeteer-core into DIR (once);
# screenshots go to DIR.
# Usage: run.sh NANGO_MOCK SEED PROVIDERS DIR
# Exit 77 (skip, with the reason) when Chromium, node/npm or the npm
# registry are missing, unless NANGO_REQUIRE_INSPECTOR=1.
set -u
here=$(cd "$(dirname "$0")" && pwd)
. "$here/../lib.sh"
mock=$1 seed=$2 providers=$3 dir=$4
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] ||
  nm_skip "inspector: skipped" NANGO_REQUIRE_INSPECTOR "no Chromium (apt-get install chromium)"
nm_npm_ci "$here" "$dir" node_modules/puppeteer-core "inspector: skipped" NANGO_REQUIRE_INSPECTOR
dir=$(cd "$dir" && pwd)
log=$dir/mock.log
"$mock" --port 0 --fixtures "$seed" --providers "$providers" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null' EXIT
nm_wait_port "$log"
node "$here/check.mjs" "$dir" "http://127.0.0.1:$port" \
  5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11 "$chromium" "$dir"
