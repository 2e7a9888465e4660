-- Caches an account's roles for the epoch they were read under, unless the epoch has moved on meanwhile (then the
-- roles read may be older than the change that moved it, and the next refresh reads the database again).
-- KEYS: 1 acct:{u:<uid>}
-- ARGV: 1 epoch read before the roles, 2 roles, comma-separated
local current = redis.call('HGET', KEYS[1], 'v') or '0'
if current ~= ARGV[1] or redis.call('HGET', KEYS[1], 'off') == '1' then return 0 end
redis.call('HSET', KEYS[1], 'v', current, 'roles', ARGV[2], 'rv', current)
return 1
