-- Counts one failure; the window starts at the first one.
-- KEYS[1] the counter; ARGV[1] window (ms)
local n = redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
end
return n
