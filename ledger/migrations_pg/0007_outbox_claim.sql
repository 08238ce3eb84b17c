-- Who is sending a row: two runs on one ledger (two desks, or a timer and
-- a user) share the outbox, and a row left 'sending' means "in doubt" only
-- when the run that claimed it is gone. claimed_by names that run
-- (host and process); empty for rows claimed before this migration.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
