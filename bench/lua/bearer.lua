-- wrk script: GET one path with a bearer token taken round-robin from a file (one "token sid uid" per line),
-- so the check sees many users and sessions instead of one hot token. Usage: wrk ... -s bearer.lua <url> -- <tokens> (name from BENCH_NAME)
-- With a second file holding one administrator's token: every request is that administrator's, for the path of the
-- url followed by the uid of the file's next line and "/sessions" (an admin listing each user's sessions in turn).
-- Prints one RESULT line of key=value pairs that bench/run reads.

-- BENCH_PACE_MS > 0: each connection waits that long before its next request, so that 64 connections load the
-- route below saturation and the latency shows what the route adds rather than how long requests queue.
local pace = tonumber(os.getenv("BENCH_PACE_MS") or "")
if pace and pace > 0 then
   function delay()
      return pace
   end
end

local counter = 0
local threads = {}

function setup(thread)
   thread:set("id", counter)
   table.insert(threads, thread)
   counter = counter + 1
end

function init(args)
   local file = args[1]
   local admin
   if args[2] then
      admin = io.lines(args[2])():match("^(%S+)")
   end
   requests = {}
   for line in io.lines(file) do
      local token, uid = line:match("^(%S+)%s+%S+%s+(%S+)")
      token = token or line:match("^(%S+)")
      if admin and uid then
         table.insert(requests, wrk.format(nil, wrk.path .. uid .. "/sessions", { ["Authorization"] = "Bearer " .. admin }))
      elseif token and not admin then
         table.insert(requests, wrk.format(nil, nil, { ["Authorization"] = "Bearer " .. token }))
      end
   end
   if #requests == 0 then
      error("no tokens in " .. file)
   end
   -- threads start at different places so that together they walk all tokens
   index = (id * 7919) % #requests
end

function request()
   index = index % #requests + 1
   return requests[index]
end

function done(summary, latency, requests)
   local e = summary.errors
   local seconds = summary.duration / 1e6
   io.write(string.format(
      "RESULT name=%s ok=%d errors=%d seconds=%.2f rate=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d socket_errors=%d\n",
      os.getenv("BENCH_NAME") or "wrk", summary.requests - e.status - e.connect - e.read - e.write - e.timeout,
      e.status + e.connect + e.read + e.write + e.timeout, seconds, summary.requests / seconds,
      latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
      e.status, e.connect + e.read + e.write + e.timeout))
end
