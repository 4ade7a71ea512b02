#!/usr/bin/env bash
# nango-drift end to end, between two mock servers started on free ports.
#   drift-check.sh same   NANGO_MOCK NANGO_MOCK       NANGO_DRIFT PROVIDERS CASES
#     two fresh mocks: generate and replay must report no difference.
#   drift-check.sh broken NANGO_MOCK NANGO_MOCK_BROKEN NANGO_DRIFT PROVIDERS CASES
#     against nango-mock-broken (DELETE answers 404 after deleting): the
#     delete difference must be reported, and nothing else.
set -u
mode=$1 mock_a=$2 mock_b=$3 drift=$4 providers=$5 cases=$6
tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
  rm -rf "$tmp"
}
trap cleanup EXIT

start() { # start NAME BINARY: sets url_NAME
  "$2" --port 0 --providers "$providers" >"$tmp/$1.log" 2>&1 &
  pids+=($!)
  local port=""
  for _ in $(seq 1 100); do
    port=$(awk '/^port:/{print $2}' "$tmp/$1.log")
    [ -n "$port" ] && curl -fs "http://127.0.0.1:$port/health" >/dev/null && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "not ok - $2 did not start"; cat "$tmp/$1.log"; exit 1; }
  eval "url_$1=http://127.0.0.1:$port"
}
start a "$mock_a"
start b "$mock_b"
key=5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11
run() { # run NAME ARGS...: output in $tmp/NAME.out, exit status in rc_NAME
  local name=$1; shift
  "$drift" --a "$url_a" --a-key $key --b "$url_b" --b-key $key \
    --junit "$tmp/$name.xml" "$@" >"$tmp/$name.out" 2>&1
  eval "rc_$name=$?"
}
status=0
ok() { echo "ok - $1"; }
bad() { echo "not ok - $1"; status=1; }

run gen generate --seed 7 --count 300
run cases replay "$cases"
run journal replay "$(dirname "$0")/journal-example.json"
if [ "$mode" = same ]; then
  for n in gen cases; do
    eval "rc=\$rc_$n"
    if [ "$rc" = 0 ] && grep -q ' 0 episodes differ' "$tmp/$n.out"; then
      ok "$n: two fresh mocks answer alike"
    else
      bad "$n: exit $rc between two fresh mocks"; head -60 "$tmp/$n.out"
    fi
  done
  grep -q 'failures="0"' "$tmp/cases.xml" && ok "JUnit file written" ||
    bad "JUnit file"
  if [ "$rc_journal" = 0 ] && grep -q '1 episodes, 7 requests, 0 episodes differ' "$tmp/journal.out"; then
    ok "a request journal replays (7 requests, /__admin/ left out)"
  else
    bad "journal replay: exit $rc_journal"; cat "$tmp/journal.out"
  fi
else
  for n in gen cases; do
    eval "rc=\$rc_$n"
    [ "$rc" = 1 ] && ok "$n: exit 1 against the broken mock" ||
      bad "$n: exit $rc against the broken mock"
    if grep -Eq '^ +[0-9]+  DELETE /connections?/:id: status 200 vs 404' "$tmp/$n.out"; then
      ok "$n: the delete difference is reported by cause"
    else
      bad "$n: no delete difference"; tail -40 "$tmp/$n.out"
    fi
    others=$(sed -n '/^-- by cause/,$p' "$tmp/$n.out" | grep -E '^ +[0-9]+  ' |
             grep -Ev 'DELETE /connections?/:id: status 200 vs 404' || true)
    [ -z "$others" ] && ok "$n: nothing else differs" ||
      bad "$n: other differences: $others"
  done
  grep -q 'replay: nango-drift .* generate --seed 7 --episode ' "$tmp/gen.out" &&
    ok "a replay command names the episode" || bad "no replay command"
  grep -q '<failure message="DELETE' "$tmp/cases.xml" &&
    ok "the JUnit file has the failure" || bad "JUnit failure missing"
fi
exit $status
