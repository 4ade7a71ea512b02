#!/usr/bin/env bash
# The test double under concurrent use, for a ThreadSanitizer build of
# nango-mock (scripts/tsan-soak.sh): writers and readers on the Nango routes
# while the control API adds faults, counts, reads the journal and the
# state, moves the clock, merges and resets, and the state file is saved.
# Fails on any ThreadSanitizer report or a non-zero exit.
# Usage: double_race_test.sh NANGO_MOCK SEED PROVIDERS
set -u
. "$(dirname "$0")/lib.sh"
mock=$1 seed=$2 providers=$3
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
TSAN_OPTIONS="halt_on_error=0 ${TSAN_OPTIONS:-}" "$mock" --port 0 --threads 16 \
  --fixtures "$seed" --providers "$providers" --state-file "$dir/state.json" \
  --journal-size 50 >"$dir/log" 2>&1 &
mp=$!
nm_wait_port "$dir/log" 200
B=http://127.0.0.1:$port H="Authorization: Bearer 5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11"
pids=()
for w in 1 2 3; do
  (for i in $(seq 1 60); do
    curl -s -o /dev/null -X POST "$B/connection" -H "$H" -H 'Content-Type: application/json' \
      -d "{\"connection_id\":\"t$w-$i\",\"provider_config_key\":\"bearer\",\"api_key\":\"k\"}"
    curl -s -o /dev/null "$B/connection?limit=5" -H "$H"
  done) & pids+=($!)
done
(for i in $(seq 1 30); do
  curl -s -o /dev/null -X POST "$B/__admin/faults" -H "$H" -d '{"status":503,"times":2,"match":{"method":"GET"}}'
  curl -s -o /dev/null -X POST "$B/__admin/requests/count" -H "$H" -d '{"method":"GET"}'
  curl -s -o /dev/null "$B/__admin/requests?limit=10" -H "$H"
  curl -s -o /dev/null "$B/__admin/state" -H "$H"
  curl -s -o /dev/null -X POST "$B/__admin/clock" -H "$H" -d '{"action":"advance","by_ms":1000}'
  curl -s -o /dev/null -X POST "$B/__admin/state?mode=merge" -H "$H" \
    -d '{"connections":[{"connection_id":"m","provider_config_key":"bearer"}]}'
  [ $((i % 10)) = 0 ] && curl -s -o /dev/null -X POST "$B/__admin/reset" -H "$H"
done) & pids+=($!)
wait "${pids[@]}"
kill "$mp"
wait "$mp"
rc=$?
if grep -q "ThreadSanitizer" "$dir/log" || [ $rc != 0 ]; then
  echo "not ok - exit $rc"; cat "$dir/log"; exit 1
fi
echo "ok - control API, journal, faults, clock and state file under concurrent use: no race"
