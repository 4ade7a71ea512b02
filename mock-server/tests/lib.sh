# lib.sh: what the mock's shell tests share; sourced, never run.
#   . "$(dirname "$0")/lib.sh"      (inspector/ and node-client/: ../lib.sh)

# nm_wait_port LOG [TRIES]: waits until the mock writing LOG announces its
# port, into $port; exits 1 with the log when it did not start.
nm_wait_port() {
  local log=$1 tries=${2:-100}
  port=
  for _ in $(seq 1 "$tries"); do
    port=$(awk '/^port:/{print $2}' "$log")
    [ -n "$port" ] && return 0
    sleep 0.1
  done
  echo "mock did not start"; cat "$log"; exit 1
}

# nm_start ARGS...: starts $mock with --port 0 --providers $providers ARGS,
# its output in $log and its pid in $pid, and waits until /health answers.
nm_start() {
  "$mock" --port 0 --providers "$providers" "$@" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    port=$(awk '/^port:/{print $2}' "$log")
    [ -n "$port" ] && curl -fs "http://127.0.0.1:$port/health" >/dev/null && return 0
    sleep 0.1
  done
  echo "mock did not start"; cat "$log"; exit 1
}

# check NAME GOT WANT: one "ok"/"not ok" line; counts $failures.
failures=0
check() {
  if [ "$2" = "$3" ]; then echo "ok - $1"; else
    echo "not ok - $1: got '$2', want '$3'"; failures=$((failures + 1)); fi
}

# nm_summary NAME: the closing line; the script's status is its result.
nm_summary() {
  [ "$failures" = 0 ] && echo "$1: all passed" || echo "$1: $failures failed"
  [ "$failures" = 0 ]
}

# nm_skip NAME REQUIRE_VAR REASON: exit 77 (ctest's skip) with the reason,
# or 1 when the variable named REQUIRE_VAR is 1 (CI requires the test).
nm_skip() {
  local name=$1 var=$2
  shift 2
  echo "$name: $*" >&2
  [ "${!var:-0}" = 1 ] && exit 1
  exit 77
}

# nm_npm_ci HERE DIR MARKER NAME REQUIRE_VAR: installs HERE's pinned
# package.json into DIR once (again when the lock file or DIR/MARKER
# changed or is missing); skips (nm_skip) when node/npm or the registry
# are missing.
nm_npm_ci() {
  local here=$1 dir=$2 marker=$3 name=$4 var=$5
  command -v node >/dev/null && command -v npm >/dev/null ||
    nm_skip "$name" "$var" "node and npm are not installed"
  mkdir -p "$dir"
  if ! cmp -s "$here/package-lock.json" "$dir/package-lock.json" || [ ! -d "$dir/$marker" ]; then
    cp "$here/package.json" "$here/package-lock.json" "$dir/"
    (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >npm.log 2>&1) ||
      { cat "$dir/npm.log" >&2; nm_skip "$name" "$var" "npm install failed (is the npm registry reachable?)"; }
  fi
}
