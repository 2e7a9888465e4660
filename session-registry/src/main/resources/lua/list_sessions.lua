#!lua
-- One page of a user's live sessions, most recently active first, with their fields; the caller read the page's sids
-- from the index just before. Members whose session hash has lapsed are dropped from the index on the way.
-- Returns {total, sid1, {field, value, ...}, sid2, {...}, ...}.
-- KEYS: 1 us:{b}:<uid>, 2.. s:{b}:<sid> of each sid of ARGV
-- ARGV: the page's sids
local out = {0}
for i, sid in ipairs(ARGV) do
  local fields = redis.call('HGETALL', KEYS[1 + i])
  if #fields == 0 then
    redis.call('ZREM', KEYS[1], sid)
  else
    out[#out + 1] = sid
    out[#out + 1] = fields
  end
end
out[1] = redis.call('ZCARD', KEYS[1])
return out
