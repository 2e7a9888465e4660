#!lua
-- Extends a live session after a token refresh; records an address change in the outbox.
-- Returns {uid, expiresAt, roles} or nil when the session is not live (unknown, ended, revoked or past its deadline),
-- is not the user's the caller read or named, or its account is deactivated. roles: the account's roles as cached for
-- its current epoch (comma-separated, as auth-service writes them; ADR 6), read in the step that found it active,
-- so that auth-service need not read the account again; nil when none are cached for that epoch.
-- KEYS: 1 s:{b}:<sid>, 2 rv:{b}:<sid>, 3 a:{b}:<uid>, 4 us:{b}:<uid>, 5 exp:{b}, 6 ob:{b}
-- ARGV: 1 sid, 2 now, 3 requested expiresAt, 4 ip or '', 5..7 location of that ip: city cn cc ('' when unknown),
--       8 event id, 9 uid (the session's user, as the caller read it or auth-service's refresh chain names it), 10 expiry index TTL ms, 11..15 device read
--       anew from client hints (dt os osv br brv; dt '' = the device stays as it is)
local sid, uid = ARGV[1], ARGV[9]
local k = KEYS[1]
local cur = redis.call('HMGET', k, 'e', 'm', 'ip', 'dt', 'os', 'osv', 'br', 'brv', 'u')
if not cur[1] or cur[9] ~= uid then return nil end
if redis.call('EXISTS', KEYS[2]) == 1 then return nil end
local account = redis.call('HMGET', KEYS[3], 'off', 'v', 'roles', 'rv')
if account[1] == '1' then return nil end
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
  redis.call('XADD', KEYS[6], '*', unpack(ev))
end
redis.call('PEXPIREAT', k, keep)
redis.call('ZADD', KEYS[4], now, sid)
if redis.call('PEXPIRETIME', KEYS[4]) < keep then redis.call('PEXPIREAT', KEYS[4], keep) end
redis.call('ZADD', KEYS[5], exp, sid)
redis.call('PEXPIRE', KEYS[5], math.max(tonumber(ARGV[10]), keep - now))
local roles = false
if account[3] and account[4] and tonumber(account[4]) == tonumber(account[2] or '0') then roles = account[3] end
return {uid, string.format('%d', exp), roles}
