-- Moves an account to its next epoch after an admin changed it: the account's hash in Redis is what the registry's
-- open and refresh scripts check, so from this write on nothing read before it can open or refresh a session.
-- KEYS: 1 acct:{u:<uid>}
-- ARGV: 1 off ('1' deactivated, '0' active), 2 roles of the new epoch, comma-separated ('' = unknown)
-- Returns the new epoch.
local epoch = redis.call('HINCRBY', KEYS[1], 'v', 1)
redis.call('HSET', KEYS[1], 'off', ARGV[1])
if ARGV[2] ~= '' then
  redis.call('HSET', KEYS[1], 'roles', ARGV[2], 'rv', epoch)
else
  redis.call('HDEL', KEYS[1], 'roles', 'rv')
end
return epoch
