-- Bulk-loads connections through the API: POST /connection (legacy
-- upsert) with ids conn-<first>..conn-<first+count-1>, split over wrk's
-- threads; each thread stops once its share has been answered. Set by
-- the environment: BENCH_AUTH, BENCH_FIRST, BENCH_COUNT.
local threads = {}
local n_threads = 0

setup = function(thread)
  thread:set("index", n_threads)
  n_threads = n_threads + 1
  table.insert(threads, thread)
end

init = function(args)
  local first = tonumber(os.getenv("BENCH_FIRST") or "1")
  local count = tonumber(os.getenv("BENCH_COUNT") or "1000")
  local nt = tonumber(os.getenv("BENCH_THREADS") or "1")
  local share = math.floor(count / nt)
  next_id = first + index * share
  last_id = next_id + share - 1
  if index == nt - 1 then last_id = first + count - 1 end
  answered = 0
  quota = last_id - next_id + 1
  headers = { ["Content-Type"] = "application/json",
              ["Authorization"] = "Bearer " .. os.getenv("BENCH_AUTH") }
end

-- wrk calls request() once on the first thread's state before it runs
-- (to check pipelining): that first call of each thread gets /health, so
-- no id is spent on a request that is never sent
request = function()
  if not started then
    started = true
    return wrk.format("GET", "/health")
  end
  if next_id > last_id then
    return wrk.format("GET", "/health")
  end
  local body = string.format('{"connection_id":"conn-%d",' ..
    '"provider_config_key":"github","access_token":"gho_bench",' ..
    '"expires_at":"2099-01-01T00:00:00Z",' ..
    '"metadata":{"team":"platform"}}', next_id)
  next_id = next_id + 1
  return wrk.format("POST", "/connection", headers, body)
end

-- a new connection is answered 201, /health 200: count the 201s only
response = function(status, headers, body)
  if status == 201 then
    answered = answered + 1
  elseif status ~= 200 then
    io.write("load: status " .. status .. "\n")
  end
  if answered >= quota then wrk.thread:stop() end
end
