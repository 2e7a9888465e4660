-- Sessions their users reported to the admins. Written by the outbox drain from SESSION_REPORTED entries (id is the
-- report id the user was answered, so a re-delivered entry is a no-op); the session's details are a copy taken when
-- it was reported, since the live session is gone by then. email is the one the reporter's token carried.
CREATE TABLE session_report (
    id                       uuid        PRIMARY KEY,
    user_id                  text        NOT NULL,
    email                    text,
    note                     text,
    reported_at              timestamptz NOT NULL,
    status                   text        NOT NULL DEFAULT 'OPEN',
    resolved_by              text,
    resolved_at              timestamptz,
    session_id               text        NOT NULL,
    session_created_at       timestamptz,
    session_last_activity_at timestamptz,
    ip_address               text,
    location                 jsonb,
    device                   jsonb
);

-- newest-first pages, of one status or of all
CREATE INDEX session_report_status_reported ON session_report (status, reported_at DESC, id DESC);
CREATE INDEX session_report_reported ON session_report (reported_at DESC, id DESC);
