-- Extends a live session after a token refresh; records an address change in the outbox.
-- Returns {uid, expiresAt} or nil when the session is not live (unknown, ended, revoked or past its deadline).
-- KEYS: 1 sess:expiry, 2 history:outbox
-- ARGV: 1 sid, 2 now, 3 requested expiresAt, 4 ip or '', 5 location JSON of that ip or '', 6 event id,
--       7 outbox TTL ms, 8 expiry index TTL ms
local sid = ARGV[1]
local uid = redis.call('GET', 'sid:' .. sid)
if not uid then return nil end
if redis.call('EXISTS', 'revoked:' .. sid) == 1 then return nil end
local k = 'sess:{u:' .. uid .. '}:' .. sid
local cur = redis.call('HMGET', k, 'expiresAt', 'maxExpiresAt', 'ip', 'device')
if not cur[1] then return nil end
local now = tonumber(ARGV[2])
if tonumber(cur[1]) <= now then return nil end

local exp = math.min(tonumber(ARGV[3]), tonumber(cur[2]))
local keep = exp + 60000
redis.call('HSET', k, 'lastActivityAt', ARGV[2], 'expiresAt', string.format('%d', exp))
if ARGV[4] ~= '' and ARGV[4] ~= cur[3] then
  redis.call('HSET', k, 'ip', ARGV[4], 'location', ARGV[5])
  local ev = {'id', ARGV[6], 'type', 'ADDRESS_CHANGED', 'at', ARGV[2], 'userId', uid, 'sessionId', sid,
    'actorType', 'SYSTEM', 'ip', ARGV[4]}
  if cur[4] then ev[#ev + 1] = 'device'; ev[#ev + 1] = cur[4] end
  if ARGV[5] ~= '' then ev[#ev + 1] = 'location'; ev[#ev + 1] = ARGV[5] end
  redis.call('XADD', KEYS[2], '*', unpack(ev))
  redis.call('PEXPIRE', KEYS[2], ARGV[7])
end
redis.call('PEXPIREAT', k, keep)
redis.call('SET', 'sid:' .. sid, uid, 'PXAT', keep)
local uk = 'usess:{u:' .. uid .. '}'
redis.call('ZADD', uk, now, sid)
if redis.call('PEXPIRETIME', uk) < keep then redis.call('PEXPIREAT', uk, keep) end
redis.call('ZADD', KEYS[1], exp, uid .. ':' .. sid)
redis.call('PEXPIRE', KEYS[1], math.max(tonumber(ARGV[8]), keep - now))
return {uid, string.format('%d', exp)}
