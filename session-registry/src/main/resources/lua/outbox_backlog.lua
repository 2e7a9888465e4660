#!lua flags=no-writes
-- The outbox backlog in one round trip instead of two commands per bucket: standalone Redis only, where keys need not
-- share a slot. KEYS: ob:{b}...; ARGV[1]: the consumer group. Returns {entries, read but not acknowledged}, summed
-- over the streams (a missing stream holds nothing, a stream without the group has nothing read).
local entries, pending = 0, 0
for i = 1, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then
    entries = entries + redis.call('XLEN', KEYS[i])
    for _, info in ipairs(redis.call('XINFO', 'GROUPS', KEYS[i])) do
      local name, count = nil, 0
      for j = 1, #info, 2 do
        if info[j] == 'name' then name = info[j + 1] elseif info[j] == 'pending' then count = info[j + 1] end
      end
      if name == ARGV[1] then pending = pending + count end
    end
  end
end
return {entries, pending}
