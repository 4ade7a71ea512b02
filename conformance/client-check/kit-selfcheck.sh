#!/usr/bin/env bash
# Proves nango-client-check can fail, and fails by name:
# - the libnango driver made wrong on purpose (NANGO_DRIVER_BREAK=
#   empty-metadata: it sends {} as metadata) fails the metadata scenarios,
#   by name, with the body named, and nothing else;
# - a driver that prints garbage, one that dies and one that hangs fail the
#   scenario by name (the run goes on), with the reason;
# - a known failure that passes is a failure; no scenarios is a failure;
#   a scenario file that is not JSON or lacks its members fails by name;
# - --junit writes one test case per scenario.
# Usage: kit-selfcheck.sh KIT LIBNANGO_DRIVER MOCK NODE_KNOWN_FAILURES
set -u
kit=$1 drv=$2 mock=$3 known=$4
out=$(mktemp) junit=$(mktemp)
trap 'rm -f "$out" "$junit"' EXIT
status=0
ok() { echo "ok - $*"; }
bad() { echo "not ok - $*"; status=1; }
has() { grep -qE "$1" "$out"; }

NANGO_DRIVER_BREAK=empty-metadata "$kit" --mock "$mock" --driver "$drv" --junit "$junit" >"$out" 2>&1
rc=$?
[ "$rc" = 1 ] && ok "the wrong driver makes the kit exit 1" || bad "the wrong driver: exit $rc, expected 1"
for name in set_metadata_replaces_the_metadata_of_one_connection update_metadata_merges_into_the_existing_metadata \
            set_metadata_on_several_connections_sends_every_id; do
  has "^FAIL +$name: step 1 \([a-z_]+\): body: sent .*\"metadata\":\{\}" && ok "$name fails on its body" ||
    bad "$name is not reported as failing on its body"
done
if grep -E '^FAIL' "$out" | grep -vqE 'metadata'; then bad "a scenario without metadata failed too"; else ok "only metadata scenarios fail"; fi
has '^PASS +list_without_filters_returns_every_connection_newest_first$' && ok "other scenarios pass" || bad "list scenario did not pass"
grep -q '<testcase classname="set_metadata" name="set_metadata_replaces_the_metadata_of_one_connection"><failure' "$junit" &&
  ok "--junit names the failure" || bad "--junit does not name the failure"
[ "$(grep -c '<testcase ' "$junit")" = "$(grep -cE '^(PASS|FAIL|UNSUPPORTED|XFAIL) ' "$out")" ] &&
  ok "--junit has one test case per scenario" || bad "--junit test case count differs from the lines"

one=list_without_filters_returns_every_connection_newest_first
run_bad() { # NAME DRIVER PATTERN [options]
  local what=$1 d=$2 pat=$3; shift 3
  "$kit" --mock "$mock" --filter "$one" --driver "$d" "$@" >"$out" 2>&1
  local rc=$?
  if [ "$rc" = 1 ] && has "^FAIL +$one: $pat"; then ok "$what fails the scenario by name"
  else bad "$what: exit $rc"; cat "$out"; fi
}
run_bad "a driver printing garbage" 'while read -r l; do echo "hello there"; done' \
  "driver printed a line that is not a JSON object: 'hello there'"
run_bad "a driver that dies" 'read -r l; echo "{\"ok\":true,\"value\":{}}"; read -r l; echo oops >&2; exit 3' \
  "step 1 \(list\): driver closed its output: exited with status 3; stderr: oops"
run_bad "a driver that hangs" 'read -r l; echo "{\"ok\":true}"; sleep 30' \
  "step 1 \(list\): driver did not answer within 700 ms" --timeout 700
run_bad "a driver with a wrong answer shape" 'read -r l; echo "{\"ok\":true}"; read -r l; echo "{\"value\":1}"' \
  "step 1 \(list\): driver: the answer is not"

"$kit" --mock "$mock" --driver "$drv" --filter get_of_id_with_space_slash --known-failures "$known" >"$out" 2>&1
rc=$?
[ "$rc" = 1 ] && has "^FAIL +get_of_id_with_space_slash_and_plus_is_percent_encoded: passes, but .* lists it as a known failure" &&
  ok "a listed known failure that passes fails the run" || { bad "a passing known failure: exit $rc"; cat "$out"; }

bad=$(mktemp -d)
echo '{"name":"broken_file"' >"$bad/broken_file.json"
echo '{"name":"other_name","why":"w","operation":"list","steps":[{"command":{"op":"list"}}]}' >"$bad/misnamed.json"
"$kit" --mock "$mock" --driver "$drv" --cases "$bad" >"$out" 2>&1
rc=$?
rm -rf "$bad"
[ "$rc" = 1 ] && has "^FAIL +.*broken_file.json: scenario: .* is not JSON" &&
  has '^FAIL +misnamed: scenario: misnamed.json needs "name"' &&
  ok "malformed scenario files fail by name" || { bad "malformed scenarios: exit $rc"; cat "$out"; }

"$kit" --mock "$mock" --driver "$drv" --cases /nonexistent-kit-cases >"$out" 2>&1
rc=$?
[ "$rc" = 1 ] && has "no scenarios" && ok "no scenarios is a failure" || bad "no scenarios: exit $rc"
exit $status
