-- Settles a reserved sign-in attempt: its reservation leaves every counter's attempts in flight, and
--   ARGV[2] = 'failed'  : each counter counts one failure more (the window starts with the first failure);
--   ARGV[2] = 'forgiven': the first counter's failures (the account's) are cleared (a sign-in forgives them);
--   ARGV[2] = 'released': nothing else (a right password that forgives nothing, or an attempt that ended without an
--                         answer about its password: an outage, a full queue, a client that went away).
-- KEYS: as for attempt_reserve.lua; ARGV[1] attempt id, ARGV[3] failure window (ms)
local counters = #KEYS / 2
for i = 1, counters do
  redis.call('ZREM', KEYS[2 * i], ARGV[1])
  if ARGV[2] == 'failed' then
    redis.call('INCR', KEYS[2 * i - 1])
    if redis.call('PTTL', KEYS[2 * i - 1]) < 0 then redis.call('PEXPIRE', KEYS[2 * i - 1], ARGV[3]) end
  elseif ARGV[2] == 'forgiven' and i == 1 then
    redis.call('DEL', KEYS[2 * i - 1])
  end
end
return 0
