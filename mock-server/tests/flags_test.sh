#!/usr/bin/env bash
# nango-mock started with non-default flags: environments and keys, the
# rate limiter (§1.10), --max-body, deep JSON nesting, clean shutdown.
# Each scenario starts its own mock on a free port.
# Usage: flags_test.sh NANGO_MOCK PROVIDERS_JSON
set -u
. "$(dirname "$0")/lib.sh"
mock=$1 providers=$2
pid= log=$(mktemp)
K1=11111111-1111-4111-8111-111111111111
K2=22222222-2222-4222-8222-222222222222
K3=33333333-3333-4333-8333-333333333333
trap 'kill $pid 2>/dev/null; rm -f "$log"' EXIT

stop() {
  kill -TERM "$pid"
  wait "$pid"
  local rc=$?
  check stops_with_exit_0_on_sigterm "$rc" 0
}

check_prefix() { # NAME GOT PREFIX
  if [[ "$2" == "$3"* ]]; then echo "ok - $1"; else
    echo "not ok - $1: got '${2:0:120}', want it to start with '$3'"; failures=$((failures + 1)); fi
}

req() { # KEY METHOD PATH [BODY] -> "status body"
  local key=$1 m=$2 p=$3
  shift 3
  curl -s -o /tmp/flags.$$ -w '%{http_code}' -X "$m" -H "Authorization: Bearer $key" \
    -H 'Content-Type: application/json' ${1:+--data-binary "$1"} "http://127.0.0.1:$port$p"
  printf ' %s' "$(head -c 300 /tmp/flags.$$)"
  rm -f /tmp/flags.$$
}

# --- environments: each key its own state; env var keys too ---------------
NANGO_SECRET_KEY_STAGING=$K3 nm_start --secret-key dev=$K1 --secret-key prod=$K2
grep -q "^secret-key staging: ${K3:0:8}-\.\.\. (given)$" "$log"; check env_var_key_is_announced_but_not_shown $? 0
req $K1 POST /integrations '{"unique_key":"k","provider":"private-api-bearer"}' >/dev/null
req $K1 POST /connection '{"provider_config_key":"k","connection_id":"c","api_key":"a"}' >/dev/null
check first_environment_sees_its_connection "$(req $K1 GET '/connection/c?provider_config_key=k' | cut -c1-3)" 200
check other_environment_has_no_such_integration "$(req $K2 GET '/connection/c?provider_config_key=k')" \
  '400 {"error":{"code":"unknown_provider_config","message":"Provider does not exists"}}'
check env_var_environment_starts_empty "$(req $K3 GET /connections)" '200 {"connections":[]}'
check unknown_key_is_unknown_account \
  "$(req 44444444-4444-4444-8444-444444444444 GET /connections | grep -o '^401 .*"code":"unknown_account"' | cut -c1-4)" '401 '
stop

# --- rate limiting -----------------------------------------------------------
nm_start --secret-key dev=$K1 --rate-limit 3
for i in 1 2 3; do req $K1 GET /connections >/dev/null; done
check fourth_request_in_window_is_429 "$(req $K1 GET /connections)" \
  '429 {"error":{"code":"too_many_request","method":"GET","path":"/connections"}}'
hdrs=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $K1" "http://127.0.0.1:$port/connection")
echo "$hdrs" | grep -qi '^X-RateLimit-Remaining: 0'; check limited_response_shows_zero_remaining $? 0
echo "$hdrs" | grep -qi '^Retry-After: [0-9]'; check limited_response_has_retry_after $? 0
check health_is_not_limited "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")" 200
stop

# --- body size cap and deep nesting -------------------------------------------
nm_start --secret-key dev=$K1 --max-body 1000
big=$(printf '{"connection_id":"%0900d","provider_config_key":"k","padding":"%0200d"}' 0 0)
check body_over_max_body_is_generic_500 \
  "$(req $K1 POST /connection "$big" | grep -o '^500 .*"code":"generic_error_support"' | cut -c1-4)" '500 '
check server_still_answers_after_a_big_body "$(req $K1 GET /connections)" '200 {"connections":[]}'
stop
nm_start --secret-key dev=$K1
deep=$(printf '%*s' 3000 '' | tr ' ' '[')$(printf '%*s' 3000 '' | tr ' ' ']')
check json_deeper_than_2000_levels_is_generic_500 \
  "$(req $K1 POST /connection/metadata "$deep" | grep -o '^500 .*"code":"generic_error_support"' | cut -c1-4)" '500 '
ok=$(printf '%*s' 1999 '' | tr ' ' '[')$(printf '%*s' 1999 '' | tr ' ' ']')
check_prefix json_1999_levels_deep_is_parsed_and_validated "$(req $K1 POST /connection/metadata "$ok")" \
  '400 {"error":{"code":"invalid_body","errors":[{"code":"invalid_'
deepmeta=$(printf '%*s' 1990 '' | sed 's/ /{"a":/g')1$(printf '%*s' 1990 '' | tr ' ' '}')
req $K1 POST /integrations '{"unique_key":"k","provider":"private-api-bearer"}' >/dev/null
check deep_metadata_is_stored "$(req $K1 POST /connections \
  "{\"provider_config_key\":\"k\",\"connection_id\":\"d\",\"credentials\":{\"type\":\"API_KEY\",\"apiKey\":\"a\"},\"metadata\":$deepmeta}" | cut -c1-4)" '201 '
check deep_metadata_is_read_back "$(req $K1 GET '/connections/d?provider_config_key=k' | cut -c1-4)" '200 '
check deep_metadata_is_listed "$(req $K1 GET /connections | cut -c1-4)" '200 '
# every walk over a stored value at full depth, on the connection's thread:
# refresh tokens stripped from the config, metadata merged,
# the journal, the state dumped and loaded back
deepcfg=$(printf '%*s' 1990 '' | sed 's/ /{"refresh_token":[1],"a":/g')1$(printf '%*s' 1990 '' | tr ' ' '}')
check deep_connection_config_is_stored "$(req $K1 POST /connections \
  "{\"provider_config_key\":\"k\",\"connection_id\":\"e\",\"credentials\":{\"type\":\"API_KEY\",\"apiKey\":\"a\"},\"connection_config\":$deepcfg}" | cut -c1-4)" '201 '
check deep_connection_config_is_read_back_stripped "$(req $K1 GET '/connection/e?provider_config_key=k' | cut -c1-4)" '200 '
check deep_connection_config_is_read_back_whole \
  "$(req $K1 GET '/connection/e?provider_config_key=k&refresh_token=true' | cut -c1-4)" '200 '
check deep_metadata_is_merged "$(req $K1 PATCH '/connection/d/metadata?provider_config_key=k' "$deepcfg" | cut -c1-4)" '200 '
deeparr=$(printf '%*s' 1995 '' | tr ' ' '[')1$(printf '%*s' 1995 '' | tr ' ' ']')
check deep_array_metadata_is_stored "$(req $K1 POST /connection/metadata \
  "{\"connection_id\":\"d\",\"provider_config_key\":\"k\",\"metadata\":{\"x\":$deeparr}}" | cut -c1-4)" '201 '
check deep_bodies_are_in_the_journal "$(req $K1 GET /__admin/requests | cut -c1-4)" '200 '
state=$(curl -s -H "Authorization: Bearer $K1" "http://127.0.0.1:$port/__admin/state")
check deep_state_is_dumped "$(printf '%s' "$state" | grep -c '\[\[\[\[')" 1
check deep_state_is_loaded_back "$(req $K1 POST /__admin/state "$state" | cut -c1-4)" '200 '
check deep_metadata_survives_the_reload "$(req $K1 GET '/connections/d?provider_config_key=k' | cut -c1-4)" '200 '
ok=$(printf '%*s' 1500 '' | tr ' ' '[')$(printf '%*s' 1500 '' | tr ' ' ']')
check_prefix json_1500_levels_deep_is_parsed_and_validated "$(req $K1 POST /connection/metadata "$ok")" \
  '400 {"error":{"code":"invalid_body","errors":[{"code":"invalid_'
truncated='{"connection_id":"a","provider_config_key":'
check_prefix truncated_body_is_invalid_json "$(req $K1 POST /connections "$truncated")" \
  '400 {"error":{"code":"invalid_json","message":'
check server_survives_bad_bodies "$(req $K1 GET /health)" '200 {"result":"ok"}'
stop

# --- security defaults: loopback unless keys are your own; keys never logged -
"$mock" --host 0.0.0.0 --port 0 --providers "$providers" >"$log" 2>&1 &
pid=$!
wait $pid; rc=$?
check non_loopback_host_with_the_default_key_is_refused "$rc" 1
grep -q -- '--host 0.0.0.0 is reachable' "$log"; check refusal_says_why $? 0
"$mock" --host 0.0.0.0 --port 0 --providers "$providers" --secret-key dev=$K1 \
  --secret-key prod=5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11 >"$log" 2>&1 &
pid=$!
wait $pid; rc=$?
check non_loopback_host_with_the_default_key_among_others_is_refused "$rc" 1
NANGO_SECRET_KEY_X=$K2-not-a-uuid "$mock" --port 0 --providers "$providers" >"$log" 2>&1
grep -q -- "$K2" "$log"; check bad_env_key_is_named_without_its_value $? 1
nm_start --host 0.0.0.0 --secret-key dev=$K1 --access-log
check non_loopback_host_with_own_key_serves "$(req $K1 GET /connections)" '200 {"connections":[]}'
req $K2 GET /connections >/dev/null
curl -s -o /dev/null "http://127.0.0.1:$port/connection" -H "Authorization: Bearer ${K1}junk"
grep -q -- "$K1\|$K2" "$log"; check log_never_shows_secret_keys $? 1
grep -q "GET /connections 200" "$log"; check access_log_shows_requests $? 0
stop

nm_summary flags
