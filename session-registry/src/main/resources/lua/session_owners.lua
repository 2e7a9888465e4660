#!lua flags=no-writes
-- The users of sessions of one bucket, so that the script that ends them can be given their users' indexes.
-- KEYS: s:{b}:<sid>... Returns the uid of each ('' when the session is not live).
local owners = {}
for i = 1, #KEYS do owners[i] = redis.call('HGET', KEYS[i], 'u') or '' end
return owners
