-- Appends one history entry to the outbox stream and keeps the stream's TTL.
-- KEYS[1] history:outbox; ARGV[1] TTL (s); ARGV[2..] field, value, field, value, ...
local entry = {}
for i = 2, #ARGV do
  entry[#entry + 1] = ARGV[i]
end
local id = redis.call('XADD', KEYS[1], '*', unpack(entry))
redis.call('EXPIRE', KEYS[1], ARGV[1])
return id
