-- Nothing to do on SQLite: this number is PostgreSQL's documents_asof
-- with the id INCLUDEd (migrations_pg/0009), which SQLite's index has
-- already (every SQLite index ends with the rowid). The two folders keep
-- the same numbers, so a ledger's schema version means the same on both.
SELECT 1;
