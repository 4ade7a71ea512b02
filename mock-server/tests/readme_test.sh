#!/usr/bin/env bash
# The README's walk-through, run as a reader would against a fresh mock with
# the sample fixtures: every command's answer must be the `# ` line under it
# (timestamps aside). The mock announces http://127.0.0.1:3003 as the README
# does, whatever port it got.
# Usage: readme_test.sh NANGO_MOCK README SEED_JSON
set -u
. "$(dirname "$0")/lib.sh"
mock=$1 readme=$2 seed=$3
log=$(mktemp) cmds=$(mktemp)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -f "$log" "$cmds"' EXIT
"$mock" --port 0 --public-url http://127.0.0.1:3003 --fixtures "$seed" >"$log" 2>&1 &
pid=$!
nm_wait_port "$log"
# the walk-through's ```sh blocks: commands, each followed by its answer
awk '/^## A 30-second walk-through/{on=1; next} /^## /{on=0}
     on && /^```sh/{blk=1; next} on && /^```/{blk=0; next}
     on && blk' "$readme" >"$cmds"
ts='s/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|\+00:00)/TIME/g'
K= B=
failures=0 n=0 last=
while IFS= read -r line; do
  case $line in
    "K="*) eval "$line"; B=http://127.0.0.1:$port; continue ;;
    "# "*)
      want=$(printf '%s' "${line#\# }" | sed -E "$ts")
      got=$(printf '%s' "$out" | sed -E "$ts")
      n=$((n + 1))
      if [ "$got" = "$want" ]; then echo "ok - $n: ${last:0:70}"; else
        echo "not ok - $n: $last"; echo "  want: $want"; echo "  got:  $got"
        failures=$((failures + 1)); fi
      continue ;;
    "") continue ;;
  esac
  last=$line
  out=$(eval "$line" | sed "s#127.0.0.1:$port#127.0.0.1:3003#g")
done <"$cmds"
[ "$n" -gt 10 ] || { echo "not ok - found only $n answers in the README's walk-through"; exit 1; }
[ "$failures" = 0 ] && echo "readme: $n answers as written" || echo "readme: $failures of $n differ"
[ "$failures" = 0 ]
