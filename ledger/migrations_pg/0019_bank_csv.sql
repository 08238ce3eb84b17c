-- CSV statement mappings: see migrations/0019_bank_csv.sql.
CREATE TABLE bank_csv_mappings (
    name       TEXT PRIMARY KEY,
    spec       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
-- Refunds: see migrations/0019_bank_csv.sql.
ALTER TABLE documents DROP CONSTRAINT documents_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_kind_check
    CHECK (kind IN ('invoice', 'credit_note', 'payment', 'write_off', 'charge', 'refund'));
INSERT INTO sequences (kind, prefix, width, next) VALUES ('refund', 'REF-', 6, 1)
    ON CONFLICT (kind) DO NOTHING;

CREATE TABLE bank_balances (
    account  TEXT NOT NULL,
    currency TEXT NOT NULL,
    date     TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('opening', 'closing')),
    amount   BIGINT NOT NULL,
    source   TEXT NOT NULL,
    PRIMARY KEY (account, currency, date, kind)
);

DO $$
DECLARE db text := current_database();
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = db || '_bookkeeper') THEN
        EXECUTE format('GRANT SELECT ON bank_csv_mappings TO %I, %I, %I', db || '_viewer', db || '_bookkeeper', db || '_owner');
        EXECUTE format('GRANT INSERT, UPDATE ON bank_csv_mappings TO %I', db || '_bookkeeper');
        EXECUTE format('GRANT ALL ON bank_csv_mappings TO %I', db || '_owner');
        EXECUTE format('GRANT SELECT ON bank_balances TO %I, %I, %I', db || '_viewer', db || '_bookkeeper', db || '_owner');
        EXECUTE format('GRANT INSERT, UPDATE ON bank_balances TO %I', db || '_bookkeeper');
        EXECUTE format('GRANT ALL ON bank_balances TO %I', db || '_owner');
    END IF;
END $$;
