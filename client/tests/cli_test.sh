#!/usr/bin/env bash
# nangoctl end to end, against NANGO_TEST_BASE_URL / NANGO_TEST_SECRET_KEY
# (run-against-mock.sh starts a fresh mock). Usage: cli_test.sh NANGOCTL
set -u
ctl=$1
export NANGO_HOST=$NANGO_TEST_BASE_URL NANGO_SECRET_KEY=$NANGO_TEST_SECRET_KEY
failures=0
suffix=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
key=cli-$suffix
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"; curl -s -X DELETE -H "Authorization: Bearer $NANGO_SECRET_KEY" "$NANGO_HOST/integrations/$key" >/dev/null' EXIT

# expect NAME EXIT_CODE STREAM REGEX -- ARGS...
# STREAM is the one that must match REGEX: "out" (stdout), with stderr
# empty, or "err" (stderr), with stdout empty.
expect() {
  local name=$1 code=$2 stream=$3 rx=$4 why=
  shift 5
  "$ctl" "$@" >"$out" 2>"$err"
  local rc=$?
  case $stream in
    out) grep -Eq -- "$rx" "$out" || why="stdout must match $rx"
         [ -s "$err" ] && why="${why:+$why; }stderr must be empty" ;;
    err) grep -Eq -- "$rx" "$err" || why="stderr must match $rx"
         [ -s "$out" ] && why="${why:+$why; }stdout must be empty" ;;
    *) why="bad stream $stream in the test" ;;
  esac
  [ "$rc" != "$code" ] && why="exit $rc, want $code${why:+; $why}"
  if [ -n "$why" ]; then
    echo "not ok - $name: $why"
    sed 's/^/  stdout: /' "$out" | head -5
    sed 's/^/  stderr: /' "$err" | head -5
    failures=$((failures + 1))
  else
    echo "ok - $name"
  fi
}

curl -fs -X POST -H "Authorization: Bearer $NANGO_SECRET_KEY" -H 'Content-Type: application/json' \
  "$NANGO_HOST/integrations" -d "{\"unique_key\":\"$key\",\"provider\":\"private-api-bearer\"}" >/dev/null ||
  { echo "cannot create integration"; exit 1; }

expect version_prints_the_version 0 out '^nangoctl [0-9]+\.[0-9]+\.[0-9]+$' -- --version
expect help_lists_every_command 0 out 'update-metadata' -- --help
for c in list get delete create import patch set-metadata update-metadata; do
  expect "${c}_help_shows_usage" 0 out "usage: nangoctl $c" -- "$c" --help
done
expect no_command_is_a_usage_error 2 out 'usage' --
expect unknown_command_is_a_usage_error 2 err 'unknown command' -- frobnicate
expect option_of_another_command_is_a_usage_error 2 err 'not an option' -- list --api-key x
expect missing_arguments_are_a_usage_error 2 err 'needs KEY and ID' -- get "$key"
expect short_h_shows_help 0 out 'usage: nangoctl \[' -- -h
expect short_h_after_a_command_shows_its_help 0 out 'usage: nangoctl list' -- list -h
expect non_numeric_limit_names_the_flag 2 err "^nangoctl: --limit: 'abc' is not a whole number from 0 to 2147483647" -- list --limit abc
expect limit_out_of_range_names_the_flag 2 err '^nangoctl: --limit: 99999999999 is out of range \(0 to 2147483647\)' -- list --limit=99999999999
expect negative_timeout_names_the_flag 2 err "^nangoctl: --timeout: '-5' is not a whole number" -- --timeout=-5 list
expect import_creates_and_prints_the_connection 0 out '"connection_id":"a b/c"' -- \
  import "$key" "a b/c" --type API_KEY --api-key k1 --end-user-id "eu-$suffix" --tag Team=core
expect create_uses_the_legacy_route_and_prints_the_echo 0 out '^\{"connection_id":"c2","provider_config_key":"[^"]+","api_key":"k2","metadata":\{"m":1\}\}$' -- \
  create "$key" c2 --api-key k2 --metadata '{"m":1}'
expect get_prints_credentials 0 out '"credentials":\{"type":"API_KEY","apiKey":"k1"\}' -- get "$key" "a b/c"
expect list_filters_by_tag_and_end_user 0 out '^\{"connections":\[\{"id":[0-9]+,"connection_id":"a b/c"' -- \
  list --integration-id "$key" --tag team=core --end-user-id "eu-$suffix"
expect patch_replaces_tags 0 out '^\{"success":true\}$' -- patch "$key" "a b/c" --tag only=t
expect get_shows_patched_tags 0 out '"tags":\{"only":"t"\}' -- get "$key" "a b/c"
expect set_metadata_on_two_ids 0 out '"connection_id":\["a b/c","c2"\]' -- \
  set-metadata "$key" "a b/c" c2 --json '{"x":1}'
expect update_metadata_legacy_route 0 out '^\{"y":2\}$' -- update-metadata "$key" c2 --legacy --json '{"y":2}'
expect get_shows_merged_metadata 0 out '"metadata":\{"x":1,"y":2\}' -- get "$key" c2
expect invalid_metadata_json_is_a_usage_error 2 err 'JSON' -- set-metadata "$key" c2 --json '[1]'
expect delete_prints_success 0 out '^\{"success":true\}$' -- delete "$key" c2
expect delete_again_is_not_found 3 err 'unknown_connection' -- delete "$key" c2
expect get_unknown_connection_is_not_found 3 err '"code":"not_found"' -- get "$key" nope
expect unknown_integration_is_not_found 3 err 'unknown_provider_config' -- get "$key-missing" x
expect invalid_body_is_an_api_error_with_items 4 err 'invalid_type at \["credentials","apiKey"\]' -- \
  import "$key" --type API_KEY
expect wrong_secret_key_is_an_api_error 4 err 'unknown_account' -- \
  --secret-key 00000000-0000-4000-8000-000000000000 list
expect unreachable_server_is_a_transport_error 5 err 'transport error' -- --base-url http://127.0.0.1:1 list

[ "$failures" = 0 ] && echo "nangoctl: all passed" || echo "nangoctl: $failures failed"
[ "$failures" = 0 ]
