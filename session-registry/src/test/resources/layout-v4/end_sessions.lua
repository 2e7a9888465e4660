-- Ends sessions, every kind of ending in one place (end_session_lib.lua, prepended): removes the live state, puts the
-- sid on the denylist, appends the history event and announces the revocation on the channel, atomically per call.
-- Returns {lapse, subscribers, sid...}: when the denylist entries lapse (epoch ms), how many subscribers were asked
-- to acknowledge (0 when nobody was asked) and the sids actually ended.
-- KEYS: 1 sess:expiry, 2 revoked:index, 3 history:outbox
-- ARGV: 1 now, 2 denylist TTL ms, 3 channel, 4 outbox TTL ms, 5 event type, 6 reason or '',
--       7 actor type, 8 actor id or '', 9 owner uid or '' (a sid of another user is left alone),
--       10 sid to keep or '', 11 mode: 'session' or 'expiry' (a sid is ended only when its deadline in the
--       expiry index has passed),
--       12 acknowledgement id or '' (no acknowledgement wanted), 13 channel the acknowledgements go to,
--       14.. pairs: sid, event id
local now, ttl = tonumber(ARGV[1]), tonumber(ARGV[2])
local e = {now = now, ttl = ttl, channel = ARGV[3], type = ARGV[5], actorType = ARGV[7], actorId = ARGV[8]}
local expiry = ARGV[11] == 'expiry'
local ended = {string.format('%d', now + ttl), '0'}

for i = 14, #ARGV, 2 do
  local sid, eventId = ARGV[i], ARGV[i + 1]
  local reason = ARGV[6]
  local owners = 'sidx:' .. string.sub(sid, 1, 2)
  local uid = nil
  if expiry then
    local score = redis.call('ZSCORE', KEYS[1], sid)
    if score and tonumber(score) <= now then
      uid = redis.call('HGET', owners, sid)
      -- an owner entry that lapsed with its bucket leaves nothing to end: only the index member goes
      if not uid then redis.call('ZREM', KEYS[1], sid) end
    end
  else
    uid = redis.call('HGET', owners, sid)
    if not uid and ARGV[9] ~= '' then
      -- a member whose session lapsed on its own: drop it so that batches over the user's index move on
      redis.call('ZREM', 'usess:{u:' .. ARGV[9] .. '}', sid)
    end
    if (uid and ARGV[9] ~= '' and uid ~= ARGV[9]) or sid == ARGV[10] then uid = nil end
  end
  if uid then
    local s = redis.call('HMGET', 'sess:{u:' .. uid .. '}:' .. sid, 'e', 'm', unpack(END_FIELDS))
    if expiry then
      if s[1] and tonumber(s[1]) > now then
        -- refreshed after the sweeper read the index: the index follows the session
        redis.call('ZADD', KEYS[1], s[1], sid)
        uid = nil
      elseif s[1] and s[2] and tonumber(s[1]) >= tonumber(s[2]) then
        reason = 'MAX_LIFETIME'
      else
        reason = 'IDLE'
      end
    end
    if uid then
      end_session(KEYS, e, uid, sid, eventId, reason, {unpack(s, 3, 2 + #END_FIELDS)})
      ended[#ended + 1] = sid
    end
  end
end

settle_endings(KEYS, e, ended, ARGV[12], ARGV[13], ARGV[4])
return ended
