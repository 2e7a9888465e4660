-- Reports whose admin mail was queued: every auth-service instance hears the registry's announcement, and the first
-- to insert the report's row queues the mail (in the same transaction), so admins get one message per report.
CREATE TABLE report_notice (
    report_id  uuid        PRIMARY KEY,
    queued_at  timestamptz NOT NULL
);
