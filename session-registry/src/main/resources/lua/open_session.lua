-- Opens a session: live hash, per-user index, owner entry, expiry index and SIGNED_IN in the outbox, atomically.
-- KEYS: 1 sess:{u:<uid>}:<sid>, 2 usess:{u:<uid>}, 3 sidx:<first two characters of sid>, 4 sess:expiry,
--       5 history:outbox
-- ARGV: 1 uid, 2 sid, 3 now, 4 expiresAt, 5 maxExpiresAt, 6 remember (0/1), 7 ip, 8..12 device dt os osv br brv,
--       13..15 location city cn cc ('' when unknown), 16 event id, 17 user agent, 18 outbox TTL ms,
--       19 expiry index TTL ms
local uid, sid = ARGV[1], ARGV[2]
local now, exp = tonumber(ARGV[3]), tonumber(ARGV[4])
local keep = exp + 60000
local names = {'dt', 'os', 'osv', 'br', 'brv', 'city', 'cn', 'cc'}

local hash = {'c', ARGV[3], 'l', ARGV[3], 'e', ARGV[4], 'm', ARGV[5], 'r', ARGV[6], 'ip', ARGV[7]}
local ev = {'id', ARGV[16], 'type', 'SIGNED_IN', 'at', ARGV[3], 'userId', uid, 'sessionId', sid,
  'actorType', 'USER', 'actorId', uid, 'ip', ARGV[7]}
for i, name in ipairs(names) do
  local value = ARGV[7 + i]
  if value ~= '' then
    hash[#hash + 1] = name; hash[#hash + 1] = value
    ev[#ev + 1] = name; ev[#ev + 1] = value
  end
end
redis.call('HSET', KEYS[1], unpack(hash))
redis.call('PEXPIREAT', KEYS[1], keep)
redis.call('ZADD', KEYS[2], now, sid)
if redis.call('PEXPIRETIME', KEYS[2]) < keep then redis.call('PEXPIREAT', KEYS[2], keep) end
redis.call('HSET', KEYS[3], sid, uid)
if redis.call('PEXPIRETIME', KEYS[3]) < keep then redis.call('PEXPIREAT', KEYS[3], keep) end
redis.call('ZADD', KEYS[4], exp, sid)
redis.call('PEXPIRE', KEYS[4], math.max(tonumber(ARGV[19]), keep - now))

if ARGV[17] ~= '' then ev[#ev + 1] = 'ua'; ev[#ev + 1] = ARGV[17] end
redis.call('XADD', KEYS[5], '*', unpack(ev))
redis.call('PEXPIRE', KEYS[5], ARGV[18])
return 1
