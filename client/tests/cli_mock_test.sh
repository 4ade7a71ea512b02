#!/usr/bin/env bash
# `nangoctl mock ...` end to end against NANGO_TEST_BASE_URL /
# NANGO_TEST_SECRET_KEY (run-against-mock.sh starts a fresh mock): every
# subcommand, its output and its exit code. Usage: cli_mock_test.sh NANGOCTL
set -u
ctl=$1
export NANGO_HOST=$NANGO_TEST_BASE_URL NANGO_SECRET_KEY=$NANGO_TEST_SECRET_KEY
failures=0
out=$(mktemp) err=$(mktemp) state=$(mktemp)
trap 'rm -f "$out" "$err" "$state"' EXIT

# expect NAME EXIT_CODE OUTPUT_REGEX -- ARGS...
expect() {
  local name=$1 code=$2 rx=$3
  shift 4
  "$ctl" "$@" >"$out" 2>"$err"
  local rc=$?
  if [ "$rc" != "$code" ] || ! grep -Eq -- "$rx" "$out" "$err"; then
    echo "not ok - $name: exit $rc (want $code), output must match $rx"
    sed 's/^/  stdout: /' "$out" | head -5
    sed 's/^/  stderr: /' "$err" | head -5
    failures=$((failures + 1))
  else
    echo "ok - $name"
  fi
}

expect mock_help_lists_the_subcommands 0 'fault add' -- mock --help
expect mock_without_subcommand_is_a_usage_error 2 'usage: nangoctl mock' -- mock
expect unknown_subcommand_is_a_usage_error 2 'unknown subcommand' -- mock frob
expect option_of_another_subcommand_is_a_usage_error 2 'not an option here' -- mock reset --drop
expect reset_to_empty_says_so 0 '^\{"reset":"empty"\}$' -- mock reset --empty
expect load_reads_a_file_from_stdin 0 '"loaded":"replace"' -- mock load - <<'JSON'
{"integrations":[{"unique_key":"gh","provider":"github"}],
 "connections":[{"id":9,"connection_id":"c9","provider_config_key":"gh",
   "created_at":"2026-01-01T00:00:00Z","credentials":{"type":"OAUTH2","access_token":"t"}}]}
JSON
expect export_gives_what_was_loaded 0 '"id":9,"connection_id":"c9","provider_config_key":"gh","created_at":"2026-01-01T00:00:00.000000Z"' -- mock export
"$ctl" mock export >"$state"
expect load_with_a_problem_exits_4_naming_the_path 4 'integrations\[0\].provider: unknown provider' -- mock load - <<'JSON'
{"integrations":[{"unique_key":"gh","provider":"githbu"}]}
JSON
expect load_merge_keeps_the_rest 0 '"loaded":"merge"' -- mock load --merge - <<'JSON'
{"connections":[{"connection_id":"c10","provider_config_key":"gh","credentials":{}}]}
JSON
expect list_after_merge_shows_both 0 '"connection_id":"c10".*"connection_id":"c9"' -- list
expect load_of_the_export_file_restores_it 0 '"loaded":"replace"' -- mock load "$state"
expect requests_clear_empties_the_journal 0 '"deleted":' -- mock requests --clear
expect requests_filter_by_status_only_shows_it 0 '"total":0' -- mock requests --status 404
"$ctl" get gh nope >/dev/null 2>&1
expect count_prints_a_number 0 '^1$' -- mock count --status 404
expect requests_filter_by_path_glob 0 '"total":1' -- mock requests --path '/connections/*'
expect fault_add_prints_the_fault_with_its_id 0 '"id":"f1".*"action":"status","status":503' -- mock fault add --method GET --path /connections --status 503 --header 'X-A: b' --times 1
expect faulted_list_exits_4 4 'HTTP 503' -- list
expect fault_add_drop_json 0 '"action":"drop"' -- mock fault add --json '{"drop":true,"match":{"method":"DELETE"}}'
expect fault_list_shows_it 0 '"faults":\[\{"id":"f2"' -- mock fault list
expect fault_clear_unknown_exits_3 3 'unknown_fault' -- mock fault clear f99
expect fault_clear_by_id 0 '\{"deleted":1\}' -- mock fault clear f2
expect bad_fault_exits_4_naming_the_field 4 '"field":"percent"' -- mock fault add --status 500 --percent 101
expect non_numeric_option_is_a_usage_error 2 'takes a number' -- mock fault add --status abc
expect clock_freeze_at_an_instant 0 '"frozen":true,"now":"2030-01-01T00:00:00.000000Z"' -- mock clock freeze 2030-01-01T00:00:00Z
expect clock_advance 0 '"now":"2030-01-01T00:00:01.500000Z"' -- mock clock advance 1500
expect clock_show 0 '"frozen":true' -- mock clock
expect clock_release 0 '"frozen":false' -- mock clock release
expect clock_bad_advance_is_a_usage_error 2 'milliseconds' -- mock clock advance soon
expect wrong_key_exits_4 4 'HTTP 401' -- --secret-key 00000000-0000-4000-8000-000000000000 mock export

echo "cli mock: $failures failures"
[ "$failures" = 0 ]
