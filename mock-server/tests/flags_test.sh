#!/usr/bin/env bash
# nango-mock started with non-default flags: environments and keys, the
# rate limiter (§1.10), --max-body, deep JSON nesting, clean shutdown.
# Each scenario starts its own mock on a free port.
# Usage: flags_test.sh NANGO_MOCK PROVIDERS_JSON
set -u
mock=$1 providers=$2
failures=0 pid= log=$(mktemp)
K1=11111111-1111-4111-8111-111111111111
K2=22222222-2222-4222-8222-222222222222
K3=33333333-3333-4333-8333-333333333333
trap 'kill $pid 2>/dev/null; rm -f "$log"' EXIT

start() {
  "$mock" --port 0 --providers "$providers" "$@" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    port=$(awk '/^port:/{print $2}' "$log")
    [ -n "$port" ] && curl -fs "http://127.0.0.1:$port/health" >/dev/null && return 0
    sleep 0.1
  done
  echo "mock did not start"; cat "$log"; exit 1
}

stop() {
  kill -TERM "$pid"
  wait "$pid"
  local rc=$?
  check stops_with_exit_0_on_sigterm "$rc" 0
}

check() { # NAME GOT WANT
  if [ "$2" = "$3" ]; then echo "ok - $1"; else
    echo "not ok - $1: got '$2', want '$3'"; failures=$((failures + 1)); fi
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
NANGO_SECRET_KEY_STAGING=$K3 start --secret-key dev=$K1 --secret-key prod=$K2
grep -q "^secret-key staging: $K3" "$log"; check env_var_key_is_announced $? 0
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
start --secret-key dev=$K1 --rate-limit 3
for i in 1 2 3; do req $K1 GET /connections >/dev/null; done
check fourth_request_in_window_is_429 "$(req $K1 GET /connections)" \
  '429 {"error":{"code":"too_many_request","method":"GET","path":"/connections"}}'
hdrs=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $K1" "http://127.0.0.1:$port/connection")
echo "$hdrs" | grep -qi '^X-RateLimit-Remaining: 0'; check limited_response_shows_zero_remaining $? 0
echo "$hdrs" | grep -qi '^Retry-After: [0-9]'; check limited_response_has_retry_after $? 0
check health_is_not_limited "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")" 200
stop

# --- body size cap and deep nesting -------------------------------------------
start --secret-key dev=$K1 --max-body 1000
big=$(printf '{"connection_id":"%0900d","provider_config_key":"k","padding":"%0200d"}' 0 0)
check body_over_max_body_is_generic_500 \
  "$(req $K1 POST /connection "$big" | grep -o '^500 .*"code":"generic_error_support"' | cut -c1-4)" '500 '
check server_still_answers_after_a_big_body "$(req $K1 GET /connections)" '200 {"connections":[]}'
stop
start --secret-key dev=$K1
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
ok=$(printf '%*s' 1500 '' | tr ' ' '[')$(printf '%*s' 1500 '' | tr ' ' ']')
check_prefix json_1500_levels_deep_is_parsed_and_validated "$(req $K1 POST /connection/metadata "$ok")" \
  '400 {"error":{"code":"invalid_body","errors":[{"code":"invalid_'
truncated='{"connection_id":"a","provider_config_key":'
check_prefix truncated_body_is_invalid_json "$(req $K1 POST /connections "$truncated")" \
  '400 {"error":{"code":"invalid_json","message":'
check server_survives_bad_bodies "$(req $K1 GET /health)" '200 {"result":"ok"}'
stop

[ "$failures" = 0 ] && echo "flags: all passed" || echo "flags: $failures failed"
[ "$failures" = 0 ]
