#!lua
-- Starts a sign-in's second step: who signed in and how, under the hash of its mfaToken, for a fixed time.
-- KEYS[1] mfa:challenge:<sha256 of the token>
-- ARGV uid, email, remember (1/0), lifetime (ms)
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'uid', ARGV[1], 'email', ARGV[2], 'remember', ARGV[3], 'tries', '0')
redis.call('PEXPIRE', KEYS[1], ARGV[4])
return 1
