-- Promises to pay: a customer said they would pay an amount by a date, for
-- some invoices (promise_items) or their whole account (none listed).
-- Reminders of the invoices covered wait until the date plus the grace
-- (promise.grace_days); once the date has passed the promise is kept if
-- payments received from the day it was made to that date cover it, else
-- broken. Every promise and its outcome stays.
CREATE TABLE IF NOT EXISTS promises (
    id          INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    amount      INTEGER NOT NULL CHECK (amount > 0),
    currency    TEXT NOT NULL,
    made_on     TEXT NOT NULL,
    pay_by      TEXT NOT NULL CHECK (pay_by >= made_on),
    note        TEXT NOT NULL DEFAULT '',
    made_by     TEXT NOT NULL,
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'kept', 'broken')),
    paid        INTEGER NOT NULL DEFAULT 0,   -- received by pay_by, once settled
    settled_on  TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS promises_open ON promises (status, customer_id);

CREATE TABLE IF NOT EXISTS promise_items (
    promise_id  INTEGER NOT NULL REFERENCES promises (id),
    document_id INTEGER NOT NULL REFERENCES documents (id),
    PRIMARY KEY (promise_id, document_id)
);
CREATE INDEX IF NOT EXISTS promise_items_document ON promise_items (document_id);

CREATE TRIGGER IF NOT EXISTS promises_no_delete BEFORE DELETE ON promises
BEGIN SELECT RAISE(ABORT, 'promises are kept, with their outcome'); END;
