-- CSV statement mappings: see migrations/0019_bank_csv.sql.
CREATE TABLE bank_csv_mappings (
    name       TEXT PRIMARY KEY,
    spec       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
DO $$
DECLARE db text := current_database();
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = db || '_bookkeeper') THEN
        EXECUTE format('GRANT SELECT ON bank_csv_mappings TO %I, %I, %I', db || '_viewer', db || '_bookkeeper', db || '_owner');
        EXECUTE format('GRANT INSERT, UPDATE ON bank_csv_mappings TO %I', db || '_bookkeeper');
        EXECUTE format('GRANT ALL ON bank_csv_mappings TO %I', db || '_owner');
    END IF;
END $$;
