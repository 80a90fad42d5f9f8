-- wrk: POST a batch of BENCH_BATCH (default 1,000) new interactions per request: unique
-- references per thread and request, contacts drawn from a pool of 100,000 callers, a wait
-- time fact; then report like wrk_json.lua.
local counter = 0
local threads = {}
local batch = tonumber(os.getenv("BENCH_BATCH") or "1000")
-- References must not repeat across runs (a repeated one is a replay: nothing new).
local prefix = os.getenv("BENCH_REF_PREFIX") or "w"

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(tid * 7919)
end

request = function()
  counter = counter + 1
  local items = {}
  for i = 1, batch do
    local contact = math.random(1, 100000)
    items[i] = string.format(
      '{"contact":"c%d","email":"c%d@bench.example","touchpoint":"support","agent":"agent-%d",' ..
      '"reference":"%s%d-%d-%d","facts":{"wait_s":%d}}',
      contact, contact, contact % 40, prefix, tid, counter, i, math.random(0, 600))
  end
  local body = '{"interactions":[' .. table.concat(items, ",") .. ']}'
  -- wrk.format takes these headers instead of the -H ones: keep those (the API key).
  local headers = {["Content-Type"] = "application/json"}
  for name, value in pairs(wrk.headers) do headers[name] = value end
  return wrk.format("POST", nil, headers, body)
end

-- BENCH_PACE_MS > 0: each connection waits this long between requests (a steady load
-- instead of as fast as the server goes).
local pace = tonumber(os.getenv("BENCH_PACE_MS") or "0")
if pace > 0 then
  delay = function() return pace end
end

dofile(os.getenv("NAZAR_BENCH_DIR") .. "/wrk_json.lua")
