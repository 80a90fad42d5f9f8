-- wrk: POST responses whose ids were already submitted (a retrying script, or anyone
-- replaying a public link's response_id): "w1-2" … "w1-<REPLAY_IDS + 1>", which the fresh
-- run before it stored ("w1-1" is never sent: wrk builds one request per thread before the
-- run). Each must be answered 200 "replayed" and count once.
local counter = 0
local ids = tonumber(os.getenv("REPLAY_IDS") or "1000")

request = function()
  counter = counter + 1
  local n = counter % ids + 2
  local body = string.format('{"response_id":"w1-%d","complete":true,"answers":{"nps":%d}}', n, n % 11)
  return wrk.format("POST", nil, {["Content-Type"] = "application/json"}, body)
end

dofile(os.getenv("NAZAR_BENCH_DIR") .. "/wrk_json.lua")
