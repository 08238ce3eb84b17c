-- Credit control: holds on customers, the reasons an invoice was issued
-- despite one, and the notes a credit controller keeps. Every row stays:
-- a hold is released (released_at), never deleted, so a customer's
-- history shows each hold and who lifted it.
CREATE TABLE IF NOT EXISTS customer_holds (
    id            INTEGER PRIMARY KEY,
    customer_id   INTEGER NOT NULL REFERENCES customers (id),
    set_at        TEXT NOT NULL,
    set_by        TEXT NOT NULL,          -- the OS user, or "rule"
    reason        TEXT NOT NULL,
    released_at   TEXT,                   -- NULL while in force
    released_by   TEXT NOT NULL DEFAULT '',
    released_note TEXT NOT NULL DEFAULT ''
);
-- At most one hold in force per customer.
CREATE UNIQUE INDEX IF NOT EXISTS customer_holds_open ON customer_holds (customer_id) WHERE released_at IS NULL;

CREATE TABLE IF NOT EXISTS hold_overrides (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id),
    hold_id     INTEGER NOT NULL REFERENCES customer_holds (id),
    at          TEXT NOT NULL,
    by_user     TEXT NOT NULL,
    reason      TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS customer_notes (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    at          TEXT NOT NULL,
    author      TEXT NOT NULL,
    text        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS customer_notes_customer ON customer_notes (customer_id, at);

CREATE TRIGGER IF NOT EXISTS customer_holds_no_delete BEFORE DELETE ON customer_holds
BEGIN SELECT RAISE(ABORT, 'holds are released, never deleted'); END;
CREATE TRIGGER IF NOT EXISTS customer_notes_no_delete BEFORE DELETE ON customer_notes
BEGIN SELECT RAISE(ABORT, 'notes are kept'); END;
CREATE TRIGGER IF NOT EXISTS hold_overrides_no_delete BEFORE DELETE ON hold_overrides
BEGIN SELECT RAISE(ABORT, 'an override is kept with its invoice'); END;
