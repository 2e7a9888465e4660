-- Opens a session: live hash, per-user index, sid lookup, expiry index and SIGNED_IN in the outbox, atomically.
-- KEYS: 1 sess:{u:<uid>}:<sid>, 2 usess:{u:<uid>}, 3 sid:<sid>, 4 sess:expiry, 5 history:outbox
-- ARGV: 1 uid, 2 sid, 3 now, 4 expiresAt, 5 maxExpiresAt, 6 remember (0/1), 7 ip, 8 device JSON,
--       9 location JSON or '', 10 event id, 11 user agent, 12 outbox TTL ms, 13 expiry index TTL ms
local uid, sid = ARGV[1], ARGV[2]
local now, exp = tonumber(ARGV[3]), tonumber(ARGV[4])
local keep = exp + 60000

redis.call('HSET', KEYS[1], 'uid', uid, 'createdAt', ARGV[3], 'lastActivityAt', ARGV[3], 'expiresAt', ARGV[4],
  'maxExpiresAt', ARGV[5], 'remember', ARGV[6], 'ip', ARGV[7], 'device', ARGV[8], 'location', ARGV[9])
redis.call('PEXPIREAT', KEYS[1], keep)
redis.call('ZADD', KEYS[2], now, sid)
if redis.call('PEXPIRETIME', KEYS[2]) < keep then redis.call('PEXPIREAT', KEYS[2], keep) end
redis.call('SET', KEYS[3], uid, 'PXAT', keep)
redis.call('ZADD', KEYS[4], exp, uid .. ':' .. sid)
redis.call('PEXPIRE', KEYS[4], math.max(tonumber(ARGV[13]), keep - now))

local ev = {'id', ARGV[10], 'type', 'SIGNED_IN', 'at', ARGV[3], 'userId', uid, 'sessionId', sid,
  'actorType', 'USER', 'actorId', uid, 'ip', ARGV[7], 'device', ARGV[8]}
if ARGV[9] ~= '' then ev[#ev + 1] = 'location'; ev[#ev + 1] = ARGV[9] end
if ARGV[11] ~= '' then ev[#ev + 1] = 'ua'; ev[#ev + 1] = ARGV[11] end
redis.call('XADD', KEYS[5], '*', unpack(ev))
redis.call('PEXPIRE', KEYS[5], ARGV[12])
return 1
