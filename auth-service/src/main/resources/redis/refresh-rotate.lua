-- Rotates the refresh chain in one atomic step.
-- KEYS[1] rt:{s:<sid>}
-- ARGV[1] hash of the presented secret, ARGV[2] hash of its successor, ARGV[3] now (epoch ms),
-- ARGV[4] idle timeout (ms), ARGV[5] reuse grace (ms)
-- Returns {'GONE'}; {'MISMATCH', cur, prev, gen}; or {'ROTATED'|'GRACE', uid, email, name, roles, remember,
-- createdAt, maxExp, deadline}.
local f = redis.call('HMGET', KEYS[1], 'cur', 'prev', 'rotatedAt', 'gen', 'remember', 'maxExp',
  'uid', 'email', 'name', 'roles', 'createdAt')
if not f[1] then
  return {'GONE'}
end
local now = tonumber(ARGV[3])
local maxExp = tonumber(f[6])
if now >= maxExp then
  redis.call('DEL', KEYS[1])
  return {'GONE'}
end
local status
if f[1] == ARGV[1] then
  status = 'ROTATED'
  redis.call('HSET', KEYS[1], 'prev', ARGV[1], 'cur', ARGV[2], 'rotatedAt', ARGV[3], 'gen', tostring(tonumber(f[4]) + 1))
elseif f[2] == ARGV[1] and f[1] == ARGV[2] and now - tonumber(f[3]) <= tonumber(ARGV[5]) then
  -- a tab racing with the same cookie inside the grace window: same successor, no second rotation
  status = 'GRACE'
else
  return {'MISMATCH', f[1], f[2], f[4]}
end
local deadline = maxExp
if f[5] ~= '1' then
  deadline = math.min(now + tonumber(ARGV[4]), maxExp)
end
redis.call('PEXPIREAT', KEYS[1], deadline)
return {status, f[7], f[8], f[9], f[10], f[5], f[11], f[6], tostring(deadline)}
