#!lua
-- Settles a reserved sign-in attempt on one counter: its reservation leaves the counter's attempts in flight, and
--   ARGV[2] = 'failed'  : the counter counts one failure more (the window starts with the first failure);
--   ARGV[2] = 'forgiven': the counter's failures are cleared (a sign-in forgives the account's);
--   ARGV[2] = 'released': nothing else (a right password that forgives nothing, or an attempt that ended without an
--                         answer about its password: an outage, a full queue, a client that went away).
-- KEYS: as for attempt_reserve.lua; ARGV[1] attempt id, ARGV[3] failure window (ms)
redis.call('ZREM', KEYS[2], ARGV[1])
if ARGV[2] == 'failed' then
  redis.call('INCR', KEYS[1])
  if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
elseif ARGV[2] == 'forgiven' then
  redis.call('DEL', KEYS[1])
end
return 0
