#!lua
-- Presents a refresh token to its chain and decides, in one atomic step, without walking the chain.
-- KEYS[1] s:{b}:<sid>: the session's hash, which holds its chain (ADR 20), KEYS[2] rt:{b}:<sid>: where a chain written
-- before ADR 20 is (moved into the session's hash here, the first time it is presented)
-- ARGV[1] hash of the presented secret, ARGV[2] hash of its successor, ARGV[3] now (epoch ms),
-- ARGV[4] idle timeout (ms), ARGV[5] reuse grace (ms), ARGV[6] unused-successor limit (ms),
-- ARGV[7] how many rotated links the chain keeps (previous included)
-- With session_extend_lib, and for a token that names its user (ADR 19), also KEYS[3] rv:{b}:<sid>,
-- KEYS[4] a:{b}:<uid>, KEYS[5] us:{b}:<uid>, KEYS[6] exp:{b}, ARGV[8] sid, ARGV[9] uid as the token names it,
-- ARGV[10] the request's address ('' unknown), ARGV[11] the digest of its User-Agent and client hints ('' when the
-- device is not read again), ARGV[12] expiry index TTL (ms): an accepted token's session is then extended in this
-- step when it is live, it is the token's user's, and neither its address nor its device needs reading (the
-- registry's part: location, device, ADDRESS_CHANGED); else nothing of it is touched and auth-service asks the
-- registry, as without these keys.
-- The chain reads the session's user 'u', remember-me 'r', maximum expiry 'm' and second factor 'mfa', and keeps
-- 'em' and 'nm' (email and display name), 'h' (the current link's whole hash, never presented yet), 'p' (the
-- previous one) with 't' (when it was presented, i.e. when 'h' was issued, epoch ms) and 'o1', 'o2', ...: the links
-- before, newest first, one a field, each 'hash.rotatedAt' (RefreshChainFields.link: the hash's first 22
-- characters, 128 bits, and epoch ms in base 36, 31 characters); 'p' holds 22 characters too; 'g' counts the
-- rotations. A fresh chain has no 'p', 't', 'o1' or 'g'. Chains written before kept whole hashes and decimal times
-- ('hash:rotatedAt'), and before that all older links space-separated in 'o': both are read, and rewritten in
-- today's form at the chain's next rotation. The chain lives as long as its session: the registry's deadline, its
-- DEL when the session ends.
-- Returns {'GONE'}; {'UNKNOWN'} (not a kept link: forged or too old); {'REUSE'}; or {'ROTATED'|'GRACE', steps, uid,
-- email, name, remember, maxExp, deadline, mfa, extended, cachedRoles}, where steps is how many successors ahead of
-- the presented token the answered (current) token is, extended the session's new deadline when this step extended
-- it ('' otherwise), and cachedRoles the account's roles cached for its current epoch (false when none are, or when
-- not extended).
local KEPT = 22
local DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz'
local slots = tonumber(ARGV[7]) - 1
local FIELDS = 11
local names = {'h', 'p', 't', 'o', 'g', 'r', 'm', 'u', 'em', 'nm', 'mfa'}
for i = 1, slots do
  names[#names + 1] = 'o' .. i
end
local f = redis.call('HMGET', KEYS[1], unpack(names))
if not f[1] and f[8] and redis.call('EXISTS', KEYS[2]) == 1 then
  -- a chain of its own key, written before ADR 20: its links and the token claims move into the session's hash
  local legacy = {'h', 'u', 'p', 't', 'o', 'g', 'e', 'n'}
  for i = 1, slots do
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
  if old[1] and old[2] == f[8] then
    redis.call('HSET', KEYS[1], unpack(moved))
    f = redis.call('HMGET', KEYS[1], unpack(names))
  end
end
if not f[1] or not f[7] then
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

-- a rotated link as the chain keeps it (RefreshChainFields.link)
local function link(hash, at)
  return string.sub(hash, 1, KEPT) .. '.' .. base36(at)
end

-- a link of either form as its kept hash and rotation time; nil for anything else
local function parse(text)
  local hash, at = string.match(text, '^([%w_-]+)%.(%w+)$')
  if hash then
    return hash, tonumber(at, 36)
  end
  hash, at = string.match(text, '^([%w_-]+):(%d+)$')
  if hash then
    return hash, tonumber(at)
  end
end

-- a kept hash (22 characters, or a whole one of a chain written before) names the presented token when it is its
-- beginning; never an empty or shortened one (nor an absent one: HMGET answers false)
local function names_presented(kept, presented)
  return type(kept) == 'string' and #kept >= KEPT and string.sub(presented, 1, #kept) == kept
end

local links = {}
for i = 1, slots do
  if f[FIELDS + i] then
    links[#links + 1] = f[FIELDS + i]
  end
end
if #links == 0 then
  for kept in string.gmatch(f[4] or '', '%S+') do
    links[#links + 1] = kept
  end
end
local presented = ARGV[1]
local now = tonumber(ARGV[3])
local grace = tonumber(ARGV[5])
local maxExp = tonumber(f[7])
if now >= maxExp then
  -- the registry ends the session at its deadline, never later than this
  return {'GONE'}
end
local status
local steps = 1
if f[1] == presented then
  status = 'ROTATED'
  local written = {'h', ARGV[2], 'p', string.sub(presented, 1, KEPT), 't', ARGV[3],
    'g', tostring(tonumber(f[5] or '0') + 1)}
  local older = {}
  if f[2] then
    older[1] = link(f[2], tonumber(f[3]))
  end
  for _, kept in ipairs(links) do
    if #older >= slots then
      break
    end
    local hash, at = parse(kept)
    if hash then
      older[#older + 1] = link(hash, at)
    end
  end
  -- never fewer links than before, so no field of an older layout of the list is left behind
  for i, kept in ipairs(older) do
    written[#written + 1] = 'o' .. i
    written[#written + 1] = kept
  end
  redis.call('HSET', KEYS[1], unpack(written))
  if f[4] then
    redis.call('HDEL', KEYS[1], 'o')
  end
elseif names_presented(f[2], presented) then
  -- its successor, the current token, was never presented: answers lost in flight or tabs racing, not theft
  if now - tonumber(f[3]) > math.max(grace, tonumber(ARGV[6])) then
    return {'REUSE'}
  end
  status = 'GRACE'
else
  -- an older link is accepted while its successor was first presented no more than the grace window ago
  local successorUsedAt = tonumber(f[3])
  local found = false
  for _, kept in ipairs(links) do
    local hash, rotatedAt = parse(kept)
    if hash then
      steps = steps + 1
      if names_presented(hash, presented) then
        found = true
        break
      end
      successorUsedAt = rotatedAt
    end
  end
  if not found then
    return {'UNKNOWN'}
  end
  if now - successorUsedAt > grace then
    return {'REUSE'}
  end
  status = 'GRACE'
end
local deadline = maxExp
if f[6] ~= '1' then
  deadline = math.min(now + tonumber(ARGV[4]), maxExp)
end
local extended, roles = '', false
if #KEYS == 6 and ARGV[9] == f[8] and ARGV[10] ~= '' then
  local cur, account = live_session(KEYS[1], KEYS[3], KEYS[4], f[8], now)
  if cur and cur[3] == ARGV[10] and (ARGV[11] == '' or ARGV[11] == cur[10]) then
    extended = string.format('%d', extend_session(KEYS[1], KEYS[5], KEYS[6], ARGV[8], now, deadline, cur,
      tonumber(ARGV[12])))
    roles = cached_roles(account)
  end
end
return {status, tostring(steps), f[8], f[9] or '', f[10] or '', f[6] or '0', f[7], tostring(deadline),
  f[11] or '0', extended, roles}
