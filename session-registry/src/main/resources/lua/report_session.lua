-- Reports one of the user's live sessions to the admins and revokes it, in one atomic step: SESSION_REPORTED goes to
-- the outbox carrying the report (the drain stores both), then the session ends the way every session ends
-- (end_session_lib.lua, prepended): REVOKED, reason REPORTED, by the user. So a report is never recorded without its
-- revocation, nor a revocation without its report, and the report waits in the outbox while PostgreSQL is away.
-- Returns {lapse, subscribers, sid} as end_sessions.lua does, or {lapse, '0'} when the session is not a live session
-- of the user (nothing changes).
-- KEYS: 1 sess:expiry, 2 revoked:index, 3 history:outbox
-- ARGV: 1 now, 2 denylist TTL ms, 3 channel, 4 outbox TTL ms, 5 uid, 6 sid, 7 report id, 8 note or '', 9 email or '',
--       10 SESSION_REPORTED event id, 11 REVOKED event id, 12 acknowledgement id or '',
--       13 channel the acknowledgements go to
local now, uid, sid = tonumber(ARGV[1]), ARGV[5], ARGV[6]
local e = {now = now, ttl = tonumber(ARGV[2]), channel = ARGV[3], type = 'REVOKED', actorType = 'USER', actorId = uid}
local ended = {string.format('%d', now + e.ttl), '0'}
if redis.call('HGET', 'sidx:' .. string.sub(sid, 1, 2), sid) ~= uid then return ended end
local s = redis.call('HMGET', 'sess:{u:' .. uid .. '}:' .. sid, 'c', 'l', unpack(END_FIELDS))
-- an owner entry whose session hash lapsed: nothing live to report
if not s[1] then return ended end
local fields = {unpack(s, 3, 2 + #END_FIELDS)}

local ev = {'id', ARGV[10], 'type', 'SESSION_REPORTED', 'at', ARGV[1], 'userId', uid, 'sessionId', sid,
  'actorType', 'USER', 'actorId', uid, 'reportId', ARGV[7], 'c', s[1]}
if s[2] then ev[#ev + 1] = 'l'; ev[#ev + 1] = s[2] end
if ARGV[8] ~= '' then ev[#ev + 1] = 'note'; ev[#ev + 1] = ARGV[8] end
if ARGV[9] ~= '' then ev[#ev + 1] = 'email'; ev[#ev + 1] = ARGV[9] end
for j, name in ipairs(END_FIELDS) do
  if fields[j] and fields[j] ~= '' then ev[#ev + 1] = name; ev[#ev + 1] = fields[j] end
end
redis.call('XADD', KEYS[3], '*', unpack(ev))

end_session(KEYS, e, uid, sid, ARGV[11], 'REPORTED', fields)
ended[#ended + 1] = sid
settle_endings(KEYS, e, ended, ARGV[12], ARGV[13], ARGV[4])
return ended
