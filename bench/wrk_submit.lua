-- wrk: POST a new response per request to a public survey link (unique response ids per
-- thread and request), then report like wrk_json.lua.
local counter = 0
local prefix = os.getenv("SUBMIT_PREFIX") or "w"
local threads = {}

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

request = function()
  counter = counter + 1
  local body = string.format('{"response_id":"' .. prefix .. '%d-%d","complete":true,"answers":{"nps":%d}}', tid, counter,
                             counter % 11)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end

dofile(os.getenv("NAZAR_BENCH_DIR") .. "/wrk_json.lua")
