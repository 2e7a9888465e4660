-- One page of a user's live sessions, most recently active first, with their fields.
-- Members whose session hash has lapsed are dropped from the index on the way.
-- Returns {total, sid1, {field, value, ...}, sid2, {...}, ...}.
-- KEYS: 1 usess:{u:<uid>}
-- ARGV: 1 uid, 2 first index, 3 last index
local out = {0}
local sids = redis.call('ZRANGE', KEYS[1], ARGV[2], ARGV[3], 'REV')
for _, sid in ipairs(sids) do
  local fields = redis.call('HGETALL', 'sess:{u:' .. ARGV[1] .. '}:' .. sid)
  if #fields == 0 then
    redis.call('ZREM', KEYS[1], sid)
  else
    out[#out + 1] = sid
    out[#out + 1] = fields
  end
end
out[1] = redis.call('ZCARD', KEYS[1])
return out
