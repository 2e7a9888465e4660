#!lua
-- Reports one of the user's live sessions to the admins and revokes it, in one atomic step: SESSION_REPORTED goes to
-- the outbox carrying the report (the drain stores both), then the session ends the way every session ends
-- (end_session_lib.lua, prepended): REVOKED, reason REPORTED, by the user. So a report is never recorded without its
-- revocation, nor a revocation without its report, and the report waits in the outbox while PostgreSQL is away.
-- Returns {lapse, subscribers, sid} as end_sessions.lua does, or {lapse, '0'} when the session is not a live session
-- of the user (nothing changes).
-- KEYS: 1 exp:{b}, 2 rvx:{b}, 3 ob:{b}, 4 s:{b}:<sid>, 5 rv:{b}:<sid>, 6 rt:{b}:<sid>, 7 us:{b}:<uid>
-- ARGV: 1 now, 2 denylist TTL ms, 3 channel, 4 uid, 5 sid, 6 report id, 7 note or '', 8 email or '',
--       9 SESSION_REPORTED event id, 10 REVOKED event id, 11 acknowledgement id or '',
--       12 channel the acknowledgements go to
local now, uid, sid = tonumber(ARGV[1]), ARGV[4], ARGV[5]
local e = {now = now, ttl = tonumber(ARGV[2]), channel = ARGV[3], type = 'REVOKED', actorType = 'USER', actorId = uid}
local x = {exp = KEYS[1], rvx = KEYS[2], ob = KEYS[3]}
local k = {s = KEYS[4], rv = KEYS[5], rt = KEYS[6], us = KEYS[7]}
local ended = {string.format('%d', now + e.ttl), '0'}
local s = redis.call('HMGET', k.s, 'c', 'l', 'u', unpack(END_FIELDS))
-- not live, or someone else's: nothing to report
if not s[1] or s[3] ~= uid then return ended end
local fields = {unpack(s, 4, 3 + #END_FIELDS)}

local ev = {'id', ARGV[9], 'type', 'SESSION_REPORTED', 'at', ARGV[1], 'userId', uid, 'sessionId', sid,
  'actorType', 'USER', 'actorId', uid, 'reportId', ARGV[6], 'c', s[1]}
if s[2] then ev[#ev + 1] = 'l'; ev[#ev + 1] = s[2] end
if ARGV[7] ~= '' then ev[#ev + 1] = 'note'; ev[#ev + 1] = ARGV[7] end
if ARGV[8] ~= '' then ev[#ev + 1] = 'email'; ev[#ev + 1] = ARGV[8] end
for j, name in ipairs(END_FIELDS) do
  if fields[j] and fields[j] ~= '' then ev[#ev + 1] = name; ev[#ev + 1] = fields[j] end
end
redis.call('XADD', x.ob, '*', unpack(ev))

end_session(x, k, e, uid, sid, ARGV[10], 'REPORTED', fields)
ended[#ended + 1] = sid
settle_endings(x, e, ended, ARGV[11], ARGV[12])
return ended
