-- The one way a session ends, shared by end_sessions.lua and open_session.lua (prepended to them): removes the live
-- state, puts the sid on the denylist, appends the history event and announces the revocation on the channel.
-- keys: {sess:expiry, revoked:index, history:outbox}; e: {now, ttl, channel, type, actorType, actorId ('' none)};
-- reason: '' for none; fields: values of END_FIELDS read from the session hash.
local END_FIELDS = {'ip', 'dt', 'os', 'osv', 'br', 'brv', 'city', 'cn', 'cc'}

local function end_session(keys, e, uid, sid, eventId, reason, fields)
  redis.call('DEL', 'sess:{u:' .. uid .. '}:' .. sid)
  redis.call('HDEL', 'sidx:' .. string.sub(sid, 1, 2), sid)
  redis.call('ZREM', 'usess:{u:' .. uid .. '}', sid)
  redis.call('ZREM', keys[1], sid)
  local why = reason ~= '' and reason or e.type
  redis.call('SET', 'revoked:' .. sid, why, 'PX', e.ttl)
  redis.call('ZADD', keys[2], e.now + e.ttl, sid)
  local ev = {'id', eventId, 'type', e.type, 'at', string.format('%d', e.now), 'userId', uid, 'sessionId', sid,
    'actorType', e.actorType}
  if reason ~= '' then ev[#ev + 1] = 'reason'; ev[#ev + 1] = reason end
  if e.actorId ~= '' then ev[#ev + 1] = 'actorId'; ev[#ev + 1] = e.actorId end
  for j, name in ipairs(END_FIELDS) do
    if fields[j] and fields[j] ~= '' then ev[#ev + 1] = name; ev[#ev + 1] = fields[j] end
  end
  redis.call('XADD', keys[3], '*', unpack(ev))
  redis.call('PUBLISH', e.channel, cjson.encode({sid = sid, uid = uid, ['until'] = e.now + e.ttl, reason = why,
    at = e.now}))
end

-- After the sessions of one script have ended: asks for acknowledgements (ackId '' = none wanted), trims the denylist
-- index and renews TTLs. ended = {lapse, subscribers, sid...}; fills in subscribers.
local function settle_endings(keys, e, ended, ackId, ackChannel, outboxTtl)
  if #ended <= 2 then return end
  if ackId ~= '' then
    -- after the announcements, on the same channel: a subscriber that acknowledges this has read all of them
    ended[2] = tostring(redis.call('PUBLISH', e.channel, cjson.encode({ack = ackId, to = ackChannel})))
  end
  local lapse = e.now + e.ttl
  redis.call('ZREMRANGEBYSCORE', keys[2], '-inf', e.now)
  if redis.call('PEXPIRETIME', keys[2]) < lapse then redis.call('PEXPIREAT', keys[2], lapse) end
  redis.call('PEXPIRE', keys[3], outboxTtl)
end

