#!lua
-- Caches an account's roles for the epoch they were read under, unless the epoch has moved on meanwhile (then the
-- roles read may be older than the change that moved it, and the next refresh reads the database again) or roles
-- are cached for it already (an admin change writes the roles of its epoch itself; a reader that read the row just
-- before that change must not replace them).
-- KEYS: 1 a:{b}:<uid>
-- ARGV: 1 epoch read with the roles, 2 roles, comma-separated
local state = redis.call('HMGET', KEYS[1], 'v', 'off', 'rv')
local current = state[1] or '0'
if current ~= ARGV[1] or state[2] == '1' or state[3] == current then return 0 end
redis.call('HSET', KEYS[1], 'v', current, 'roles', ARGV[2], 'rv', current)
return 1
