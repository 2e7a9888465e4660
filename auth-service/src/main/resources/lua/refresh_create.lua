#!lua
-- Starts the refresh chain of a new session (fields: RefreshChainFields; one character each, no empty link fields
-- and '0' flags left out, so that a fresh chain stays a small listpack).
-- KEYS[1] rt:{b}:<sid>
-- ARGV uid, email, name, roles, remember (1/0), createdAt, maxExp, cur (hash of the first secret), deadline (epoch ms),
--      mfa (1/0: signed in with a second factor, kept for the amr claim of every refresh)
redis.call('DEL', KEYS[1])
local chain = {'u', ARGV[1], 'e', ARGV[2], 'n', ARGV[3], 'r', ARGV[4], 'c', ARGV[6], 'x', ARGV[7], 'h', ARGV[8]}
if ARGV[5] == '1' then chain[#chain + 1] = 'm'; chain[#chain + 1] = '1' end
if ARGV[10] == '1' then chain[#chain + 1] = 'f'; chain[#chain + 1] = '1' end
redis.call('HSET', KEYS[1], unpack(chain))
redis.call('PEXPIREAT', KEYS[1], ARGV[9])
return 1
