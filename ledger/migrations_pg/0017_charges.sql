-- Late-payment interest and charges: see migrations/0017_charges.sql.
ALTER TABLE documents DROP CONSTRAINT documents_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_kind_check
    CHECK (kind IN ('invoice', 'credit_note', 'payment', 'write_off', 'charge'));

-- A charges run reads every live allocation of every late invoice: with
-- date and amount in the index it never visits the allocations table
-- (on a million invoices, about a million lookups fewer per preview).
CREATE INDEX allocations_invoice_dated ON allocations (invoice_id, void_date, date, amount);

INSERT INTO sequences (kind, prefix, width, next) VALUES ('charge', 'CHG-', 6, 1)
    ON CONFLICT (kind) DO NOTHING;

ALTER TABLE customers ADD COLUMN charges_interest TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN charges_compensation TEXT NOT NULL DEFAULT '';

CREATE TABLE reference_rates (
    series TEXT NOT NULL CHECK (series IN ('ecb', 'boe')),
    date   TEXT NOT NULL,
    rate   TEXT NOT NULL,
    PRIMARY KEY (series, date)
);

CREATE TABLE charge_periods (
    invoice_id BIGINT NOT NULL REFERENCES documents (id),
    kind       TEXT NOT NULL CHECK (kind IN ('interest', 'compensation')),
    from_date  TEXT NOT NULL,
    to_date    TEXT NOT NULL,
    charge_id  BIGINT NOT NULL REFERENCES documents (id),
    amount     BIGINT NOT NULL CHECK (amount > 0),
    working    TEXT NOT NULL,
    PRIMARY KEY (invoice_id, kind, from_date),
    CHECK (to_date >= from_date)
);
CREATE INDEX charge_periods_charge ON charge_periods (charge_id);
CREATE TRIGGER charge_periods_no_delete BEFORE DELETE ON charge_periods
    FOR EACH ROW EXECUTE FUNCTION paidup_refuse('a charged period is kept with its charge');
CREATE TRIGGER charge_periods_no_update BEFORE UPDATE ON charge_periods
    FOR EACH ROW EXECUTE FUNCTION paidup_refuse('a charged period is kept with its charge');

DO $$
DECLARE db text := current_database();
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = db || '_bookkeeper') THEN
        EXECUTE format('GRANT SELECT ON reference_rates, charge_periods TO %I, %I, %I', db || '_viewer', db || '_bookkeeper', db || '_owner');
        EXECUTE format('GRANT INSERT, UPDATE, DELETE ON reference_rates TO %I', db || '_bookkeeper');
        EXECUTE format('GRANT INSERT ON charge_periods TO %I', db || '_bookkeeper');
        EXECUTE format('GRANT ALL ON reference_rates, charge_periods TO %I', db || '_owner');
    END IF;
END $$;
