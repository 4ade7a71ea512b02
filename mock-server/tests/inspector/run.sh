#!/usr/bin/env bash
# The inspector page in headless Chromium, against a fresh mock with the
# seed fixtures. Installs the pinned puppeteer-core into DIR (once);
# screenshots go to DIR.
# Usage: run.sh NANGO_MOCK SEED PROVIDERS DIR
# Exit 77 (skip, with the reason) when Chromium, node/npm or the npm
# registry are missing, unless NANGO_REQUIRE_INSPECTOR=1.
set -u
here=$(cd "$(dirname "$0")" && pwd)
mock=$1 seed=$2 providers=$3 dir=$4
skip() {
  echo "inspector: skipped: $*" >&2
  [ "${NANGO_REQUIRE_INSPECTOR:-0}" = 1 ] && exit 1
  exit 77
}
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || skip "no Chromium (apt-get install chromium)"
command -v node >/dev/null && command -v npm >/dev/null || skip "node and npm are not installed"
mkdir -p "$dir"
if ! cmp -s "$here/package-lock.json" "$dir/package-lock.json" || [ ! -d "$dir/node_modules/puppeteer-core" ]; then
  cp "$here/package.json" "$here/package-lock.json" "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >npm.log 2>&1) ||
    { cat "$dir/npm.log" >&2; skip "npm install failed (is the npm registry reachable?)"; }
fi
dir=$(cd "$dir" && pwd)
log=$dir/mock.log
"$mock" --port 0 --fixtures "$seed" --providers "$providers" >"$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null' EXIT
port=
for _ in $(seq 1 100); do
  port=$(awk '/^port:/{print $2}' "$log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "mock did not start"; cat "$log"; exit 1; }
node "$here/check.mjs" "$dir" "http://127.0.0.1:$port" \
  5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11 "$chromium" "$dir"
