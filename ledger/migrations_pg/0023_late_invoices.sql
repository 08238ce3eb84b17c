-- The invoices that were still open after their due date, with what the
-- late-payment charges read of them (ledger/migrations/0023_late_invoices.sql).
CREATE INDEX IF NOT EXISTS documents_late ON documents
    (kind, date, id, number, customer_id, currency, total, due_date, status, closed_on)
    WHERE kind = 'invoice' AND status = 'issued' AND closed_on > due_date;
