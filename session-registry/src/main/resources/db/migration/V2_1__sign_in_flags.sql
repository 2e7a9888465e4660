-- The flags of a SIGNED_IN event (comma-separated SessionFlag names; empty: none), null for other events and for
-- sign-ins recorded before flags existed. Version 2.1, so that another branch's V2 may sort before it.
ALTER TABLE history_event ADD COLUMN flags text;
