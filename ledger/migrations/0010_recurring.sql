-- Recurring invoices: a template (customer, lines, terms) and its
-- schedule (ledger/schedule.go). Each invoice a schedule issues is
-- recorded with its period's number in the same transaction, and a period
-- is issued at most once, ever (recurring_issued's primary key): two runs
-- at once, a run after a crash, or a catch-up after weeks away cannot
-- issue one twice.
CREATE TABLE IF NOT EXISTS recurring (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    customer_id INTEGER NOT NULL REFERENCES customers (id),
    every       TEXT NOT NULL CHECK (every IN ('week', 'month', 'quarter', 'year')),
    interval    INTEGER NOT NULL CHECK (interval BETWEEN 1 AND 52),
    start       TEXT NOT NULL,
    end_date    TEXT NOT NULL DEFAULT '',   -- '': no end
    max_count   INTEGER NOT NULL DEFAULT 0, -- 0: no limit
    terms_days  INTEGER,                    -- NULL: the customer's
    reference   TEXT NOT NULL DEFAULT '',
    notes       TEXT NOT NULL DEFAULT '',
    status      TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'ended')),
    created_at  TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS recurring_lines (
    recurring_id INTEGER NOT NULL REFERENCES recurring (id),
    line_no      INTEGER NOT NULL,
    description  TEXT NOT NULL,
    quantity     INTEGER NOT NULL,
    unit_price   INTEGER NOT NULL,
    discount     INTEGER NOT NULL DEFAULT 0,
    tax_rate     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (recurring_id, line_no)
);

CREATE TABLE IF NOT EXISTS recurring_issued (
    recurring_id INTEGER NOT NULL REFERENCES recurring (id),
    period       INTEGER NOT NULL,
    date         TEXT NOT NULL,
    document_id  INTEGER NOT NULL REFERENCES documents (id),
    PRIMARY KEY (recurring_id, period)
);
