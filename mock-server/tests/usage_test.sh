#!/usr/bin/env bash
# nango-mock's command line: strict values (numbers, units, ranges, hosts,
# keys), --flag=value, -h, exit code 2 and a message naming the flag and the
# reason for usage errors; start-up failures with strerror; the announced
# URL; one stderr line per 500 with its id and cause.
# Usage: usage_test.sh NANGO_MOCK PROVIDERS_JSON
set -u
. "$(dirname "$0")/lib.sh"
mock=$1 providers=$2
pid= log=$(mktemp) holder=
trap 'kill $pid $holder 2>/dev/null; rm -f "$log"' EXIT

usage() { # NAME WANT_STDERR ARGS... : exit code 2 and exactly that message
  local name=$1 want=$2 out rc
  shift 2
  out=$("$mock" --providers "$providers" "$@" 2>&1 >/dev/null)
  rc=$?
  check "$name" "$rc $out" "2 nango-mock: $want (see --help)"
}

usage port_that_is_not_a_number_is_refused "--port: 'abc' is not a whole number" --port abc
usage port_with_trailing_letters_is_refused "--port: '3003abc' is not a whole number" --port 3003abc
usage port_out_of_range_is_refused "--port: 70000 is out of range (0 to 65535)" --port 70000
usage negative_port_is_refused "--port: -1 is out of range (0 to 65535)" --port=-1
usage threads_out_of_range_names_threads "--threads: 100000 is out of range (1 to 4096)" --threads 100000
usage zero_threads_is_refused "--threads: 0 is out of range (1 to 4096)" --threads 0
usage rate_limit_that_is_not_a_number_is_refused "--rate-limit: 'abc' is not a whole number" --rate-limit abc
usage max_body_with_unknown_unit_is_refused "--max-body: '10XB' has an unknown unit 'XB' (use B, KB, MB or GB)" --max-body 10XB
usage max_body_zero_is_refused "--max-body: 0 is out of range (1 to 2147483648)" --max-body 0
usage max_body_over_range_is_refused "--max-body: 3GB is out of range (1 to 2147483648)" --max-body=3GB
usage huge_number_is_too_large "--port: '99999999999999999999999' is too large" --port 99999999999999999999999
usage host_that_is_not_an_address_is_refused "--host: '999.1.1.1' is not an IPv4 or IPv6 address (e.g. 127.0.0.1, 0.0.0.0, ::1)" --host 999.1.1.1
usage host_name_is_refused "--host: 'localhost' is not an IPv4 or IPv6 address (e.g. 127.0.0.1, 0.0.0.0, ::1)" --host=localhost
usage secret_key_without_env_is_refused "--secret-key: '5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11' is not ENV=UUID" --secret-key 5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11
usage secret_key_that_is_not_a_uuid_is_refused "--secret-key: the key is not a UUID (8-4-4-4-12 hex digits)" --secret-key dev=abc
usage public_url_with_trailing_slash_is_refused "--public-url: 'http://x/' is not an http(s) URL without a trailing slash" --public-url http://x/
usage missing_value_is_named "--port: needs a value (N)" --port
usage value_given_to_a_switch_is_refused "--access-log: takes no value" --access-log=yes
usage unknown_option_is_named "unknown option '--prot'" --prot 3003
usage stray_argument_is_named "unknown argument 'extra'" extra

out=$("$mock" -h); rc=$?
check short_h_prints_help_and_exits_0 "$rc $(echo "$out" | head -1)" "0 Usage: nango-mock [options]"
echo "$out" | grep -q -- '--max-body SIZE'; check help_lists_every_flag_from_the_table $? 0
check long_help_is_the_same_as_short "$("$mock" --help)" "$out"
check version_exits_0 "$("$mock" -V >/dev/null; echo $?)" 0
bad_env=$(NANGO_SECRET_KEY_PROD=nope "$mock" --providers "$providers" 2>&1); rc=$?
check bad_secret_key_in_environment_is_named "$rc $bad_env" \
  "1 nango-mock: NANGO_SECRET_KEY_PROD: the key is not a UUID (8-4-4-4-12 hex digits)"

# a port in use (here by another mock) is reported with strerror
"$mock" --providers "$providers" --port 0 >"$log" 2>&1 &
holder=$!
nm_wait_port "$log" 50; busy=$port
out=$("$mock" --providers "$providers" --port "$busy" 2>&1); rc=$?
check port_in_use_says_address_already_in_use "$rc $out" \
  "1 nango-mock: cannot listen on 127.0.0.1 port $busy: Address already in use"
kill $holder; wait $holder 2>/dev/null; holder=
out=$("$mock" --providers "$providers" --port 0 --host 192.0.2.1 \
  --secret-key dev=22222222-2222-4222-8222-222222222222 2>&1); rc=$?
check address_not_on_this_machine_says_why "$rc $out" \
  "1 nango-mock: cannot listen on 192.0.2.1 port 0: Cannot assign requested address"

stop() { kill -TERM "$pid"; wait "$pid"; pid=; }
K=11111111-1111-4111-8111-111111111111

# --flag=value, units, the announced URL and the 500 log line
nm_start --host=0.0.0.0 --max-body=1KB --secret-key=dev=$K --threads=4
check wildcard_host_announces_loopback "$(awk '/^listening:/{print $2}' "$log")" "http://127.0.0.1:$port"
body=$(curl -s -X POST -H "Authorization: Bearer $K" -H 'Content-Type: application/json' \
  --data-binary "{\"pad\":\"$(printf '%01020d' 0)\"}" "http://127.0.0.1:$port/connection")
id=$(echo "$body" | sed -n 's/.*"payload":"\([0-9a-f-]*\)".*/\1/p')
grep -q "^nango-mock: 500 $id POST /connection: request body larger than --max-body$" "$log"
check five_hundred_logs_its_id_and_cause $? 0
small=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authorization: Bearer $K" \
  -H 'Content-Type: application/json' --data-binary '{"a":1}' "http://127.0.0.1:$port/connection")
check max_body_1kb_lets_small_bodies_through "$small" 400
stop
nm_start --public-url http://mock.test:8080
check public_url_is_announced "$(awk '/^listening:/{print $2}' "$log")" "http://mock.test:8080"
stop

nm_summary usage
