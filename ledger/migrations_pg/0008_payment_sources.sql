-- Migration 8 (SQLite's 0008_payment_sources.sql): where an imported
-- payment came from, the SHA-256 of its file, so that a file whose rows
-- have no reference is recognised when it is imported twice.
CREATE TABLE IF NOT EXISTS payment_sources (
    document_id BIGINT PRIMARY KEY REFERENCES documents (id),
    file_sha256 TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS payment_sources_file ON payment_sources (file_sha256);
-- An office ledger whose roles were set up before this table
-- (ledger/roles.go, SetupRoles) grants them what they have on the others:
-- a bookkeeper's payment import writes here.
DO $$
DECLARE db text := current_database();
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = db || '_bookkeeper') THEN
        EXECUTE format('GRANT SELECT ON payment_sources TO %I, %I, %I', db || '_viewer', db || '_bookkeeper', db || '_owner');
        EXECUTE format('GRANT INSERT, UPDATE ON payment_sources TO %I', db || '_bookkeeper');
        EXECUTE format('GRANT ALL ON payment_sources TO %I', db || '_owner');
    END IF;
END $$;
