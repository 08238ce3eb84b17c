-- CSV bank statements (issue 14): the column mapping a user sets once per
-- bank, kept by name (ledger/bank_csv.go). spec is the mapping as JSON
-- (BankCSVMapping): which columns hold the date, the amount (or credit and
-- debit), counterparty, reference and text, the date format, decimal comma,
-- separator, lines to skip and the file's encoding.
CREATE TABLE IF NOT EXISTS bank_csv_mappings (
    name       TEXT PRIMARY KEY,
    spec       TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- Refunds (issue 14, ledger/refund.go): money paid back to a customer out
-- of unapplied credit, a document of its own kind with its own number
-- series (REF-), posted Dr 1100, Cr 1000 and settled at once by the
-- credits it pays out (Dr 2100, Cr 1100). documents.kind's CHECK gains
-- 'refund' the way 0017 added 'charge' (see there why the stored schema
-- text is edited: every row stays valid).
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''write_off'', ''charge''))', '''write_off'', ''charge'', ''refund''))')
 WHERE type = 'table' AND name = 'documents';
PRAGMA writable_schema = RESET;
CREATE TEMP TABLE migration_0019_check (ok INTEGER NOT NULL CHECK (ok = 1));
INSERT INTO migration_0019_check SELECT instr(sql, '''charge'', ''refund'')') > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'documents';
DROP TABLE migration_0019_check;

INSERT INTO sequences (kind, prefix, width, next) VALUES ('refund', 'REF-', 6, 1)
    ON CONFLICT (kind) DO NOTHING;

-- The balances statements state (camt Bal OPBD/PRCD and CLBD, MT940
-- :60F:/:62F:, OFX LEDGERBAL), kept for the reconciliation: the earliest
-- opening plus every line imported should make the latest closing.
CREATE TABLE IF NOT EXISTS bank_balances (
    account  TEXT NOT NULL,
    currency TEXT NOT NULL,
    date     TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('opening', 'closing')),
    amount   INTEGER NOT NULL, -- minor units; overdrawn negative
    source   TEXT NOT NULL,    -- SHA-256 of the statement file
    PRIMARY KEY (account, currency, date, kind)
);
