-- Reserves a sign-in attempt on each counter before its password is checked. A counter is a pair of keys: its
-- failures (a number whose TTL is the failure window) and its attempts in flight (a sorted set of attempt ids scored
-- by the time their reservation lapses, so that one never settled, e.g. by a crashed instance, vanishes by itself).
-- KEYS: failures and in-flight keys of each counter in turn (failures 1, in flight 1, failures 2, in flight 2, ...)
-- ARGV[1] attempt id, ARGV[2] lease (ms) of a reservation, ARGV[2 + i] the limit of counter i
-- Returns {0} when reserved on every counter; {1, ms until the window ends} when a counter's failures alone reached
-- its limit; {2, 0} when its failures plus the attempts in flight would pass it (nothing is reserved then).
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lease = tonumber(ARGV[2])
local counters = #KEYS / 2
for i = 1, counters do
  local failures = tonumber(redis.call('GET', KEYS[2 * i - 1]) or '0')
  local limit = tonumber(ARGV[2 + i])
  if failures >= limit then
    return {1, math.max(1, redis.call('PTTL', KEYS[2 * i - 1]))}
  end
  redis.call('ZREMRANGEBYSCORE', KEYS[2 * i], '-inf', now)
  if failures + redis.call('ZCARD', KEYS[2 * i]) >= limit then
    return {2, 0}
  end
end
for i = 1, counters do
  redis.call('ZADD', KEYS[2 * i], now + lease, ARGV[1])
  redis.call('PEXPIRE', KEYS[2 * i], lease)
end
return {0}
