-- Payment plans: a customer's open invoices (one, or their overdue
-- balance) split into instalments that add up exactly to what was open
-- when the plan was made. What has been paid toward a plan is worked out
-- from the allocations to its invoices made after it (id above
-- alloc_mark), oldest instalment first, so nothing here changes when a
-- payment arrives; only the plan's status does, once it is completed,
-- defaulted (too many instalments missed, per its terms) or cancelled.
CREATE TABLE IF NOT EXISTS payment_plans (
    id           INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers (id),
    amount       INTEGER NOT NULL CHECK (amount > 0),
    currency     TEXT NOT NULL,
    made_on      TEXT NOT NULL,
    alloc_mark   INTEGER NOT NULL,            -- the last allocation id when the plan was made
    grace_days   INTEGER NOT NULL CHECK (grace_days >= 0),
    cancel_after INTEGER NOT NULL CHECK (cancel_after >= 0), -- missed instalments that end it; 0: never
    note         TEXT NOT NULL DEFAULT '',
    made_by      TEXT NOT NULL,
    status       TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'defaulted', 'cancelled')),
    ended_on     TEXT,
    end_reason   TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS payment_plans_status ON payment_plans (status, customer_id);

CREATE TABLE IF NOT EXISTS plan_items (
    plan_id     INTEGER NOT NULL REFERENCES payment_plans (id),
    document_id INTEGER NOT NULL REFERENCES documents (id),
    open_then   INTEGER NOT NULL CHECK (open_then > 0),
    PRIMARY KEY (plan_id, document_id)
);
CREATE INDEX IF NOT EXISTS plan_items_document ON plan_items (document_id);

CREATE TABLE IF NOT EXISTS plan_instalments (
    plan_id  INTEGER NOT NULL REFERENCES payment_plans (id),
    seq      INTEGER NOT NULL CHECK (seq > 0),
    due_date TEXT NOT NULL,
    amount   INTEGER NOT NULL CHECK (amount > 0),
    PRIMARY KEY (plan_id, seq)
);

CREATE TRIGGER IF NOT EXISTS payment_plans_no_delete BEFORE DELETE ON payment_plans
BEGIN SELECT RAISE(ABORT, 'payment plans are kept, with their outcome'); END;
CREATE TRIGGER IF NOT EXISTS plan_instalments_no_change BEFORE UPDATE ON plan_instalments
BEGIN SELECT RAISE(ABORT, 'a plan''s instalments are fixed: cancel it and make another'); END;
CREATE TRIGGER IF NOT EXISTS plan_instalments_no_delete BEFORE DELETE ON plan_instalments
BEGIN SELECT RAISE(ABORT, 'a plan''s instalments are fixed: cancel it and make another'); END;
