#!/usr/bin/env bash
# fixtures/providers.json must be what scripts/update-providers.sh makes
# from the pinned @nangohq/providers. Exit 77 (skip) when node/npm or the
# npm registry are missing, unless NANGO_REQUIRE_NODE_CLIENT=1 (CI).
set -u
here=$(cd "$(dirname "$0")" && pwd)
skip() {
  echo "providers: $*" >&2
  [ "${NANGO_REQUIRE_NODE_CLIENT:-0}" = 1 ] && exit 1
  exit 77
}
command -v node >/dev/null && command -v npm >/dev/null || skip "node and npm are not installed"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$here/update-providers.sh" "" "$tmp/providers.json" >"$tmp/log" 2>&1 ||
  { cat "$tmp/log" >&2; skip "update-providers.sh failed (is the npm registry reachable?)"; }
cat "$tmp/log"
if ! cmp -s "$tmp/providers.json" "$here/../fixtures/providers.json"; then
  echo "not ok - fixtures/providers.json differs from a fresh scripts/update-providers.sh:"
  diff "$here/../fixtures/providers.json" "$tmp/providers.json" | head -20
  exit 1
fi
echo "ok - fixtures/providers.json is what scripts/update-providers.sh makes"
