-- fold(text), lower case by Unicode's rules, is a function the program
-- registers with SQLite (ledger/fold.go): nothing to store. PostgreSQL
-- defines it in its schema (migrations_pg/0027_fold.sql).
SELECT 1;
