#!lua
-- Presents a refresh token to its chain and decides, in one atomic step, walking at most the few links a chain knows.
-- KEYS[1] s:{b}:<sid>: the session's hash, which holds its chain (ADR 20), KEYS[2] rt:{b}:<sid>: where a chain written
-- before ADR 20 is (moved into the session's hash here, the first time it is presented)
-- ARGV[1] hash of the presented secret, ARGV[2] hash of its successor, ARGV[3] now (epoch ms),
-- ARGV[4] idle timeout (ms), ARGV[5] reuse grace (ms), ARGV[6] unused-successor limit (ms),
-- ARGV[7] how many rotated links the chain knows (previous included), ARGV[8] '' or, when a first call answered
-- BEHIND, the hashes of the presented token's next ARGV[7] successors, comma-separated, nearest first
-- With session_extend_lib, and for a token that names its user (ADR 19), also KEYS[3] rv:{b}:<sid>,
-- KEYS[4] a:{b}:<uid>, KEYS[5] us:{b}:<uid>, KEYS[6] exp:{b}, ARGV[9] sid, ARGV[10] uid as the token names it,
-- ARGV[11] the request's address ('' unknown), ARGV[12] the digest of its User-Agent and client hints ('' when the
-- device is not read again), ARGV[13] expiry index TTL (ms), ARGV[14] the revocation channel, where the extension
-- is announced (ADR 22): an accepted token's session is then extended in this
-- step when it is live, it is the token's user's, and neither its address nor its device needs reading (the
-- registry's part: location, device, ADDRESS_CHANGED); else nothing of it is touched and auth-service asks the
-- registry, as without these keys.
-- The chain reads the session's user 'u', remember-me 'r', maximum expiry 'm' and second factor 'mfa', and keeps
-- 'em' and 'nm' (email and display name), 'h' (the current link's hash, its first 22 characters: 128 bits) and 't':
-- when each of the last links was presented, newest first, comma-separated: the newest in epoch ms, the others as
-- milliseconds before it, empty once more than the grace window before it (such a link's successor can only be reuse
-- now, however late it is presented), all in base 36 (RefreshChainFields). A rotated link's own hash is not kept: a
-- successor is the HMAC of its predecessor (ADR 1), so auth-service derives the next links of a presented token and
-- this script finds which of them is the current one. Chains written before kept every rotated link's hash ('p' and
-- 'o1'..'o7', or all in 'o', with 't' the previous link's time in decimal, and 'g'): their times are read into 't'
-- and the rest deleted the first time one of their tokens is presented.
-- Returns {'GONE'}; {'BEHIND'} (not the current link, and no successors given: call again with them);
-- {'UNKNOWN'} (none of the links the chain knows: forged or too old); {'REUSE'}; or {'ROTATED'|'GRACE', steps, uid,
-- email, name, remember, maxExp, deadline, mfa, extended, cachedRoles}, where steps is how many successors ahead of
-- the presented token the answered (current) token is, extended the session's new deadline when this step extended
-- it ('' otherwise), and cachedRoles the account's roles cached for its current epoch (false when none are, or when
-- not extended).
local KEPT = 22
local DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz'
local known = tonumber(ARGV[7])
local now = tonumber(ARGV[3])
local grace = tonumber(ARGV[5])
local fields = {'h', 't', 'r', 'm', 'u', 'em', 'nm', 'mfa', 'p'}
local f = redis.call('HMGET', KEYS[1], unpack(fields))
if not f[1] and f[5] and redis.call('EXISTS', KEYS[2]) == 1 then
  -- a chain of its own key, written before ADR 20: its links and the token claims move into the session's hash
  local legacy = {'h', 'u', 'p', 't', 'o', 'g', 'e', 'n'}
  for i = 1, known - 1 do
    legacy[#legacy + 1] = 'o' .. i
  end
  local old = redis.call('HMGET', KEYS[2], unpack(legacy))
  local moved = {}
  for i, name in ipairs(legacy) do
    if old[i] and old[i] ~= '' and name ~= 'u' then
      moved[#moved + 1] = (name == 'e' and 'em') or (name == 'n' and 'nm') or name
      moved[#moved + 1] = old[i]
    end
  end
  redis.call('DEL', KEYS[2])
  if old[1] and old[2] == f[5] then
    redis.call('HSET', KEYS[1], unpack(moved))
    f = redis.call('HMGET', KEYS[1], unpack(fields))
  end
end
if not f[1] or not f[4] then
  return {'GONE'}
end
local maxExp = tonumber(f[4])
if now >= maxExp then
  -- the registry ends the session at its deadline, never later than this
  return {'GONE'}
end

local function base36(n)
  local s = ''
  repeat
    local d = n % 36
    s = string.sub(DIGITS, d + 1, d + 1) .. s
    n = (n - d) / 36
  until n == 0
  return s
end

-- the times of the links before, with 'now' first, as 't' holds them
local function encoded(list)
  local out = {base36(list[1])}
  for i = 2, math.min(#list, known) do
    out[i] = list[i] and list[1] - list[i] <= grace and base36(list[1] - list[i]) or ''
  end
  return table.concat(out, ',')
end

-- when each of the last links was presented, newest first (false: more than the grace window before the newest)
local times = {}
if f[9] then
  -- written before ADR 20: the previous link's time in decimal, each older link's in its own 'hash.at' (base 36) or
  -- 'hash:at' (decimal), one a field or all in 'o'; read into 't', the kept hashes deleted
  local older = {}
  for i = 1, known - 1 do
    older[i] = 'o' .. i
  end
  local links = redis.call('HMGET', KEYS[1], 'o', unpack(older))
  local texts = {}
  for i = 2, #links do
    if links[i] then texts[#texts + 1] = links[i] end
  end
  if #texts == 0 then
    for text in string.gmatch(links[1] or '', '%S+') do texts[#texts + 1] = text end
  end
  times[1] = tonumber(f[2])
  for _, text in ipairs(texts) do
    local at = string.match(text, '%.(%w+)$')
    at = at and tonumber(at, 36) or tonumber(string.match(text, ':(%d+)$'))
    if not times[1] or not at or #times >= known then break end
    times[#times + 1] = at
  end
  redis.call('HDEL', KEYS[1], 'p', 'g', 'o', unpack(older))
  if times[1] then
    redis.call('HSET', KEYS[1], 't', encoded(times))
  else
    redis.call('HDEL', KEYS[1], 't')
  end
elseif f[2] then
  local first = true
  for entry in string.gmatch(f[2] .. ',', '([^,]*),') do
    if first then
      times[1] = tonumber(entry, 36)
      first = false
    else
      times[#times + 1] = entry ~= '' and times[1] - tonumber(entry, 36)
    end
  end
end

-- a kept hash (22 characters, or a whole one of a chain written before) names a token's hash when it is its beginning
local function names(kept, hash)
  return #kept >= KEPT and string.sub(hash, 1, #kept) == kept
end

local status
local steps = 1
if names(f[1], ARGV[1]) then
  status = 'ROTATED'
  local list = {now}
  for i, at in ipairs(times) do list[i + 1] = at end
  redis.call('HSET', KEYS[1], 'h', string.sub(ARGV[2], 1, KEPT), 't', encoded(list))
elseif ARGV[8] == '' then
  return {'BEHIND'}
else
  -- the current link is the presented token's steps-th successor, for a link the chain knows
  steps = nil
  local j = 0
  for hash in string.gmatch(ARGV[8], '[^,]+') do
    j = j + 1
    if j <= known and j <= #times and names(f[1], hash) then
      steps = j
      break
    end
  end
  if not steps then
    return {'UNKNOWN'}
  end
  if steps == 1 then
    -- its successor, the current token, was never presented: answers lost in flight or tabs racing, not theft
    if now - times[1] > math.max(grace, tonumber(ARGV[6])) then
      return {'REUSE'}
    end
  elseif not times[steps - 1] or now - times[steps - 1] > grace then
    -- an older link is accepted while its successor was first presented no more than the grace window ago
    return {'REUSE'}
  end
  status = 'GRACE'
end
local deadline = maxExp
if f[3] ~= '1' then
  deadline = math.min(now + tonumber(ARGV[4]), maxExp)
end
local extended, roles = '', false
if #KEYS == 6 and ARGV[10] == f[5] and ARGV[11] ~= '' then
  local cur, account = live_session(KEYS[1], KEYS[3], KEYS[4], f[5], now)
  if cur and cur[3] == ARGV[11] and (ARGV[12] == '' or ARGV[12] == cur[10]) then
    extended = string.format('%d', extend_session(KEYS[1], KEYS[5], KEYS[6], ARGV[9], now, deadline, cur,
      tonumber(ARGV[13])))
    announce_change(ARGV[14], ARGV[9], f[5])
    roles = cached_roles(account)
  end
end
return {status, tostring(steps), f[5], f[6] or '', f[7] or '', f[3] or '0', f[4], tostring(deadline), f[8] or '0',
  extended, roles}
