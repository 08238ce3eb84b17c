-- The document's id in the indexes that SQLite's hold it in already (its
-- every index ends with the rowid; a PostgreSQL index holds no row id of
-- its own):
--   - documents_asof: the aging needs the id to sum an item's
--     allocations, so it read every open document from the table; with it
--     the aging reads the index alone (a million invoices: 0.5 s as of
--     today, was 1.5 s; 1.0 s a year back);
--   - documents_kind_date and documents_customer: the lists order by date
--     or due date, then id; with the id as the last key the index gives
--     that order (the invoice list at row 200,000: 30-60 ms, was 90-160).
DROP INDEX documents_asof;
CREATE INDEX documents_asof ON documents (kind, closed_on, date, customer_id, currency, due_date,
    last_change, status, total, open, void_date, reopened_on) INCLUDE (id) WHERE status <> 'draft';
DROP INDEX documents_kind_date;
CREATE INDEX documents_kind_date ON documents (kind, date, id);
DROP INDEX documents_customer;
CREATE INDEX documents_customer ON documents (customer_id, kind, closed_on, due_date, open, id);
