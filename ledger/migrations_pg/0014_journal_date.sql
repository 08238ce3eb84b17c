-- The journal by date: see migrations/0014_journal_date.sql.
CREATE INDEX journal_entries_date ON journal_entries (date, id);
