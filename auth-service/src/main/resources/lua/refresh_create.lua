#!lua
-- Starts the refresh chain of a new session in the session's own hash (ADR 20), beside the fields the registry wrote
-- when it opened the session, which the chain reads rather than holding them twice: its user 'u', remember-me 'r',
-- maximum expiry 'm' and second factor 'mfa'. The chain adds 'em' and 'nm' (the email and display name for the
-- tokens of each refresh; left out when empty) and 'h' (the first link's hash, its first 22 characters: 128 bits);
-- RefreshChainFields. A session that is gone already (ended between its opening and this step) gets no chain: a
-- chain never brings back a hash the registry deleted, and it ends with the session, in the same DEL.
-- KEYS[1] s:{b}:<sid>
-- ARGV email, name, hash of the first secret
-- Returns 1, or 0 when the session is gone.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local chain = {'h', string.sub(ARGV[3], 1, 22)}
if ARGV[1] ~= '' then chain[#chain + 1] = 'em'; chain[#chain + 1] = ARGV[1] end
if ARGV[2] ~= '' then chain[#chain + 1] = 'nm'; chain[#chain + 1] = ARGV[2] end
redis.call('HSET', KEYS[1], unpack(chain))
return 1
