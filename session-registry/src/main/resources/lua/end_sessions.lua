#!lua
-- Ends sessions of one bucket, every kind of ending in one place (end_session_lib.lua, prepended): removes the live
-- state, puts the sid on the denylist, appends the history event and announces the revocation on the channel,
-- atomically per call. Returns {lapse, subscribers, sid...}: when the denylist entries lapse (epoch ms), how many
-- subscribers were asked to acknowledge (0 when nobody was asked) and the sids actually ended.
-- KEYS: 1 exp:{b}, 2 rvx:{b}, 3 ob:{b}; then per sid of ARGV, in order: s:{b}:<sid>, rv:{b}:<sid>, rt:{b}:<sid>;
--       then us:{b}:<uid> for each uid of ARGV (a session whose user's index is not declared is left alone)
-- ARGV: 1 now, 2 denylist TTL ms, 3 channel, 4 event type, 5 reason or '', 6 actor type, 7 actor id or '',
--       8 owner uid or '' (a sid of another user is left alone), 9 sid to keep or '',
--       10 mode: 'session' or 'expiry' (a sid is ended only when its deadline in the expiry index has passed),
--       11 acknowledgement id or '' (no acknowledgement wanted), 12 channel the acknowledgements go to,
--       13 n (how many sids), 14.. n pairs sid, event id, then the uids whose indexes are declared
local now, ttl, n = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[13])
local e = {now = now, ttl = ttl, channel = ARGV[3], type = ARGV[4], actorType = ARGV[6], actorId = ARGV[7]}
local x = {exp = KEYS[1], rvx = KEYS[2], ob = KEYS[3]}
local expiry = ARGV[10] == 'expiry'
local owner = ARGV[8]
local indexes = {}
for j = 14 + 2 * n, #ARGV do indexes[ARGV[j]] = KEYS[4 + 3 * n + (j - 14 - 2 * n)] end
local ended = {string.format('%d', now + ttl), '0'}

for i = 1, n do
  local sid, eventId = ARGV[12 + 2 * i], ARGV[13 + 2 * i]
  local k = {s = KEYS[1 + 3 * i], rv = KEYS[2 + 3 * i], rt = KEYS[3 + 3 * i]}
  local reason = ARGV[5]
  local uid = nil
  if expiry then
    local score = redis.call('ZSCORE', x.exp, sid)
    if score and tonumber(score) <= now then
      uid = redis.call('HGET', k.s, 'u')
      -- a session hash that lapsed leaves nothing to end: only the index member goes
      if not uid then redis.call('ZREM', x.exp, sid) end
    end
  else
    uid = redis.call('HGET', k.s, 'u')
    if not uid and owner ~= '' and indexes[owner] then
      -- a member whose session lapsed on its own: drop it so that batches over the user's index move on
      redis.call('ZREM', indexes[owner], sid)
    end
    if (uid and owner ~= '' and uid ~= owner) or sid == ARGV[9] then uid = nil end
  end
  if uid then k.us = indexes[uid] end
  if uid and k.us then
    local s = redis.call('HMGET', k.s, 'e', 'm', unpack(END_FIELDS))
    if expiry then
      if s[1] and tonumber(s[1]) > now then
        -- refreshed after the sweeper read the index: the index follows the session
        redis.call('ZADD', x.exp, s[1], sid)
        uid = nil
      elseif s[1] and s[2] and tonumber(s[1]) >= tonumber(s[2]) then
        reason = 'MAX_LIFETIME'
      else
        reason = 'IDLE'
      end
    end
    if uid then
      end_session(x, k, e, uid, sid, eventId, reason, {unpack(s, 3, 2 + #END_FIELDS)})
      ended[#ended + 1] = sid
    end
  end
end

settle_endings(x, e, ended, ARGV[11], ARGV[12])
return ended
