#!lua
-- Creates the history writers' consumer group (ARGV[1]) on every outbox stream that lacks it (KEYS: ob:{b}...,
-- streams made when missing), in one round trip instead of one per bucket: standalone Redis only, where keys need not
-- share a slot. Returns how many groups were created (0 when every stream had it).
local function has_group(stream, group)
  for _, info in ipairs(redis.call('XINFO', 'GROUPS', stream)) do
    for j = 1, #info, 2 do
      if info[j] == 'name' and info[j + 1] == group then return true end
    end
  end
  return false
end

local created = 0
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 0 or not has_group(KEYS[i], ARGV[1]) then
    redis.call('XGROUP', 'CREATE', KEYS[i], ARGV[1], '0', 'MKSTREAM')
    created = created + 1
  end
end
return created
