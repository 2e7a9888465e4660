-- Starts the refresh chain of a new session.
-- KEYS[1] rt:{s:<sid>}
-- ARGV uid, email, name, roles, remember (1/0), createdAt, maxExp, cur (hash of the first secret), deadline (epoch ms),
--      mfa (1/0: signed in with a second factor, kept for the amr claim of every refresh)
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1],
  'uid', ARGV[1], 'email', ARGV[2], 'name', ARGV[3], 'roles', ARGV[4], 'remember', ARGV[5],
  'createdAt', ARGV[6], 'maxExp', ARGV[7], 'cur', ARGV[8], 'prev', '', 'rotatedAt', '0', 'older', '', 'gen', '0',
  'mfa', ARGV[10])
redis.call('PEXPIREAT', KEYS[1], ARGV[9])
return 1
