-- A refresh's extension of a live session (ADR 19): session-registry's refresh_session.lua and, in one step with the
-- rotation, auth-service's refresh_rotate.lua write a session's deadline, its last activity and its index entries
-- through these functions only, so that both leave the same session behind.

-- The fields a refresh reads (1 e, 2 m, 3 ip, 4 dt, 5 os, 6 osv, 7 br, 8 brv, 9 u, 10 dh) and the account's
-- (1 off, 2 v, 3 roles, 4 rv), or nil when the session is not live: unknown, not uid's, revoked, its account
-- deactivated, or past its deadline.
local function live_session(k_session, k_revoked, k_account, uid, now)
  local cur = redis.call('HMGET', k_session, 'e', 'm', 'ip', 'dt', 'os', 'osv', 'br', 'brv', 'u', 'dh')
  if not cur[1] or cur[9] ~= uid then return nil end
  if redis.call('EXISTS', k_revoked) == 1 then return nil end
  local account = redis.call('HMGET', k_account, 'off', 'v', 'roles', 'rv')
  if account[1] == '1' then return nil end
  if tonumber(cur[1]) <= now then return nil end
  return cur, account
end

-- Moves the session's deadline to the requested one (never past its maximum), records the activity, and keeps its
-- key, the user's index and the bucket's expiry index until then; answers the deadline (epoch ms).
local function extend_session(k_session, k_user_sessions, k_expiry, sid, now, requested, cur, expiry_ttl)
  local exp = math.min(requested, tonumber(cur[2]))
  local keep = exp + 60000
  redis.call('HSET', k_session, 'l', string.format('%d', now), 'e', string.format('%d', exp))
  redis.call('PEXPIREAT', k_session, keep)
  redis.call('ZADD', k_user_sessions, now, sid)
  if redis.call('PEXPIRETIME', k_user_sessions) < keep then redis.call('PEXPIREAT', k_user_sessions, keep) end
  redis.call('ZADD', k_expiry, exp, sid)
  redis.call('PEXPIRE', k_expiry, math.max(expiry_ttl, keep - now))
  return exp
end

-- Announces on the revocation channel that a live session's listed fields changed (ChannelMessage.Changed), so that
-- the registry instances that keep its user's list read it again (ADR 22); in the same step as the change.
local function announce_change(channel, sid, uid)
  redis.call('PUBLISH', channel, cjson.encode({changed = sid, uid = uid}))
end

-- The account's roles as cached for its current epoch (ADR 6), or false when none are.
local function cached_roles(account)
  if account[3] and account[4] and tonumber(account[4]) == tonumber(account[2] or '0') then return account[3] end
  return false
end
