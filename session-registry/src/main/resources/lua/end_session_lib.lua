-- The one way a session ends, shared by end_sessions.lua, open_session.lua and report_session.lua (prepended to
-- them): removes the live state and the refresh chain, puts the sid on the denylist, appends the history event and
-- announces the revocation on the channel. Every key is one the caller declared, all in the session's bucket.
-- x: the bucket's keys {exp = expiry index, rvx = denylist index, ob = outbox};
-- k: the session's keys {s = session, rv = denylist entry, rt = refresh chain, us = its user's index};
-- e: {now, ttl, channel, type, actorType, actorId ('' none)}; reason: '' for none;
-- fields: values of END_FIELDS read from the session hash.
local END_FIELDS = {'ip', 'dt', 'os', 'osv', 'br', 'brv', 'city', 'cn', 'cc'}

local function end_session(x, k, e, uid, sid, eventId, reason, fields)
  redis.call('DEL', k.s, k.rt)
  redis.call('ZREM', k.us, sid)
  redis.call('ZREM', x.exp, sid)
  local why = reason ~= '' and reason or e.type
  redis.call('SET', k.rv, why, 'PX', e.ttl)
  redis.call('ZADD', x.rvx, e.now + e.ttl, sid)
  local ev = {'id', eventId, 'type', e.type, 'at', string.format('%d', e.now), 'userId', uid, 'sessionId', sid,
    'actorType', e.actorType}
  if reason ~= '' then ev[#ev + 1] = 'reason'; ev[#ev + 1] = reason end
  if e.actorId ~= '' then ev[#ev + 1] = 'actorId'; ev[#ev + 1] = e.actorId end
  for j, name in ipairs(END_FIELDS) do
    if fields[j] and fields[j] ~= '' then ev[#ev + 1] = name; ev[#ev + 1] = fields[j] end
  end
  redis.call('XADD', x.ob, '*', unpack(ev))
  redis.call('PUBLISH', e.channel, cjson.encode({sid = sid, uid = uid, ['until'] = e.now + e.ttl, reason = why,
    at = e.now}))
end

-- After the sessions of one script have ended: asks for acknowledgements (ackId '' = none wanted), trims the denylist
-- index and renews its TTL. ended = {lapse, subscribers, sid...}; fills in subscribers.
local function settle_endings(x, e, ended, ackId, ackChannel)
  if #ended <= 2 then return end
  if ackId ~= '' then
    -- after the announcements, on the same channel: a subscriber that acknowledges this has read all of them
    ended[2] = tostring(redis.call('PUBLISH', e.channel, cjson.encode({ack = ackId, to = ackChannel})))
  end
  local lapse = e.now + e.ttl
  redis.call('ZREMRANGEBYSCORE', x.rvx, '-inf', e.now)
  if redis.call('PEXPIRETIME', x.rvx) < lapse then redis.call('PEXPIREAT', x.rvx, lapse) end
end
