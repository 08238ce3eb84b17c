-- The audit trail: see migrations/0018_audit.sql.
CREATE TABLE audit_log (
    seq         BIGINT PRIMARY KEY,
    at          TEXT NOT NULL,
    os_user     TEXT NOT NULL,
    action      TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    customer_id BIGINT,
    detail      TEXT NOT NULL DEFAULT '{}',
    units       BYTEA,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_log_customer ON audit_log (customer_id, seq);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION paidup_refuse('the audit log is append-only');
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION paidup_refuse('the audit log is append-only');

-- Everyone who writes appends to it; nobody but the owner may do more
-- (and the triggers refuse even the owner an edit).
DO $$
DECLARE db text := current_database();
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = db || '_bookkeeper') THEN
        EXECUTE format('GRANT SELECT ON audit_log TO %I, %I, %I', db || '_viewer', db || '_bookkeeper', db || '_owner');
        EXECUTE format('GRANT INSERT ON audit_log TO %I', db || '_bookkeeper');
        EXECUTE format('GRANT ALL ON audit_log TO %I', db || '_owner');
    END IF;
END $$;
