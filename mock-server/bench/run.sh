#!/usr/bin/env bash
# nango-mock beside its peers, in one run, with wrk:
#
#   mock-server/bench/run.sh [--short] [--build-dir DIR] [--results FILE]
#
# Builds a Release tree in DIR (default build-bench/), installs wrk and nginx
# (Debian) when root and missing, Prism and json-server from npm into DIR,
# then measures on loopback: the bare CivetWeb program (the framework's limit:
# a fixed response in one write, same libcivetweb), nginx serving the same
# body, nango-mock's routes, Prism and json-server, each at -c1 and -c64,
# and prints req/s, p50/p99 and the ratio to bare CivetWeb at the same
# concurrency. Then start-up to the first 200 /health (0 and 100,000 fixture
# connections), RSS and GET latency with 1,000,000 connections bulk-loaded
# through the API, and libnango vs @nangohq/node sequential gets.
# Writes the results, with the machine, to FILE (default
# mock-server/bench/RESULTS.md; DIR/RESULTS.md with --short), then checks
# them with check-results.sh: every row there, with completed requests and
# no wrk errors (a broken harness; no figure is compared with a target).
# --short: 2 s per figure and smaller sizes, to prove the harness works; its
# numbers mean little. CI runs it once (.ci/run: ctest -L bench, which runs
# it into build/bench-short/).
# A peer that cannot be installed (no npm registry) is reported as skipped,
# and without wrk or node it exits 77 (skipped); NANGO_REQUIRE_BENCH=1 (CI)
# makes each of these a failure.
# BENCH_REPS=N: start-ups measured N times (median), the headline ratio
# repeated N-1 times (default 5, 1 with --short).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
short=0
dir=$root/build-bench
results=
while [ $# -gt 0 ]; do
  case $1 in
    --short) short=1 ;;
    --build-dir) dir=$2; shift ;;
    --results) results=$2; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
if [ $short = 1 ]; then
  dur=2s big=10000 huge=20000 ngets=200 reps=1
else
  dur=10s big=100000 huge=1000000 ngets=3000 reps=5
fi
reps=${BENCH_REPS:-$reps}
# a short run's numbers never replace the full run's RESULTS.md by default
[ -n "$results" ] || results=$([ $short = 1 ] && echo "$dir/RESULTS.md" || echo "$here/RESULTS.md")
require=${NANGO_REQUIRE_BENCH:-0}
# missing MESSAGE: what cannot run; a skip (77), a failure when required
missing() {
  if [ "$require" = 1 ]; then
    echo "run.sh: $1, and NANGO_REQUIRE_BENCH=1" >&2
    exit 1
  fi
  echo "run.sh: $1: skipped" >&2
  exit 77
}
key=5c8b0f4e-8a2f-4b6e-9d2a-3f1c7e9a0b11

# --- tools and builds -------------------------------------------------------
if [ "$(id -u)" = 0 ] && { ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; }; then
  export DEBIAN_FRONTEND=noninteractive
  # nginx's package would start a system nginx on port 80: the benchmark
  # starts its own, so services may not start while it installs
  rc_policy=
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    rc_policy=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' >"$rc_policy" && chmod +x "$rc_policy"
  fi
  installed=0
  { apt-get install -y -qq --no-install-recommends wrk nginx-light >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -qq --no-install-recommends wrk nginx-light >/dev/null; }; } &&
    installed=1
  [ -z "$rc_policy" ] || rm -f "$rc_policy"
  [ $installed = 1 ] || echo "run.sh: apt-get could not install wrk and nginx-light" >&2
fi
command -v wrk >/dev/null || missing "wrk is not installed (Debian: wrk)"
command -v node >/dev/null || missing "node is not installed"
if [ "$require" = 1 ] && ! command -v nginx >/dev/null; then
  echo "run.sh: nginx is not installed (Debian: nginx-light), and NANGO_REQUIRE_BENCH=1" >&2
  exit 1
fi
mkdir -p "$dir"
cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DNANGO_BUILD_TESTS=OFF \
  -DNANGO_SANITIZE= >"$dir/cmake.log" 2>&1 || { cat "$dir/cmake.log" >&2; exit 1; }
cmake --build "$dir" -j"$(nproc)" --target nango-mock nm-bench-bare \
  nm-bench-startup nm-bench-gets >"$dir/build.log" 2>&1 || { cat "$dir/build.log" >&2; exit 1; }
mock=$dir/mock-server/nango-mock
bin=$dir/mock-server/bench
providers=$root/fixtures/providers.json

# npm packages: the peers, and the pinned @nangohq/node (tests/node-client)
npm_ci() { # SRC_DIR DEST_DIR
  mkdir -p "$2"
  if ! cmp -s "$1/package-lock.json" "$2/package-lock.json" || [ ! -d "$2/node_modules" ]; then
    cp "$1/package.json" "$1/package-lock.json" "$2/"
    (cd "$2" && npm ci --no-audit --no-fund --loglevel=error >npm.log 2>&1) ||
      { echo "run.sh: npm ci in $2 failed (see npm.log)" >&2; rm -rf "$2/node_modules"; return 1; }
  fi
}
peers=1 nodeclient=1
npm_ci "$here/peers" "$dir/peers" || peers=0
npm_ci "$root/mock-server/tests/node-client" "$dir/node-client" || nodeclient=0
if [ "$require" = 1 ] && { [ $peers = 0 ] || [ $nodeclient = 0 ]; }; then
  echo "run.sh: an npm package could not be installed, and NANGO_REQUIRE_BENCH=1" >&2
  exit 1
fi

# --- data -----------------------------------------------------------------
for n in 0 1000 "$big"; do
  [ -s "$dir/fixtures-$n.json" ] || node "$here/gen-fixtures.mjs" mock "$n" >"$dir/fixtures-$n.json"
done
[ -s "$dir/db-1000.json" ] || node "$here/gen-fixtures.mjs" json-server 1000 >"$dir/db-1000.json"

# --- servers --------------------------------------------------------------
pids=()
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
  node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
# wait_http URL: until it answers (any status), 120 s at most
wait_http() {
  local i
  for i in $(seq 1 1200); do
    curl -s -o /dev/null "$1" && return 0
    sleep 0.1
  done
  echo "run.sh: $1 did not answer" >&2
  return 1
}
# start_mock FIXTURES: sets mock_pid, mock_url
start_mock() {
  local log=$dir/mock.log
  # emptied here, not only by the child's redirection, which may come after
  # the first read below: the last mock's port is still in it
  : >"$log"
  "$mock" --port 0 --providers "$providers" --fixtures "$1" >"$log" 2>&1 &
  mock_pid=$!
  pids+=("$mock_pid")
  local i port=
  for i in $(seq 1 1200); do
    port=$(awk '/^port:/{print $2}' "$log")
    [ -n "$port" ] && break
    kill -0 "$mock_pid" 2>/dev/null || { cat "$log" >&2; return 1; }
    sleep 0.1
  done
  mock_url=http://127.0.0.1:$port
  wait_http "$mock_url/health"
}
stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }
rss_kib() { awk '/^VmRSS:/{print $2}' "/proc/$1/status"; }

# --- measuring ------------------------------------------------------------
table=$dir/table.tsv
: >"$table"
declare -A bare_rps
# settle URL [AUTH]: one request, answered once the server is through what
# the last wrk run left queued (a slow route at -c64 keeps a single-threaded
# peer busy long after wrk has stopped), so that it does not eat the next
# figure's period
settle() {
  curl -s -o /dev/null --max-time 120 ${2:+-H "Authorization: Bearer $2"} "$1" || true
}
# measure LABEL CONC URL [METHOD BODY AUTH]: one wrk run, one table row:
# label, -c, req/s, p50 ms, p99 ms, ratio to bare, requests, errors
# (connect, read, write, HTTP >= 400), timeouts. When no request completed in
# the period (a slow route at -c64 under load), it is measured once more,
# five times longer: a figure of nothing proves nothing.
measure() {
  local label=$1 c=$2 url=$3 method=${4:-GET} body=${5:-} auth=${6:-}
  local t=2 d=${mdur:-$dur} out line try
  [ "$c" -lt 2 ] && t=1
  for try in 1 2; do
    out=$(BENCH_METHOD=$method BENCH_BODY=$body BENCH_AUTH=$auth \
      wrk -t"$t" -c"$c" -d"$d" --timeout "${mtimeout:-10s}" -s "$here/wrk.lua" "$url" 2>&1) || true
    line=$(printf '%s\n' "$out" | awk '/^RESULT /{print $2, $3, $4, $5, $6, $7}')
    settle "$url" "$auth"
    if [ -z "$line" ]; then
      printf '%s\n' "$out" >&2
      line="0 0 0 0 1 0"
    fi
    [ "${line%% *}" != 0 ] && break
    [ $try = 1 ] && echo "run.sh: $label -c$c: no request completed in $d; once more, for $((5 * ${d%s}))s" >&2
    d=$((5 * ${d%s}))s
  done
  set -- $line
  if [ "$label" = "bare CivetWeb" ]; then bare_rps[$c]=$2; fi
  local ratio
  ratio=$(awk -v a="$2" -v b="${bare_rps[$c]:-0}" 'BEGIN{if (b > 0) printf "%.2f", a / b; else print "-"}')
  printf '%s\t%s\t%s\t%.2f\t%.2f\t%s\t%s\t%s\t%s\n' "$label" "$c" \
    "$(awk -v r="$2" 'BEGIN{if (r >= 100) printf "%.0f", r; else printf "%.3g", r}')" \
    "$(awk -v u="$3" 'BEGIN{print u / 1000}')" "$(awk -v u="$4" 'BEGIN{print u / 1000}')" \
    "$ratio" "$1" "$5" "$6" | tee -a "$table" |
    awk -F'\t' '{printf "%-44s -c%-3s %9s req/s  p50 %7s ms  p99 %7s ms  x%s of bare  (%s requests, %s errors, %s timeouts)\n", $1, $2, $3, $4, $5, $6, $7, $8, $9}'
}
row0() { awk -F'\t' -v l="$1" -v c="$2" -v f="$3" '$1 == l && $2 == c {print $f; exit}' "$table"; }
skip_row() { printf '%s\t%s\tskipped\t-\t-\t-\t0\t0\t0\n' "$1" "$2" | tee -a "$table"; }

echo "== load before: $(uptime)"
load_before=$(uptime)

# The body every fixed-body server sends: nango-mock's GET /connection/:id
start_mock "$dir/fixtures-1000.json"
get_path="/connection/conn-1?provider_config_key=github"
curl -s -i -H "Authorization: Bearer $key" "$mock_url$get_path" | sed 's/\r$//' >"$dir/resp.txt"
body=$(sed -n '/^$/,$p' "$dir/resp.txt" | sed 1d)
printf '%s' "$body" >"$dir/body.json"
{ sed -n '1,/^$/p' "$dir/resp.txt" | sed '/^$/d' | sed 's/$/\r/'; printf '\r\n%s' "$body"; } >"$dir/bare-response.bin"
# bare CivetWeb's Content-Length is its own body's
stop "$mock_pid"

: >"$dir/bare.log"
"$bin/nm-bench-bare" "$dir/bare-response.bin" >"$dir/bare.log" 2>&1 &
bare_pid=$!; pids+=("$bare_pid")
for _ in $(seq 1 100); do grep -q '^port:' "$dir/bare.log" && break; sleep 0.1; done
bare_url=http://127.0.0.1:$(awk '/^port:/{print $2}' "$dir/bare.log")
wait_http "$bare_url/"

csp=$(grep -i '^Content-Security-Policy-Report-Only:' "$dir/resp.txt" | cut -d' ' -f2-)
nginx_port=$(free_port)
mkdir -p "$dir/nginx/logs" "$dir/nginx/html"
cp "$dir/body.json" "$dir/nginx/html/body.json"
cat >"$dir/nginx/nginx.conf" <<EOF
worker_processes auto;
pid $dir/nginx/nginx.pid;
error_log $dir/nginx/logs/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port;
    root $dir/nginx/html;
    location / {
      default_type "application/json; charset=utf-8";
      add_header Content-Security-Policy-Report-Only "$csp";
      add_header X-Content-Type-Options nosniff;
      add_header Strict-Transport-Security "max-age=5184000; includeSubDomains";
    }
  }
}
EOF
nginx_ok=0
if command -v nginx >/dev/null; then
  nginx -p "$dir/nginx" -c "$dir/nginx/nginx.conf" -g 'daemon off;' >"$dir/nginx/out.log" 2>&1 &
  nginx_pid=$!; pids+=("$nginx_pid")
  wait_http "http://127.0.0.1:$nginx_port/body.json" && nginx_ok=1
fi

start_mock "$dir/fixtures-1000.json"
m1000_url=$mock_url m1000_pid=$mock_pid
upsert='{"connection_id":"conn-1","provider_config_key":"github","access_token":"gho_bench","expires_at":"2099-01-01T00:00:00Z","metadata":{"team":"platform"}}'
patch='{"team":"core","plan":"pro"}'

p_url=
if [ $peers = 1 ]; then
  pp=$(free_port)
  "$dir/peers/node_modules/.bin/prism" mock -h 127.0.0.1 -p "$pp" "$here/openapi.yaml" >"$dir/prism.log" 2>&1 &
  pids+=("$!")
  wait_http "http://127.0.0.1:$pp/connections" && p_url=http://127.0.0.1:$pp
  jp=$(free_port)
  cp "$dir/db-1000.json" "$dir/db.json"
  "$dir/peers/node_modules/.bin/json-server" --quiet --host 127.0.0.1 --port "$jp" "$dir/db.json" >"$dir/json-server.log" 2>&1 &
  pids+=("$!")
  wait_http "http://127.0.0.1:$jp/connections/1" && j_url=http://127.0.0.1:$jp
fi

echo "== throughput (wrk, $dur per figure; ratio: req/s over bare CivetWeb's at the same -c)"
for c in 1 64; do
  measure "bare CivetWeb" "$c" "$bare_url/"
  if [ $nginx_ok = 1 ]; then measure "nginx" "$c" "http://127.0.0.1:$nginx_port/body.json"; else skip_row nginx "$c"; fi
  measure "nango-mock GET /connection/:id" "$c" "$m1000_url$get_path" GET "" "$key"
  measure "nango-mock GET /connections (1,000)" "$c" "$m1000_url/connections" GET "" "$key"
  measure "nango-mock POST /connection (upsert)" "$c" "$m1000_url/connection" POST "$upsert" "$key"
  measure "nango-mock PATCH /connection/:id/metadata" "$c" "$m1000_url/connection/conn-1/metadata?provider_config_key=github" PATCH "$patch" "$key"
  if [ -n "$p_url" ]; then
    measure "Prism GET /connection/:id" "$c" "$p_url$get_path" GET "" "$key"
    measure "Prism GET /connections" "$c" "$p_url/connections" GET "" "$key"
    measure "Prism POST /connection" "$c" "$p_url/connection" POST "$upsert" "$key"
    measure "Prism PATCH /connection/:id/metadata" "$c" "$p_url/connection/conn-1/metadata?provider_config_key=github" PATCH "$patch" "$key"
  else
    skip_row "Prism" "$c"
  fi
  if [ -n "${j_url:-}" ]; then
    measure "json-server GET /connections/:id" "$c" "$j_url/connections/1"
    measure "json-server GET /connections (1,000)" "$c" "$j_url/connections"
    measure "json-server PUT /connections/:id" "$c" "$j_url/connections/1" PUT "$(node -e 'const d=require(process.argv[1]);console.log(JSON.stringify(d.connections[0]))' "$dir/db-1000.json")"
    measure "json-server PATCH /connections/:id" "$c" "$j_url/connections/1" PATCH '{"metadata":{"team":"core","plan":"pro"}}'
  else
    skip_row "json-server" "$c"
  fi
done
# the headline ratio again, bare and nango-mock alternating
: >"$dir/repeats.tsv"
if [ "$reps" -gt 1 ]; then
  echo "== repeats: bare CivetWeb and nango-mock GET /connection/:id alternating"
  for k in $(seq 2 "$reps"); do
    for c in 1 64; do
      measure "bare CivetWeb" "$c" "$bare_url/" >/dev/null
      measure "nango-mock GET /connection/:id" "$c" "$m1000_url$get_path" GET "" "$key" |
        sed "s/^/repeat $k: /"
    done
  done
  # the main table keeps the first run's rows; the repeats go apart
  tail -n $((4 * (reps - 1))) "$table" | awk -F'\t' '$1 !~ /^bare/' >"$dir/repeats.tsv"
  head -n $(($(wc -l <"$table") - 4 * (reps - 1))) "$table" >"$table.tmp" && mv "$table.tmp" "$table"
  bare_rps[1]=$(row0 "bare CivetWeb" 1 3); bare_rps[64]=$(row0 "bare CivetWeb" 64 3)
fi
stop "$m1000_pid"

start_mock "$dir/fixtures-$big.json"
# a page of 10,000 (the default limit) takes long: 64 of them at once need
# more than one period, and a longer timeout, to finish at all
for c in 1 64; do
  mdur=$([ $short = 1 ] && echo "$dur" || echo 30s) mtimeout=60s \
    measure "nango-mock GET /connections ($big)" "$c" "$mock_url/connections" GET "" "$key"
done
stop "$mock_pid"

# --- start-up -------------------------------------------------------------
echo "== start-up to the first 200 /health (median of $reps)"
startup() { # FIXTURES [FLAGS...] -> median ms
  local i port vals=() fx=$1
  shift
  for i in $(seq 1 "$reps"); do
    port=$(free_port)
    vals+=("$("$bin/nm-bench-startup" "$port" "$mock" --port "$port" --providers "$providers" --fixtures "$fx" "$@" | awk '{print $2}')")
  done
  printf '%s\n' "${vals[@]}" | sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'
}
start0=$(startup "$dir/fixtures-0.json")
startbig=$(startup "$dir/fixtures-$big.json")
# CivetWeb starts all its connection threads (--threads, default 1100)
# before it accepts: the same with 64 of them shows what that costs
start0t=$(startup "$dir/fixtures-0.json" --threads 64)
startbigt=$(startup "$dir/fixtures-$big.json" --threads 64)
echo "start-up, 0 connections:      $start0 ms ($start0t ms with --threads 64)"
echo "start-up, $big connections: $startbig ms ($startbigt ms with --threads 64)"

# --- a million connections ------------------------------------------------
echo "== $huge connections, bulk-loaded through POST /connection"
start_mock "$dir/fixtures-0.json"
rss0=$(rss_kib "$mock_pid")
t0=$(date +%s.%N)
# wrk runs its whole -d even when every thread has stopped: it is
# interrupted once the last id of each thread's share answers
BENCH_AUTH=$key BENCH_FIRST=1 BENCH_COUNT=$huge BENCH_THREADS=2 \
  wrk -t2 -c64 -d"$((huge / 200 + 60))"s -s "$here/load.lua" "$mock_url" >"$dir/load.log" 2>&1 &
wrk_pid=$!
has() { [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $key" \
  "$mock_url/connection/conn-$1?provider_config_key=github")" = 200 ]; }
while kill -0 "$wrk_pid" 2>/dev/null && ! { has $((huge / 2)) && has "$huge"; }; do sleep 0.5; done
kill -INT "$wrk_pid" 2>/dev/null || true
wait "$wrk_pid" 2>/dev/null || true
sleep 1 # the last requests in flight
grep -m3 '^load:' "$dir/load.log" >&2 || true
load_s=$(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b - a}')
# how many there are: one per page of one, newest first
nth() { curl -s -H "Authorization: Bearer $key" "$mock_url/connections?limit=1&page=$1" | grep -o '"connection_id"' | wc -l; }
if [ "$(nth $((huge - 1)))" = 1 ] && [ "$(nth "$huge")" = 0 ]; then count=$huge; else count="not $huge"; fi
rss_huge=$(rss_kib "$mock_pid")
echo "loaded in $load_s s ($count connections); RSS $((rss0 / 1024)) MiB empty, $((rss_huge / 1024)) MiB with $huge"
mid=$((huge / 2))
for c in 1 64; do
  measure "nango-mock GET /connection/:id ($huge)" "$c" "$mock_url/connection/conn-$mid?provider_config_key=github" GET "" "$key"
done
stop "$mock_pid"

# --- clients --------------------------------------------------------------
echo "== $ngets sequential gets on one client"
start_mock "$dir/fixtures-1000.json"
gets_c=$("$bin/nm-bench-gets" "$mock_url" "$key" github conn-1 "$ngets" | awk '{print $6}')
echo "libnango:        $gets_c gets/s"
gets_node=
if [ $nodeclient = 1 ]; then
  gets_node=$(node "$here/node-gets.mjs" "$dir/node-client" "$mock_url" "$key" github conn-1 "$ngets" | awk '{print $6}')
  echo "@nangohq/node:   $gets_node gets/s"
fi
stop "$mock_pid"
load_after=$(uptime)
echo "== load after: $load_after"

# --- RESULTS.md -----------------------------------------------------------
row() { awk -F'\t' -v l="$1" -v c="$2" -v f="$3" '$1 == l && $2 == c {print $f}' "$table"; }
verdict() { if awk "BEGIN{exit !($1)}"; then echo met; else echo "NOT met"; fi; }
g64=$(row "nango-mock GET /connection/:id" 64 6); g1=$(row "nango-mock GET /connection/:id" 1 6)
gp99=$(row "nango-mock GET /connection/:id" 64 5); grps=$(row "nango-mock GET /connection/:id" 64 3)
prps=$(row "Prism GET /connection/:id" 64 3)
hp99=$(row "nango-mock GET /connection/:id ($huge)" 64 5)
{
  echo "# nango-mock benchmark results"
  echo
  echo "Written by \`mock-server/bench/run.sh$([ $short = 1 ] && echo ' --short')\` on $(date -u '+%Y-%m-%d %H:%M UTC')."
  [ $short = 1 ] && echo "**Short mode: 2 s per figure and smaller sizes; these numbers only show the harness works.**"
  echo
  echo "## Machine"
  echo
  echo "- CPU: $(awk -F': ' '/model name/{print $2; exit}' /proc/cpuinfo), $(nproc) cores online"
  echo "- Memory: $(awk '/MemTotal/{printf "%.1f GiB", $2 / 1048576}' /proc/meminfo); kernel $(uname -r)"
  echo "- Load before: \`${load_before#*load}\`; after: \`${load_after#*load}\`"
  echo "- CivetWeb $(dpkg-query -W -f='${Version}' libcivetweb-dev 2>/dev/null || echo '?'), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2), nginx $(dpkg-query -W -f='${Version}' nginx 2>/dev/null || echo '-'), node $(node --version)"
  echo "- Peers: Prism $([ $peers = 1 ] && "$dir/peers/node_modules/.bin/prism" --version || echo skipped), json-server $([ $peers = 1 ] && "$dir/peers/node_modules/.bin/json-server" --version || echo skipped)"
  echo "- Everything on loopback; wrk -t1 at -c1, -t2 at -c64, $dur per figure."
  echo
  echo "## Throughput and latency"
  echo
  echo "errors: wrk's connect, read and write errors and HTTP statuses ≥ 400; timeouts: requests unanswered after 10 s (60 s for the listing of $big)."
  echo
  echo "| server and route | -c | req/s | p50 ms | p99 ms | × bare CivetWeb | requests | errors | timeouts |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9}' "$table"
  echo
  if [ -s "$dir/repeats.tsv" ]; then
    echo "Repeats of the headline figure (bare CivetWeb measured again just before each):"
    echo
    echo "| run | -c | req/s | p50 ms | p99 ms | × bare CivetWeb | requests | errors | timeouts |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    awk -F'\t' '{printf "| repeat | %s | %s | %s | %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6, $7, $8, $9}' "$dir/repeats.tsv"
    echo
  fi
  echo "## Start-up, memory, clients"
  echo
  echo "Start-up: to the first 200 /health, median of $reps; also with \`--threads 64\` (CivetWeb starts every connection thread before it accepts; the default is 1100)."
  echo
  echo "| figure | value |"
  echo "|---|---:|"
  echo "| start-up, 0 connections | $start0 ms |"
  echo "| start-up, $big fixture connections | $startbig ms |"
  echo "| start-up, 0 connections, \`--threads 64\` | $start0t ms |"
  echo "| start-up, $big fixture connections, \`--threads 64\` | $startbigt ms |"
  echo "| $huge connections bulk-loaded through POST /connection | $load_s s ($count counted) |"
  echo "| RSS, empty | $((rss0 / 1024)) MiB |"
  echo "| RSS, $huge connections | $((rss_huge / 1024)) MiB |"
  echo "| libnango, $ngets sequential gets on one handle | $gets_c gets/s |"
  echo "| @nangohq/node, $ngets sequential getConnection calls on one client | $([ -n "$gets_node" ] && echo "$gets_node gets/s" || echo skipped) |"
  echo
  echo "## Targets"
  echo
  echo "| target | measured | verdict |"
  echo "|---|---|---|"
  echo "| GET /connection/:id ≥ 0.9 of bare at -c64 | $g64 | $(verdict "$g64 >= 0.9") |"
  echo "| GET /connection/:id ≥ 0.9 of bare at -c1 | $g1 | $(verdict "$g1 >= 0.9") |"
  echo "| p99 ≤ 5 ms at -c64 | $gp99 ms | $(verdict "$gp99 <= 5") |"
  echo "| ≥ 100× live Nango (480 req/s at -c64, issue #12) | $grps req/s | $(verdict "$grps >= 48000") |"
  echo "| ≥ 10× Prism (GET at -c64) | ${prps:-skipped} | $([ -n "$prps" ] && [ "$prps" != skipped ] && verdict "$grps >= 10 * $prps" || echo skipped) |"
  echo "| start-up ≤ 20 ms with $big connections | $startbig ms | $(verdict "$startbig <= 20") |"
  echo "| $huge connections in < 1 GiB RSS | $((rss_huge / 1024)) MiB | $(verdict "$rss_huge < 1048576") |"
  echo "| GET p99 unchanged at $huge (-c64) | $hp99 ms vs $gp99 ms | $(verdict "$hp99 <= 1.5 * $gp99 + 0.5") |"
  echo "| libnango ≥ 2× @nangohq/node | $gets_c vs ${gets_node:-skipped} | $([ -n "$gets_node" ] && verdict "$gets_c >= 2 * $gets_node" || echo skipped) |"
  if [ -f "$here/NOTES.md" ]; then echo; cat "$here/NOTES.md"; fi
} >"$results"
echo "== written: $results"
"$here/check-results.sh" "$results"
