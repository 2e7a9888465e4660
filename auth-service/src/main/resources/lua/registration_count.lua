#!lua
-- Counts a registration from a client address (block) before its password is hashed, or gives one back.
-- KEYS[1] the counter; ARGV[1] 'take' or 'give-back', ARGV[2] limit, ARGV[3] window (ms, from the first one counted)
-- Returns 0 when counted (or given back), else the ms until the window ends (nothing counted).
if ARGV[1] == 'give-back' then
  if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then redis.call('DECR', KEYS[1]) end
  return 0
end
if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[2]) then
  return math.max(1, redis.call('PTTL', KEYS[1]))
end
redis.call('INCR', KEYS[1])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[3]) end
return 0
