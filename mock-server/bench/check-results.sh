#!/usr/bin/env bash
# Checks that a results file written by run.sh shows a harness that works:
#
#   mock-server/bench/check-results.sh RESULTS.md
#
# Every server, route and concurrency has its row, with completed requests,
# a req/s above 0 and no wrk errors (connect, read, write, or an HTTP status
# >= 400: a server down, a wrong route, key or body); timeouts are slowness
# and are not counted. Start-up (0 and N connections, with and without
# --threads 64), the bulk load (every connection counted), RSS (empty and
# loaded) and both clients' sequential gets are there and above 0. No figure
# is compared with a target: this proves the harness runs, not that the mock
# is fast. A peer reported as skipped (nginx, Prism, json-server,
# @nangohq/node not installed) passes, unless NANGO_REQUIRE_BENCH=1.
# run.sh runs it on what it has written. Exit 0 when all is there; 1, with
# the list of what is not, otherwise.
set -euo pipefail
if [ $# -ne 1 ] || [ ! -f "$1" ]; then
  echo "usage: check-results.sh RESULTS.md" >&2
  exit 2
fi
awk -v require="${NANGO_REQUIRE_BENCH:-0}" '
function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
# a label with its sizes as N: the same check for --short and a full run
function norm(s) { gsub(/[0-9]+/, "N", s); return s }
function bad(msg) { print "check-results: " msg > "/dev/stderr"; failed = 1 }
BEGIN {
  # throughput rows, each at -c1 and -c64; group "" is never skipped
  n = 0
  split("bare CivetWeb|nango-mock GET /connection/:id|" \
    "nango-mock GET /connections (N,N)|nango-mock POST /connection (upsert)|" \
    "nango-mock PATCH /connection/:id/metadata|nango-mock GET /connections (N)|" \
    "nango-mock GET /connection/:id (N)", a, "|")
  for (i = 1; i in a; i++) { want[++n] = a[i]; group[n] = "" }
  want[++n] = "nginx"; group[n] = "nginx"
  split("GET /connection/:id|GET /connections|POST /connection|" \
    "PATCH /connection/:id/metadata", a, "|")
  for (i = 1; i in a; i++) { want[++n] = "Prism " a[i]; group[n] = "Prism" }
  split("GET /connections/:id|GET /connections (N,N)|PUT /connections/:id|" \
    "PATCH /connections/:id", a, "|")
  for (i = 1; i in a; i++) { want[++n] = "json-server " a[i]; group[n] = "json-server" }
  # start-up, memory and client figures
  m = split("start-up, N connections|start-up, N fixture connections|" \
    "start-up, N connections, `--threads N`|" \
    "start-up, N fixture connections, `--threads N`|" \
    "N connections bulk-loaded through POST /connection|RSS, empty|" \
    "RSS, N connections|libnango, N sequential gets on one handle|" \
    "@nangohq/node, N sequential getConnection calls on one client", fig, "|")
}
/^#/ { section = $0; next }
!/^\| / || /^\|---/ { next }
section == "## Throughput and latency" {
  split($0, f, "|")
  label = trim(f[2])
  if (label == "server and route" || label == "run" || label == "repeat") next
  key = norm(label) SUBSEP trim(f[3])
  shown[norm(label)] = label
  rps[key] = trim(f[4]); reqs[key] = trim(f[8]); errs[key] = trim(f[9])
  next
}
section == "## Start-up, memory, clients" {
  split($0, f, "|")
  label = trim(f[2])
  if (label != "figure") { val[norm(label)] = trim(f[3]); shown[norm(label)] = label }
}
END {
  for (i = 1; i <= n; i++) {
    name = (want[i] in shown) ? shown[want[i]] : want[i]
    for (c = 1; c <= 64; c += 63) {
      key = want[i] SUBSEP c
      skip = group[i] SUBSEP c
      if (group[i] != "" && (skip in rps) && rps[skip] == "skipped") {
        if (skip in told) continue
        told[skip] = 1
        if (require == 1)
          bad(group[i] " -c" c ": skipped (not installed), and NANGO_REQUIRE_BENCH=1")
        else
          print "check-results: " group[i] " -c" c ": skipped (not installed)"
        continue
      }
      if (!(key in rps)) { bad(name " -c" c ": no row"); continue }
      if (reqs[key] !~ /^[0-9]+$/ || reqs[key] + 0 == 0)
        bad(name " -c" c ": no request completed (" reqs[key] ")")
      else if (!(rps[key] + 0 > 0))
        bad(name " -c" c ": req/s " rps[key])
      if (errs[key] == "")
        bad(name " -c" c ": no errors column (a results file older than the check?)")
      else if (errs[key] != "0")
        bad(name " -c" c ": " errs[key] " wrk errors (connect, read, write or HTTP >= 400)")
    }
  }
  for (j = 1; j <= m; j++) {
    if (!(fig[j] in val)) { bad(fig[j] ": no row"); continue }
    v = val[fig[j]]
    name = shown[fig[j]]
    if (v == "skipped" && fig[j] ~ /^@nangohq/) {
      if (require == 1) bad(name ": skipped (not installed), and NANGO_REQUIRE_BENCH=1")
      else print "check-results: " name ": skipped (not installed)"
      continue
    }
    split(v, w, " ")
    if (w[1] !~ /^[0-9]+(\.[0-9]+)?$/ || !(w[1] + 0 > 0)) bad(name ": \"" v "\"")
    if (v ~ /not /) bad(name ": \"" v "\" (not every connection was stored)")
  }
  if (failed) exit 1
  print "check-results: every row is there, with requests and without errors"
}' "$1"
