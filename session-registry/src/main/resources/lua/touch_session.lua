#!lua
-- Records a session's last activity, never moving it backwards, and announces the change (session_extend_lib, ADR
-- 22); does nothing for an ended session.
-- KEYS: 1 s:{b}:<sid>, 2 us:{b}:<uid>
-- ARGV: 1 now, 2 sid, 3 uid, 4 the revocation channel
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local last = redis.call('HGET', KEYS[1], 'l')
if last and tonumber(last) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'l', ARGV[1])
redis.call('ZADD', KEYS[2], 'XX', 'GT', ARGV[1], ARGV[2])
announce_change(ARGV[4], ARGV[2], ARGV[3])
return 1
