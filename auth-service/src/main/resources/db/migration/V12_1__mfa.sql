-- Two-factor authentication (TOTP, RFC 6238) and recovery codes. A fractional version, so that it cannot collide with
-- the next whole-numbered migration of a parallel change.
CREATE TABLE mfa_totp (
    user_id    uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    -- AES-256-GCM with the user id as associated data: 'v1:' || base64(nonce || ciphertext || tag), never the secret
    secret     text        NOT NULL,
    created_at timestamptz NOT NULL,
    -- null while the set-up waits for its first code; two-factor sign-in is on once it is set
    enabled_at timestamptz,
    -- the newest time step whose code was accepted: a code of that step or an earlier one is refused (no replay)
    last_step  bigint
);

-- Only the HMAC of each code is kept; a code is spent by setting used_at, once.
CREATE TABLE mfa_recovery_code (
    user_id   uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash varchar(64) NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);
