#!lua
-- Counts one code presented for a sign-in's second step before the code is checked, so that parallel guesses get
-- no more checks than allowed: the step is void (deleted) once more than ARGV[1] codes were presented for it.
-- KEYS[1] mfa:challenge:<sha256 of the token>
-- Returns {} when the step is unknown, expired, used or void; else {uid, email, remember}.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return {}
end
local tries = redis.call('HINCRBY', KEYS[1], 'tries', 1)
if tries > tonumber(ARGV[1]) then
  redis.call('DEL', KEYS[1])
  return {}
end
return redis.call('HMGET', KEYS[1], 'uid', 'email', 'remember')
