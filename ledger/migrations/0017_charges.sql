-- Late-payment interest and fixed compensation (ledger/charges.go,
-- ledger/charge_store.go). A charge is a document of its own kind with its
-- own number series (CHG-), posted Dr 1100, Cr 4110 (interest) and Cr 4100
-- (compensation), allocated and aged like an invoice.
--
-- documents.kind's CHECK gains 'charge'. SQLite cannot alter a CHECK, and
-- rebuilding a table of a million documents (its indexes, triggers and
-- the foreign keys pointing at it) to widen a list its rows all satisfy
-- would be slow and risky; SQLite documents editing the stored schema
-- text for changes that leave every row valid ("ALTER TABLE", section 7,
-- simpler procedure), which this is. RESET reloads the schema at once.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, 'CHECK (kind IN (''invoice'', ''credit_note'', ''payment'', ''write_off''))',
                          'CHECK (kind IN (''invoice'', ''credit_note'', ''payment'', ''write_off'', ''charge''))')
 WHERE type = 'table' AND name = 'documents';
PRAGMA writable_schema = RESET;
-- The edit must have happened: a documents table of another shape stops
-- the migration here instead of leaving charges to fail later.
CREATE TEMP TABLE migration_0017_check (ok INTEGER NOT NULL CHECK (ok = 1));
INSERT INTO migration_0017_check SELECT instr(sql, '''write_off'', ''charge'')') > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'documents';
DROP TABLE migration_0017_check;

-- A charges run reads every live allocation of every late invoice: with
-- date and amount in the index it never visits the allocations table
-- (on a million invoices, about a million lookups fewer per preview).
CREATE INDEX IF NOT EXISTS allocations_invoice_dated ON allocations (invoice_id, void_date, date, amount);

INSERT INTO sequences (kind, prefix, width, next) VALUES ('charge', 'CHG-', 6, 1)
    ON CONFLICT (kind) DO NOTHING;

-- A customer's own rules; '' means the settings' (charges.interest,
-- charges.compensation).
ALTER TABLE customers ADD COLUMN charges_interest TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN charges_compensation TEXT NOT NULL DEFAULT '';

-- The reference rates the user keeps: series ecb or boe, the date a rate
-- took effect, and the rate in percent per year as an exact decimal.
CREATE TABLE IF NOT EXISTS reference_rates (
    series TEXT NOT NULL CHECK (series IN ('ecb', 'boe')),
    date   TEXT NOT NULL,
    rate   TEXT NOT NULL,
    PRIMARY KEY (series, date)
);

-- What was charged for each invoice: interest for the days from_date …
-- to_date, or its one compensation. The primary key is the promise that a
-- period is charged once, ever: a second run, two desks at once or a run
-- after a crash cannot charge it again; a voided charge keeps its rows
-- (the period was charged and waived).
CREATE TABLE IF NOT EXISTS charge_periods (
    invoice_id INTEGER NOT NULL REFERENCES documents (id),
    kind       TEXT NOT NULL CHECK (kind IN ('interest', 'compensation')),
    from_date  TEXT NOT NULL,
    to_date    TEXT NOT NULL,
    charge_id  INTEGER NOT NULL REFERENCES documents (id),
    amount     INTEGER NOT NULL CHECK (amount > 0),
    working    TEXT NOT NULL,
    PRIMARY KEY (invoice_id, kind, from_date),
    CHECK (to_date >= from_date)
);
CREATE INDEX IF NOT EXISTS charge_periods_charge ON charge_periods (charge_id);
CREATE TRIGGER IF NOT EXISTS charge_periods_no_delete BEFORE DELETE ON charge_periods
BEGIN SELECT RAISE(ABORT, 'a charged period is kept with its charge'); END;
CREATE TRIGGER IF NOT EXISTS charge_periods_no_update BEFORE UPDATE ON charge_periods
BEGIN SELECT RAISE(ABORT, 'a charged period is kept with its charge'); END;
