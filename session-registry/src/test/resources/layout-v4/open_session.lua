-- Opens a session: live hash, per-user index, owner entry, expiry index and SIGNED_IN in the outbox, atomically,
-- unless the account is deactivated (returns -1) or has changed since auth-service read it (returns -2). Beyond the
-- user's cap, ends their least recently active sessions (ties: the oldest sign-in) the way every session ends
-- (end_session_lib.lua, prepended): REVOKED, SESSION_LIMIT, by SYSTEM, at most as many as event ids are given.
-- Returns {lapse, subscribers, sid...} as end_sessions.lua does, for the sessions it ended (none: {lapse, '0'}).
-- KEYS: 1 sess:{u:<uid>}:<sid>, 2 usess:{u:<uid>}, 3 sidx:<first two characters of sid>, 4 sess:expiry,
--       5 history:outbox, 6 acct:{u:<uid>}, 7 revoked:index, 8 signins:{u:<uid>}
-- ARGV: 1 uid, 2 sid, 3 now, 4 expiresAt, 5 maxExpiresAt, 6 remember (0/1), 7 ip, 8..12 device dt os osv br brv,
--       13..15 location city cn cc ('' when unknown), 16 event id, 17 user agent, 18 outbox TTL ms,
--       19 expiry index TTL ms, 20 account epoch auth-service read with the account ('' = not compared),
--       21 most sessions per user (0 = no cap), 22 denylist TTL ms, 23 channel, 24 acknowledgement id or '',
--       25 channel the acknowledgements go to, 26 second factor (0/1, kept as 'mfa' and on SIGNED_IN),
--       27 flags (comma-separated, '' none), 28 device family, 29 country code ('' unknown),
--       30 coordinates 'lat,lon' ('' unknown), 31 oldest sighting kept (epoch ms), 32 sign-in history TTL ms,
--       33.. event ids for sessions ended by the cap
local uid, sid = ARGV[1], ARGV[2]
local account = redis.call('HMGET', KEYS[6], 'v', 'off')
if account[2] == '1' then return -1 end
if ARGV[20] ~= '' and (account[1] or '0') ~= ARGV[20] then return -2 end
local now, exp = tonumber(ARGV[3]), tonumber(ARGV[4])
local keep = exp + 60000
local names = {'dt', 'os', 'osv', 'br', 'brv', 'city', 'cn', 'cc'}

local hash = {'c', ARGV[3], 'l', ARGV[3], 'e', ARGV[4], 'm', ARGV[5], 'r', ARGV[6], 'ip', ARGV[7], 'mfa', ARGV[26]}
local ev = {'id', ARGV[16], 'type', 'SIGNED_IN', 'at', ARGV[3], 'userId', uid, 'sessionId', sid,
  'actorType', 'USER', 'actorId', uid, 'ip', ARGV[7], 'mfa', ARGV[26]}
if ARGV[27] ~= '' then
  hash[#hash + 1] = 'fl'; hash[#hash + 1] = ARGV[27]
  ev[#ev + 1] = 'flags'; ev[#ev + 1] = ARGV[27]
end
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

-- the user's recent sign-ins for the next sign-in's flags (docs/adr/0013): sightings older than the window go
local oldest = tonumber(ARGV[31])
local seen = redis.call('HGETALL', KEYS[8])
for i = 1, #seen, 2 do
  local kind = string.sub(seen[i], 1, 2)
  if (kind == 'd/' or kind == 'c/') and (tonumber(seen[i + 1]) or 0) < oldest then redis.call('HDEL', KEYS[8], seen[i]) end
end
local sighting = {'at', ARGV[3], 'd/' .. ARGV[28], ARGV[3]}
if ARGV[29] ~= '' then sighting[#sighting + 1] = 'c/' .. ARGV[29]; sighting[#sighting + 1] = ARGV[3] end
if ARGV[30] ~= '' then sighting[#sighting + 1] = 'loc'; sighting[#sighting + 1] = ARGV[30] .. ',' .. ARGV[3] end
redis.call('HSET', KEYS[8], unpack(sighting))
redis.call('PEXPIRE', KEYS[8], ARGV[32])
-- the user's other live event streams refresh their lists (GET /sessions/events)
redis.call('PUBLISH', ARGV[23], cjson.encode({opened = sid, uid = uid}))
redis.call('XADD', KEYS[5], '*', unpack(ev))
redis.call('PEXPIRE', KEYS[5], ARGV[18])

local e = {now = now, ttl = tonumber(ARGV[22]), channel = ARGV[23], type = 'REVOKED', actorType = 'SYSTEM',
  actorId = ''}
local ended = {string.format('%d', now + e.ttl), '0'}
local cap = tonumber(ARGV[21])
local excess = cap > 0 and math.min(redis.call('ZCARD', KEYS[2]) - cap, #ARGV - 32) or 0
if excess > 0 then
  -- the least recently active by the index's score; every member tied with the last of them competes on sign-in time
  local lowest = redis.call('ZRANGE', KEYS[2], 0, excess - 1, 'WITHSCORES')
  local tied = redis.call('ZRANGE', KEYS[2], '-inf', lowest[#lowest], 'BYSCORE', 'WITHSCORES')
  local candidates = {}
  for i = 1, #tied, 2 do
    if tied[i] ~= sid then
      local created = redis.call('HGET', 'sess:{u:' .. uid .. '}:' .. tied[i], 'c')
      candidates[#candidates + 1] = {sid = tied[i], l = tonumber(tied[i + 1]), c = tonumber(created) or 0}
    end
  end
  table.sort(candidates, function(a, b)
    if a.l ~= b.l then return a.l < b.l end
    if a.c ~= b.c then return a.c < b.c end
    return a.sid < b.sid
  end)
  for i = 1, math.min(excess, #candidates) do
    local victim = candidates[i].sid
    local fields = redis.call('HMGET', 'sess:{u:' .. uid .. '}:' .. victim, 'e', unpack(END_FIELDS))
    if fields[1] then
      end_session({KEYS[4], KEYS[7], KEYS[5]}, e, uid, victim, ARGV[32 + i], 'SESSION_LIMIT',
        {unpack(fields, 2, 1 + #END_FIELDS)})
      ended[#ended + 1] = victim
    else
      -- lapsed on its own: only its index entry was left
      redis.call('ZREM', KEYS[2], victim)
    end
  end
end
settle_endings({KEYS[4], KEYS[7], KEYS[5]}, e, ended, ARGV[24], ARGV[25], ARGV[18])
return ended
