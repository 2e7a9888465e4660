#!lua
-- Extends a live session after a token refresh; records an address change in the outbox. With session_extend_lib
-- (ADR 19: auth-service extends a session itself, in its rotation's step, when neither the address nor the device
-- needs reading; this script is the rest).
-- Returns {uid, expiresAt, roles} or nil when the session is not live (unknown, ended, revoked or past its deadline),
-- is not the user's the caller read or named, or its account is deactivated. roles: the account's roles as cached for
-- its current epoch (comma-separated, as auth-service writes them; ADR 6), read in the step that found it active,
-- so that auth-service need not read the account again; nil when none are cached for that epoch.
-- KEYS: 1 s:{b}:<sid>, 2 rv:{b}:<sid>, 3 a:{b}:<uid>, 4 us:{b}:<uid>, 5 exp:{b}, 6 ob:{b}
-- ARGV: 1 sid, 2 now, 3 requested expiresAt, 4 ip or '', 5..7 location of that ip: city cn cc ('' when unknown),
--       8 event id, 9 uid (the session's user, as the caller read it or auth-service's refresh chain names it),
--       10 expiry index TTL ms, 11..15 device read anew from client hints (dt os osv br brv; dt '' = the device stays
--       as it is), 16 the digest of the User-Agent and hints it was read from ('' = none; ClientHints.digest), which
--       tells auth-service's next refresh whether the device needs reading again, 17 the revocation channel, where
--       the change is announced
local sid, uid = ARGV[1], ARGV[9]
local k = KEYS[1]
local now = tonumber(ARGV[2])
local cur, account = live_session(k, KEYS[2], KEYS[3], uid, now)
if not cur then return nil end

if ARGV[11] ~= '' then
  redis.call('HSET', k, 'dt', ARGV[11], 'os', ARGV[12], 'osv', ARGV[13], 'br', ARGV[14], 'brv', ARGV[15])
  if (ARGV[16] or '') ~= '' then redis.call('HSET', k, 'dh', ARGV[16]) end
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
local exp = extend_session(k, KEYS[4], KEYS[5], sid, now, tonumber(ARGV[3]), cur, tonumber(ARGV[10]))
announce_change(ARGV[17], sid, uid)
return {uid, string.format('%d', exp), cached_roles(account)}
