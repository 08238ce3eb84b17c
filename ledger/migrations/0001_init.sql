-- Paidup ledger schema, version 1.
-- Amounts are integers in the minor unit of the row's currency.
-- Quantities, discounts and tax rates (percent) are integers scaled by 10^4.
-- Dates are ISO text YYYY-MM-DD, so text order is date order.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE customers (
    id           INTEGER PRIMARY KEY,
    code         TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL DEFAULT '',
    currency     TEXT NOT NULL,
    terms_days   INTEGER NOT NULL DEFAULT 30 CHECK (terms_days >= 0),
    credit_limit INTEGER NOT NULL DEFAULT 0 CHECK (credit_limit >= 0),
    phone        TEXT NOT NULL DEFAULT '',
    address      TEXT NOT NULL DEFAULT '',
    tax_id       TEXT NOT NULL DEFAULT '',
    notes        TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX customers_name ON customers (name COLLATE NOCASE);

-- Gap-free numbering: next is taken and bumped inside the transaction that
-- issues the document, so a rolled-back issue leaves no hole.
CREATE TABLE sequences (
    kind   TEXT PRIMARY KEY,
    prefix TEXT NOT NULL,
    width  INTEGER NOT NULL,
    next   INTEGER NOT NULL
) STRICT;
INSERT INTO sequences (kind, prefix, width, next) VALUES
    ('invoice', 'INV-', 6, 1),
    ('credit_note', 'CN-', 6, 1),
    ('payment', 'PAY-', 6, 1),
    ('write_off', 'WO-', 6, 1);

-- Every document of the sub-ledger. Invoices are debits to the customer;
-- payments, credit notes and write-offs are credits, matched to invoices by
-- allocations. "open" is what an invoice still owes, or what a payment or
-- credit note has unapplied; it is derived from allocations and kept here
-- for speed, and Check proves the two agree.
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL CHECK (kind IN ('invoice', 'credit_note', 'payment', 'write_off')),
    number      TEXT UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    status      TEXT NOT NULL CHECK (status IN ('draft', 'issued', 'void')),
    date        TEXT NOT NULL,
    due_date    TEXT NOT NULL,
    currency    TEXT NOT NULL,
    net         INTEGER NOT NULL DEFAULT 0,
    tax         INTEGER NOT NULL DEFAULT 0,
    total       INTEGER NOT NULL DEFAULT 0 CHECK (total >= 0),
    open        INTEGER NOT NULL DEFAULT 0 CHECK (open >= 0 AND open <= total),
    reference   TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    void_date   TEXT,
    void_reason TEXT NOT NULL DEFAULT '',
    -- For "as of" questions without scanning history: last_change is the
    -- latest date of any allocation (or release) touching the document;
    -- closed_on is '9999-12-31' while open <> 0, else a date on or after
    -- which the document is closed (it is never earlier than the truth).
    -- reopened_on is the latest date an allocation of it was voided:
    -- allocations may not be dated before it.
    last_change TEXT NOT NULL,
    closed_on   TEXT NOT NULL DEFAULT '9999-12-31',
    reopened_on TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    CHECK (status = 'draft' OR number IS NOT NULL)
) STRICT;
-- A customer's documents by kind, the open ones (closed_on far future)
-- first by due date: what payments settle oldest-first and what lists show.
CREATE INDEX documents_customer ON documents (customer_id, kind, closed_on, due_date);
-- Sales in a period, document lists by date.
CREATE INDEX documents_kind_date ON documents (kind, date);
-- Aging as of a date D reads documents dated <= D and not closed by D.
CREATE INDEX documents_asof ON documents (kind, closed_on, date) WHERE status <> 'draft';

CREATE TABLE document_lines (
    document_id INTEGER NOT NULL REFERENCES documents (id),
    line_no     INTEGER NOT NULL,
    description TEXT NOT NULL,
    quantity    INTEGER NOT NULL,
    unit_price  INTEGER NOT NULL,
    discount    INTEGER NOT NULL DEFAULT 0,
    tax_rate    INTEGER NOT NULL DEFAULT 0,
    net         INTEGER NOT NULL,
    PRIMARY KEY (document_id, line_no)
) STRICT, WITHOUT ROWID;

CREATE TABLE journal_entries (
    id          INTEGER PRIMARY KEY,
    date        TEXT NOT NULL,
    document_id INTEGER NOT NULL REFERENCES documents (id),
    kind        TEXT NOT NULL,
    memo        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL
) STRICT;
CREATE INDEX journal_entries_document ON journal_entries (document_id);

-- Debits are positive, credits negative; each entry sums to zero per
-- currency. customer_id names the sub-ledger account for 1100 and 2100.
CREATE TABLE postings (
    entry_id    INTEGER NOT NULL REFERENCES journal_entries (id),
    line        INTEGER NOT NULL,
    date        TEXT NOT NULL, -- the entry's date, here so balances as of a date need no join
    account     INTEGER NOT NULL,
    customer_id INTEGER,
    currency    TEXT NOT NULL,
    amount      INTEGER NOT NULL,
    PRIMARY KEY (entry_id, line)
) STRICT, WITHOUT ROWID;

-- An allocation applies a credit (payment, credit note, write-off) to an
-- invoice on a date. Reversed allocations keep their row with a void_date,
-- so an aging as of an earlier date still sees them.
CREATE TABLE allocations (
    id         INTEGER PRIMARY KEY,
    credit_id  INTEGER NOT NULL REFERENCES documents (id),
    invoice_id INTEGER NOT NULL REFERENCES documents (id),
    amount     INTEGER NOT NULL CHECK (amount > 0),
    date       TEXT NOT NULL,
    void_date  TEXT
) STRICT;
CREATE INDEX allocations_invoice ON allocations (invoice_id);
CREATE INDEX allocations_credit ON allocations (credit_id);

-- Nothing posted is ever edited or deleted: the file itself refuses it.
CREATE TRIGGER postings_no_update BEFORE UPDATE ON postings
BEGIN SELECT RAISE(ABORT, 'postings are immutable'); END;
CREATE TRIGGER postings_no_delete BEFORE DELETE ON postings
BEGIN SELECT RAISE(ABORT, 'postings are immutable'); END;
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal_entries
BEGIN SELECT RAISE(ABORT, 'journal entries are immutable'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal_entries
BEGIN SELECT RAISE(ABORT, 'journal entries are immutable'); END;
CREATE TRIGGER allocations_no_delete BEFORE DELETE ON allocations
BEGIN SELECT RAISE(ABORT, 'allocations are reversed, never deleted'); END;
CREATE TRIGGER allocations_only_void BEFORE UPDATE ON allocations
WHEN NEW.credit_id IS NOT OLD.credit_id OR NEW.invoice_id IS NOT OLD.invoice_id
  OR NEW.amount IS NOT OLD.amount OR NEW.date IS NOT OLD.date OR OLD.void_date IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'an allocation can only be voided, once'); END;
CREATE TRIGGER documents_no_delete BEFORE DELETE ON documents
WHEN OLD.status <> 'draft'
BEGIN SELECT RAISE(ABORT, 'issued documents are voided, never deleted'); END;
CREATE TRIGGER documents_immutable BEFORE UPDATE ON documents
WHEN OLD.status <> 'draft' AND (
       NEW.kind IS NOT OLD.kind OR NEW.number IS NOT OLD.number
    OR NEW.customer_id IS NOT OLD.customer_id OR NEW.date IS NOT OLD.date
    OR NEW.due_date IS NOT OLD.due_date OR NEW.currency IS NOT OLD.currency
    OR NEW.net IS NOT OLD.net OR NEW.tax IS NOT OLD.tax OR NEW.total IS NOT OLD.total
    OR (OLD.status = 'void' AND NEW.status <> 'void'))
BEGIN SELECT RAISE(ABORT, 'issued documents are immutable'); END;
CREATE TRIGGER lines_immutable_update BEFORE UPDATE ON document_lines
WHEN (SELECT status FROM documents WHERE id = OLD.document_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'lines of issued documents are immutable'); END;
CREATE TRIGGER lines_immutable_delete BEFORE DELETE ON document_lines
WHEN (SELECT status FROM documents WHERE id = OLD.document_id) <> 'draft'
BEGIN SELECT RAISE(ABORT, 'lines of issued documents are immutable'); END;
