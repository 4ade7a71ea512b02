#!/usr/bin/env bash
# README's "Testing with the mock" walk-through, run as written against a
# fresh mock with the sample fixtures: every command must succeed, and a
# command followed by a `# ` line must print exactly that. The README's
# http://127.0.0.1:3003 is this mock's port.
# Usage: testing_walkthrough.sh NANGO_MOCK NANGOCTL README SEED_JSON PROVIDERS
set -u
. "$(dirname "$0")/lib.sh"
mock=$1 nangoctl=$2 readme=$3 seed=$4 providers=$5
log=$(mktemp) cmds=$(mktemp) outf=$(mktemp)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -f "$log" "$cmds" "$outf"' EXIT
"$mock" --port 0 --fixtures "$seed" --providers "$providers" >"$log" 2>&1 &
pid=$!
nm_wait_port "$log"
PATH=$(dirname "$nangoctl"):$PATH
awk '/^## Testing with the mock/{on=1; next} /^## /{on=0}
     on && /^```sh/{blk=1; next} on && /^```/{blk=0; next}
     on && blk' "$readme" >"$cmds"
failures=0 n=0 ran=0 last= out=
while IFS= read -r line; do
  case $line in
    "# "*)
      n=$((n + 1))
      if [ "$out" = "${line#\# }" ]; then echo "ok - answer $n: ${last:0:70}"
      else echo "not ok - answer $n: $last"; echo "  want: ${line#\# }"
        echo "  got:  $out"; failures=$((failures + 1)); fi
      continue ;;
    "") continue ;;
  esac
  last=${line//127.0.0.1:3003/127.0.0.1:$port}
  ran=$((ran + 1))
  eval "$last" >"$outf" 2>&1 # here, so that export holds for what follows
  rc=$?
  out=$(cat "$outf")
  if [ $rc != 0 ]; then
    echo "not ok - exit $rc: $last"; echo "$out" | sed 's/^/  /'
    failures=$((failures + 1))
  fi
done <"$cmds"
[ "$ran" -ge 6 ] && [ "$n" -ge 2 ] || {
  echo "not ok - the walk-through has $ran commands and $n answers"; exit 1; }
echo "walk-through: $ran commands, $n answers, $failures failures"
[ "$failures" = 0 ]
