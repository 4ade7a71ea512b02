-- One wrk scenario, set by the environment (mock-server/bench/run.sh):
--   BENCH_METHOD, BENCH_BODY (optional), BENCH_AUTH (bearer key, optional)
-- done() prints one machine-readable line:
--   RESULT requests req_per_s p50_us p99_us errors timeouts
-- errors: connect, read and write errors and HTTP statuses >= 400 (each
-- means the harness is broken); timeouts apart (they are only slowness)
wrk.method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
if body and body ~= "" then
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end
local auth = os.getenv("BENCH_AUTH")
if auth and auth ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. auth
end

done = function(summary, latency, requests)
  local e = summary.errors
  local errors = e.connect + e.read + e.write + e.status
  io.write(string.format("RESULT %d %.1f %d %d %d %d\n", summary.requests,
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50), latency:percentile(99), errors, e.timeout))
end
