-- Reserves one attempt on each counter before the password is checked: the attempt counts as a failure unless it
-- is settled as a success, so attempts running in parallel cannot together pass a limit.
-- Returns 0 when reserved, else the ms until the window of the first exhausted counter ends (nothing reserved).
-- KEYS: the counters; ARGV[1] window (ms), ARGV[1 + i] the limit of KEYS[i]
for i, key in ipairs(KEYS) do
  if tonumber(redis.call('GET', key) or '0') >= tonumber(ARGV[i + 1]) then
    return math.max(1, redis.call('PTTL', key))
  end
end
for _, key in ipairs(KEYS) do
  redis.call('INCR', key)
  if redis.call('PTTL', key) < 0 then redis.call('PEXPIRE', key, ARGV[1]) end
end
return 0
