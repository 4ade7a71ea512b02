#!/usr/bin/env bash
# Regenerates fixtures/providers.json, nango-mock's provider catalogue, from
# Nango's own @nangohq/providers npm package (aliases resolved by the
# package's loader, which brings its YAML parser as a dependency).
#   ./scripts/update-providers.sh [VERSION] [OUTPUT]
# VERSION defaults to the one we copy. 0.71.5, not 0.71.4: the npm 0.71.4
# was published before the 0.71.4 server commit and lacks 31 of its
# providers; 0.71.5's catalogue equals that server's plus one (vincere).
# OUTPUT defaults to fixtures/providers.json. Needs node and npm.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=${1:-0.71.5}
output=${2:-$here/../fixtures/providers.json}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npm install --prefix "$tmp" --no-save --no-audit --no-fund --no-package-lock \
  --loglevel=error "@nangohq/providers@$version" >/dev/null
node "$here/providers-to-json.mjs" "$tmp/node_modules/@nangohq/providers" >"$tmp/providers.json"
mv "$tmp/providers.json" "$output"
echo "$(grep -c '"auth_mode"' "$output") providers from @nangohq/providers@$version -> $output"
