-- Whether a SIGNED_IN event's session was opened with a second factor; null for every other event type.
ALTER TABLE history_event ADD COLUMN mfa boolean;
