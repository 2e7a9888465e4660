-- History of session events, written from the Redis outbox; id is the outbox entry's idempotency key.
CREATE TABLE history_event (
    id          uuid        PRIMARY KEY,
    user_id     text        NOT NULL,
    session_id  text,
    type        text        NOT NULL,
    reason      text,
    at          timestamptz NOT NULL,
    actor_type  text        NOT NULL,
    actor_id    text,
    ip_address  text,
    location    jsonb,
    device      jsonb
);

-- newest-first pages of one user's history, with (at, id) as the cursor
CREATE INDEX history_event_user_at ON history_event (user_id, at DESC, id DESC);
