-- Extends a live session after a token refresh; records an address change in the outbox.
-- Returns {uid, expiresAt} or nil when the session is not live (unknown, ended, revoked or past its deadline) or its
-- account is deactivated.
-- KEYS: 1 sess:expiry, 2 history:outbox
-- ARGV: 1 sid, 2 now, 3 requested expiresAt, 4 ip or '', 5..7 location of that ip: city cn cc ('' when unknown),
--       8 event id, 9 outbox TTL ms, 10 expiry index TTL ms, 11..15 device read anew from client hints
--       (dt os osv br brv; dt '' = the device stays as it is)
local sid = ARGV[1]
local owners = 'sidx:' .. string.sub(sid, 1, 2)
local uid = redis.call('HGET', owners, sid)
if not uid then return nil end
if redis.call('EXISTS', 'revoked:' .. sid) == 1 then return nil end
if redis.call('HGET', 'acct:{u:' .. uid .. '}', 'off') == '1' then return nil end
local k = 'sess:{u:' .. uid .. '}:' .. sid
local cur = redis.call('HMGET', k, 'e', 'm', 'ip', 'dt', 'os', 'osv', 'br', 'brv')
if not cur[1] then return nil end
local now = tonumber(ARGV[2])
if tonumber(cur[1]) <= now then return nil end

local exp = math.min(tonumber(ARGV[3]), tonumber(cur[2]))
local keep = exp + 60000
redis.call('HSET', k, 'l', ARGV[2], 'e', string.format('%d', exp))
if ARGV[11] ~= '' then
  redis.call('HSET', k, 'dt', ARGV[11], 'os', ARGV[12], 'osv', ARGV[13], 'br', ARGV[14], 'brv', ARGV[15])
end
if ARGV[4] ~= '' and ARGV[4] ~= cur[3] then
  redis.call('HSET', k, 'ip', ARGV[4], 'city', ARGV[5], 'cn', ARGV[6], 'cc', ARGV[7])
  local ev = {'id', ARGV[8], 'type', 'ADDRESS_CHANGED', 'at', ARGV[2], 'userId', uid, 'sessionId', sid,
    'actorType', 'SYSTEM', 'ip', ARGV[4]}
  local device = {'dt', 'os', 'osv', 'br', 'brv'}
  for i, name in ipairs(device) do
    if cur[3 + i] and cur[3 + i] ~= '' then ev[#ev + 1] = name; ev[#ev + 1] = cur[3 + i] end
  end
  local place = {'city', 'cn', 'cc'}
  for i, name in ipairs(place) do
    if ARGV[4 + i] ~= '' then ev[#ev + 1] = name; ev[#ev + 1] = ARGV[4 + i] end
  end
  redis.call('XADD', KEYS[2], '*', unpack(ev))
  redis.call('PEXPIRE', KEYS[2], ARGV[9])
end
redis.call('PEXPIREAT', k, keep)
if redis.call('PEXPIRETIME', owners) < keep then redis.call('PEXPIREAT', owners, keep) end
local uk = 'usess:{u:' .. uid .. '}'
redis.call('ZADD', uk, now, sid)
if redis.call('PEXPIRETIME', uk) < keep then redis.call('PEXPIREAT', uk, keep) end
redis.call('ZADD', KEYS[1], exp, sid)
redis.call('PEXPIRE', KEYS[1], math.max(tonumber(ARGV[10]), keep - now))
return {uid, string.format('%d', exp)}
