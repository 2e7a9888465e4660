-- Count and remaining window (ms) of a failure counter; {0, 0} when there is none.
-- KEYS[1] the counter
local n = redis.call('GET', KEYS[1])
if not n then
  return {0, 0}
end
return {tonumber(n), redis.call('PTTL', KEYS[1])}
