#!lua
-- Reserves a sign-in attempt on one counter before its password is checked (the caller reserves on the account, then
-- on the address, and gives the first back when the second refuses: one counter per call keeps each call in one hash
-- slot). A counter is a pair of keys in one slot: its failures (a number whose TTL is the failure window) and its
-- attempts in flight (a sorted set of attempt ids scored by the time their reservation lapses, so that one never
-- settled, e.g. by a crashed instance, vanishes by itself).
-- KEYS: 1 failures, 2 attempts in flight
-- ARGV[1] attempt id, ARGV[2] lease (ms) of a reservation, ARGV[3] the counter's limit
-- Returns {0} when reserved; {1, ms until the window ends} when the failures alone reached the limit; {2, 0} when the
-- failures plus the attempts in flight would pass it (nothing is reserved then).
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local lease = tonumber(ARGV[2])
local failures = tonumber(redis.call('GET', KEYS[1]) or '0')
local limit = tonumber(ARGV[3])
if failures >= limit then
  return {1, math.max(1, redis.call('PTTL', KEYS[1]))}
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if failures + redis.call('ZCARD', KEYS[2]) >= limit then
  return {2, 0}
end
redis.call('ZADD', KEYS[2], now + lease, ARGV[1])
redis.call('PEXPIRE', KEYS[2], lease)
return {0}
