-- The audit trail (ledger/audit.go): one row per change, appended in the
-- transaction of the change, chained by SHA-256. hash is the SHA-256 of the
-- entry's canonical encoding, which includes prev_hash (the previous
-- entry's hash, 64 zeros for the first) and the SHA-256 of units.
-- units: the documents the entry covers, each with a digest of its rows
-- (ledger/audit_rows.go), so that `paidup audit verify` can re-derive them.
-- Rows are never edited or deleted: the file refuses it.
CREATE TABLE IF NOT EXISTS audit_log (
    seq         INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    os_user     TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    customer_id INTEGER,
    detail      TEXT NOT NULL DEFAULT '{}',
    units       BLOB,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS audit_log_customer ON audit_log (customer_id, seq);
CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);
CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
