-- Settles a reserved attempt whose password was right: its reservation on each counter is taken back, and with
-- ARGV[1] = '1' the first counter (the account's) is cleared altogether (a sign-in forgives the account's failures).
-- KEYS: the counters the attempt reserved
for i, key in ipairs(KEYS) do
  if i == 1 and ARGV[1] == '1' then
    redis.call('DEL', key)
  elseif tonumber(redis.call('GET', key) or '0') > 0 then
    redis.call('DECR', key)
  end
end
return 0
