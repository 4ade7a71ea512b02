#!/usr/bin/env bash
# The journal's export is what `nango-drift replay` reads: traffic recorded
# on one mock (through nangoctl) is exported with GET /__admin/requests and
# replayed by nango-drift against two fresh mocks, which must answer alike;
# nango-drift must have replayed every recorded request.
# The mocks start from fixtures with fixed timestamps, so that the three
# agree on what they held before the traffic.
# Usage: journal_replay_test.sh NANGO_MOCK NANGOCTL NANGO_DRIFT PROVIDERS
set -u
. "$(dirname "$0")/lib.sh"
mock=$1 ctl=$2 drift=$3 providers=$4
dir=$(mktemp -d)
seed=$dir/seed.json
cat >"$seed" <<'JSON'
{"integrations":[
  {"unique_key":"github","provider":"github","created_at":"2025-01-01T00:00:00Z"},
  {"unique_key":"bearer","provider":"private-api-bearer","created_at":"2025-01-01T00:00:00Z"}],
 "connections":[
  {"id":1,"connection_id":"octocat","provider_config_key":"github",
   "created_at":"2025-01-02T00:00:00.5Z","metadata":{"team":"platform"},
   "credentials":{"type":"OAUTH2","access_token":"gho_seed","expires_at":"2099-01-01T00:00:00.000Z"}},
  {"id":2,"connection_id":"acme","provider_config_key":"bearer",
   "created_at":"2025-01-03T00:00:00Z","credentials":{"type":"API_KEY","apiKey":"sk_seed"}}]}
JSON
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$dir"' EXIT
start() { # start NAME: a mock with the seed; its URL in $dir/NAME.url
  "$mock" --port 0 --fixtures "$seed" --providers "$providers" >"$dir/$1.log" 2>&1 &
  pids+=($!)
  nm_wait_port "$dir/$1.log"
  echo "http://127.0.0.1:$port" >"$dir/$1.url"
}
start rec; start a; start b
export NANGO_HOST=$(cat "$dir/rec.url") NANGO_SECRET_KEY=5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11
"$ctl" list >/dev/null &&
"$ctl" import bearer j1 --type API_KEY --api-key k --tag team=core >/dev/null &&
"$ctl" set-metadata bearer j1 --json '{"plan":"pro"}' >/dev/null &&
"$ctl" get bearer j1 >/dev/null &&
"$ctl" list --integration-id bearer >/dev/null &&
"$ctl" delete bearer j1 >/dev/null || { echo "recording failed"; exit 1; }
"$ctl" get bearer j1 >/dev/null 2>&1 # a 404, recorded too
"$ctl" mock requests >"$dir/journal.json" || exit 1
n=$(grep -o '"method":' "$dir/journal.json" | wc -l)
[ "$n" = 7 ] || { echo "not ok - the journal holds $n requests, not 7"; exit 1; }
"$drift" --a "$(cat "$dir/a.url")" --a-key "$NANGO_SECRET_KEY" \
  --b "$(cat "$dir/b.url")" --b-key "$NANGO_SECRET_KEY" \
  replay "$dir/journal.json" >"$dir/drift.out" 2>&1
rc=$?
cat "$dir/drift.out"
[ $rc = 0 ] || { echo "not ok - nango-drift replay exited $rc"; exit 1; }
# both replay targets must have received the 7 requests
for side in a b; do
  got=$(NANGO_HOST=$(cat "$dir/$side.url") "$ctl" mock count --path '/connection*')
  [ "$got" -ge 7 ] || { echo "not ok - $side received $got requests"; exit 1; }
done
echo "ok - 7 journaled requests replayed by nango-drift on two mocks, no difference"
