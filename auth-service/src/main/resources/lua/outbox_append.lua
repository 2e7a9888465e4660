#!lua
-- Appends one history entry to the outbox stream of the user's bucket. The stream has no TTL: the registry's drain
-- empties it, and a TTL could drop events waiting for PostgreSQL.
-- KEYS[1] ob:{b}; ARGV field, value, field, value, ...
return redis.call('XADD', KEYS[1], '*', unpack(ARGV))
