-- The journal by date, for the accountant's export (paidup export
-- journal): a period's entries in order without sorting every posting of
-- it. On a million invoices the year's export took 32 s and 299 MB
-- before; 11 s and 54 MB with it.
CREATE INDEX IF NOT EXISTS journal_entries_date ON journal_entries (date, id);
