-- Bank statements (issue 14): every line of every statement imported,
-- once. A line is known by its account and the bank's own id for it
-- (AcctSvcrRef in camt, FITID in OFX, else a hash of the line), so the same
-- statement imported twice, or two statements that overlap, add no line
-- twice. Matching writes its decision, confidence and reason on the line;
-- a posted match points at the payment it became.
CREATE TABLE IF NOT EXISTS bank_lines (
    id          INTEGER PRIMARY KEY,
    account     TEXT NOT NULL,
    bank_id     TEXT NOT NULL,
    date        TEXT NOT NULL,
    amount      INTEGER NOT NULL,          -- minor units; money out is negative
    currency    TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '',  -- the counterparty
    iban        TEXT NOT NULL DEFAULT '',
    end_to_end  TEXT NOT NULL DEFAULT '',
    structured  TEXT NOT NULL DEFAULT '',  -- structured creditor reference (RF …)
    remittance  TEXT NOT NULL DEFAULT '',  -- free remittance text
    status      TEXT NOT NULL DEFAULT 'unmatched' CHECK (status IN ('unmatched', 'review', 'matched', 'ignored')),
    invoices    TEXT NOT NULL DEFAULT '',  -- applied to, or in review the best suggestion; space separated
    confidence  INTEGER NOT NULL DEFAULT 0 CHECK (confidence BETWEEN 0 AND 100),
    reason      TEXT NOT NULL DEFAULT '',
    payment_id  INTEGER REFERENCES documents (id),
    source      TEXT NOT NULL,             -- SHA-256 of the statement file it came in
    imported_at TEXT NOT NULL,
    decided_by  TEXT NOT NULL DEFAULT '',
    decided_at  TEXT NOT NULL DEFAULT '',
    UNIQUE (account, bank_id)
);
CREATE INDEX IF NOT EXISTS bank_lines_status ON bank_lines (status, date);

-- Who pays from which account: learned from every accepted match, so a
-- payment with no reference from a known IBAN finds its customer.
CREATE TABLE IF NOT EXISTS bank_payers (
    iban        TEXT PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    learned_on  TEXT NOT NULL,
    matches     INTEGER NOT NULL DEFAULT 1
);

CREATE TRIGGER IF NOT EXISTS bank_lines_no_delete BEFORE DELETE ON bank_lines
BEGIN SELECT RAISE(ABORT, 'statement lines are kept, with their decision'); END;
