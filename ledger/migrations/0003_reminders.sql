-- Paidup ledger schema, version 3: payment reminders (dunning).
-- IF NOT EXISTS: re-running it on a file that has it already is harmless.

-- A named reminder policy: its steps and templates as JSON, checked by
-- package reminders before it is stored. The name 'default' overrides
-- the built-in policy for every customer without one of their own.
CREATE TABLE IF NOT EXISTS reminder_policies (
    name       TEXT PRIMARY KEY,
    policy     TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

-- A customer's own reminder settings; a customer without a row gets the
-- defaults (reminders on, to the customer's email, the default policy).
CREATE TABLE IF NOT EXISTS customer_reminders (
    customer_id INTEGER PRIMARY KEY REFERENCES customers (id),
    email       TEXT NOT NULL DEFAULT '', -- '' = the customer's email
    enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
    policy      TEXT REFERENCES reminder_policies (name) -- NULL = the default policy
) STRICT;

-- A dispute holds an invoice back from reminders while it is open. Rows
-- are kept when resolved, dated, so an aging as of an earlier day shows
-- what was disputed then.
CREATE TABLE IF NOT EXISTS disputes (
    id          INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents (id),
    reason      TEXT NOT NULL,
    opened_on   TEXT NOT NULL,
    opened_at   TEXT NOT NULL,
    resolved_on TEXT,
    resolved_at TEXT,
    resolution  TEXT NOT NULL DEFAULT '',
    CHECK (resolved_on IS NULL OR resolved_on >= opened_on)
) STRICT;
-- At most one open dispute per document.
CREATE UNIQUE INDEX IF NOT EXISTS disputes_open ON disputes (document_id) WHERE resolved_at IS NULL;
CREATE INDEX IF NOT EXISTS disputes_document ON disputes (document_id, opened_on);

-- The outbox: one row per email. A run writes its rows in one transaction
-- before it sends anything; each row then moves
--   pending → sending → sent | failed | pending (a transient failure) | unknown
-- and 'sending' is committed before the message is handed to the server,
-- so a row left 'sending' by a crash is one whose fate nobody knows.
-- Such rows, and 'unknown' ones, wait for the user's word (resolve).
CREATE TABLE IF NOT EXISTS outbox (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    step        TEXT NOT NULL,           -- the step whose template the email uses
    as_of       TEXT NOT NULL,           -- the date the run evaluated
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body_text   TEXT NOT NULL,
    body_html   TEXT NOT NULL,
    statement   INTEGER NOT NULL DEFAULT 0 CHECK (statement IN (0, 1)),
    message_id  TEXT NOT NULL UNIQUE,
    status      TEXT NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unknown', 'cancelled')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    response    TEXT NOT NULL DEFAULT '', -- the server's last answer, or the error
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    sent_at     TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS outbox_status ON outbox (status, id);
CREATE INDEX IF NOT EXISTS outbox_customer ON outbox (customer_id, id);

-- The documents an email reminds of, each at the step it reached. The
-- UNIQUE constraint is the promise that a document is reminded of a step
-- at most once, ever: whatever a run plans, the file refuses a second row.
CREATE TABLE IF NOT EXISTS outbox_items (
    outbox_id     INTEGER NOT NULL REFERENCES outbox (id),
    document_id   INTEGER NOT NULL REFERENCES documents (id),
    step          TEXT NOT NULL,
    open          INTEGER NOT NULL, -- open then, in minor units
    days_past_due INTEGER NOT NULL,
    PRIMARY KEY (outbox_id, document_id),
    UNIQUE (document_id, step)
) STRICT, WITHOUT ROWID;

CREATE TRIGGER IF NOT EXISTS outbox_items_no_delete BEFORE DELETE ON outbox_items
BEGIN SELECT RAISE(ABORT, 'reminders sent or planned are never forgotten'); END;
CREATE TRIGGER IF NOT EXISTS outbox_no_delete BEFORE DELETE ON outbox
BEGIN SELECT RAISE(ABORT, 'the outbox is a record: rows are resolved, never deleted'); END;
