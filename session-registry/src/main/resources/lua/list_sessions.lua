#!lua
-- One page of a user's live sessions, most recently active first, in one call: the page's sids are read from the
-- index here, and each session's hash by its key, the stem of the user's bucket followed by the sid. Those keys are not
-- in KEYS (nobody knows the sids before the index is read): every sid of a user's index carries the user's bucket, so
-- every key read is in the slot of KEYS[1], which is what a cluster checks for keys a script did not declare (ADR 18).
-- Members whose session hash has lapsed are dropped from the index on the way, and the page is filled from the ones
-- after them: a page holds `size` sessions whenever the index has that many from `first` on.
-- With a current session, it comes first, wherever it ranks, and is not repeated where the page meets it.
-- Each session is one string of the values of the fields ARGV names, in that order, separated by the byte 255 (absent:
-- empty), so that the reply is one bulk string per session rather than two per field.
-- Returns {total, next, sid1, values1, sid2, values2, ...}: total the index's members after the drops, next the rank
-- after the page's last member (where the following page starts).
-- KEYS: 1 us:{b}:<uid>, 2 s:{b}:<current sid> (only with a current session)
-- ARGV: 1 the session key stem of the user's bucket, 2 first rank, 3 size, 4 current sid ('' none), 5.. field names
local index, stem, current = KEYS[1], ARGV[1], ARGV[4]
local pos, size = tonumber(ARGV[2]), tonumber(ARGV[3])
local names = {unpack(ARGV, 5)}

-- the session's values joined by a byte that UTF-8 never holds (every value is a Java string written as UTF-8), or nil
-- when its hash has lapsed
local function read(key)
  local values = redis.call('HMGET', key, unpack(names))
  local live = false
  for i = 1, #names do
    if values[i] then live = true else values[i] = '' end
  end
  if live then return table.concat(values, '\255') end
  return nil
end

local out = {0, 0}
local mine = nil
if current ~= '' then
  mine = read(KEYS[2])
  if mine then
    out[#out + 1] = current
    out[#out + 1] = mine
  end
end
local taken = 0
while taken < size do
  local sids = redis.call('ZRANGE', index, pos, pos + size - taken - 1, 'REV')
  if #sids == 0 then break end
  for _, sid in ipairs(sids) do
    local packed
    if sid == current then packed = mine else packed = read(stem .. sid) end
    if not packed then
      -- removing it moves the members after it one rank up: pos already names the next one
      redis.call('ZREM', index, sid)
    else
      if sid ~= current then
        out[#out + 1] = sid
        out[#out + 1] = packed
      end
      pos = pos + 1
      taken = taken + 1
    end
  end
end
out[1] = redis.call('ZCARD', index)
out[2] = pos
return out
