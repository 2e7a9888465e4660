#!lua
-- Opens a session: live hash (its user in field 'u'), per-user index, expiry index and SIGNED_IN in the outbox,
-- atomically, unless the account is deactivated (returns -1) or has changed since auth-service read it (returns -2).
-- Beyond the user's cap, ends their least recently active sessions (ties: the oldest sign-in) the way every session
-- ends (end_session_lib.lua, prepended): REVOKED, SESSION_LIMIT, by SYSTEM, at most ARGV[32] of them. Those are chosen
-- among the sessions the caller declared (it read the user's index just before); when one that must be looked at was
-- not declared (a sign-in of the same user came in between), nothing is written and it returns -3 (read again).
-- Returns {lapse, subscribers, sid...} as end_sessions.lua does, for the sessions it ended (none: {lapse, '0'}).
-- KEYS: 1 s:{b}:<sid>, 2 us:{b}:<uid>, 3 exp:{b}, 4 ob:{b}, 5 a:{b}:<uid>, 6 rvx:{b}, 7 si:{b}:<uid>,
--       then per candidate of ARGV, in order: s:{b}:<candidate>, rv:{b}:<candidate>, rt:{b}:<candidate>
-- ARGV: 1 uid, 2 sid, 3 now, 4 expiresAt, 5 maxExpiresAt, 6 remember (0/1), 7 ip, 8..12 device dt os osv br brv,
--       13..15 location city cn cc ('' when unknown), 16 event id, 17 user agent, 18 expiry index TTL ms,
--       19 account epoch auth-service read with the account ('' = not compared), 20 most sessions per user
--       (0 = no cap), 21 denylist TTL ms, 22 channel, 23 acknowledgement id or '', 24 channel the acknowledgements go
--       to, 25 second factor (0/1, kept as 'mfa' and on SIGNED_IN), 26 flags (comma-separated, '' none),
--       27 device family, 28 country code ('' unknown), 29 coordinates 'lat,lon' ('' unknown), 30 oldest sighting
--       kept (epoch ms), 31 sign-in history TTL ms, 32 most sessions ended by the cap in this call,
--       33 m (how many candidates), 34.. m pairs: candidate sid, event id of its ending
local uid, sid = ARGV[1], ARGV[2]
local account = redis.call('HMGET', KEYS[5], 'v', 'off')
if account[2] == '1' then return -1 end
if ARGV[19] ~= '' and (account[1] or '0') ~= ARGV[19] then return -2 end
local now, exp = tonumber(ARGV[3]), tonumber(ARGV[4])
local keep = exp + 60000
local names = {'dt', 'os', 'osv', 'br', 'brv', 'city', 'cn', 'cc'}

-- the sessions the cap ends, chosen before anything is written
local declared = {}
for i = 1, tonumber(ARGV[33]) do
  declared[ARGV[32 + 2 * i]] = {event = ARGV[33 + 2 * i],
    k = {s = KEYS[5 + 3 * i], rv = KEYS[6 + 3 * i], rt = KEYS[7 + 3 * i], us = KEYS[2]}}
end
local victims = {}
local cap = tonumber(ARGV[20])
local excess = cap > 0 and math.min(redis.call('ZCARD', KEYS[2]) + 1 - cap, tonumber(ARGV[32])) or 0
if excess > 0 then
  -- the least recently active by the index's score; every member tied with the last of them competes on sign-in time
  local lowest = redis.call('ZRANGE', KEYS[2], 0, excess - 1, 'WITHSCORES')
  local tied = redis.call('ZRANGE', KEYS[2], '-inf', lowest[#lowest], 'BYSCORE', 'WITHSCORES')
  local candidates = {}
  for i = 1, #tied, 2 do
    local d = declared[tied[i]]
    if not d then return -3 end
    local created = redis.call('HGET', d.k.s, 'c')
    candidates[#candidates + 1] = {sid = tied[i], l = tonumber(tied[i + 1]), c = tonumber(created) or 0}
  end
  table.sort(candidates, function(a, b)
    if a.l ~= b.l then return a.l < b.l end
    if a.c ~= b.c then return a.c < b.c end
    return a.sid < b.sid
  end)
  for i = 1, math.min(excess, #candidates) do victims[i] = candidates[i].sid end
end

-- remember-me 'r' and second factor 'mfa' are written only when '1': absent reads as '0' (a session is a listpack of a
-- few hundred bytes, kept 100,000 times over; issue 16)
local hash = {'u', uid, 'c', ARGV[3], 'l', ARGV[3], 'e', ARGV[4], 'm', ARGV[5], 'ip', ARGV[7]}
if ARGV[6] == '1' then hash[#hash + 1] = 'r'; hash[#hash + 1] = '1' end
if ARGV[25] == '1' then hash[#hash + 1] = 'mfa'; hash[#hash + 1] = '1' end
local ev = {'id', ARGV[16], 'type', 'SIGNED_IN', 'at', ARGV[3], 'userId', uid, 'sessionId', sid,
  'actorType', 'USER', 'actorId', uid, 'ip', ARGV[7], 'mfa', ARGV[25]}
if ARGV[26] ~= '' then
  hash[#hash + 1] = 'fl'; hash[#hash + 1] = ARGV[26]
  ev[#ev + 1] = 'flags'; ev[#ev + 1] = ARGV[26]
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
redis.call('ZADD', KEYS[3], exp, sid)
redis.call('PEXPIRE', KEYS[3], math.max(tonumber(ARGV[18]), keep - now))

if ARGV[17] ~= '' then ev[#ev + 1] = 'ua'; ev[#ev + 1] = ARGV[17] end

-- the user's recent sign-ins for the next sign-in's flags (docs/adr/0013): sightings older than the window go
local oldest = tonumber(ARGV[30])
local seen = redis.call('HGETALL', KEYS[7])
for i = 1, #seen, 2 do
  local kind = string.sub(seen[i], 1, 2)
  if (kind == 'd/' or kind == 'c/') and (tonumber(seen[i + 1]) or 0) < oldest then redis.call('HDEL', KEYS[7], seen[i]) end
end
local sighting = {'at', ARGV[3], 'd/' .. ARGV[27], ARGV[3]}
if ARGV[28] ~= '' then sighting[#sighting + 1] = 'c/' .. ARGV[28]; sighting[#sighting + 1] = ARGV[3] end
if ARGV[29] ~= '' then sighting[#sighting + 1] = 'loc'; sighting[#sighting + 1] = ARGV[29] .. ',' .. ARGV[3] end
redis.call('HSET', KEYS[7], unpack(sighting))
redis.call('PEXPIRE', KEYS[7], ARGV[31])
-- the user's other live event streams refresh their lists (GET /sessions/events)
redis.call('PUBLISH', ARGV[22], cjson.encode({opened = sid, uid = uid}))
redis.call('XADD', KEYS[4], '*', unpack(ev))

local e = {now = now, ttl = tonumber(ARGV[21]), channel = ARGV[22], type = 'REVOKED', actorType = 'SYSTEM',
  actorId = ''}
local x = {exp = KEYS[3], rvx = KEYS[6], ob = KEYS[4]}
local ended = {string.format('%d', now + e.ttl), '0'}
for _, victim in ipairs(victims) do
  local d = declared[victim]
  local fields = redis.call('HMGET', d.k.s, 'e', unpack(END_FIELDS))
  if fields[1] then
    end_session(x, d.k, e, uid, victim, d.event, 'SESSION_LIMIT', {unpack(fields, 2, 1 + #END_FIELDS)})
    ended[#ended + 1] = victim
  else
    -- lapsed on its own: only its index entry was left
    redis.call('ZREM', KEYS[2], victim)
  end
end
settle_endings(x, e, ended, ARGV[23], ARGV[24])
return ended
