-- Password-reset tokens, stored only as the SHA-256 of the token (hex). A user has at most one: issuing a new one deletes the
-- others (a newer link voids older ones); using one marks it used in the transaction that sets the password.
CREATE TABLE password_reset_token (
    token_hash char(64)    PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at    timestamptz
);

CREATE INDEX password_reset_token_user_idx ON password_reset_token (user_id);
CREATE INDEX password_reset_token_expires_idx ON password_reset_token (expires_at);

-- Mail waiting to be sent (ADR 12), written in the transaction of the change it tells about. A row is claimed by one
-- instance for a lease (claimed_until), deleted once the SMTP server took it, retried with backoff (next_attempt_at)
-- and dead-lettered (dead_at) after the last attempt. RESET_REQUEST rows are requests of POST /auth/password/forgot,
-- resolved off the request path into a PASSWORD_RESET mail, or into nothing for an unknown or deactivated account.
CREATE TABLE mail_outbox (
    id              uuid         PRIMARY KEY,
    kind            varchar(32)  NOT NULL,
    recipient       varchar(320) NOT NULL,
    data            text         NOT NULL,
    created_at      timestamptz  NOT NULL,
    attempts        integer      NOT NULL DEFAULT 0,
    next_attempt_at timestamptz  NOT NULL,
    claimed_until   timestamptz,
    last_error      varchar(1000),
    dead_at         timestamptz
);

CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE dead_at IS NULL;
