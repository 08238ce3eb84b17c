-- fold(text): text in lower case by Unicode's rules. SQLite gets the same
-- function from the program (ledger/fold.go), whose lower() folds only
-- ASCII; PostgreSQL's lower() already folds every script.
CREATE OR REPLACE FUNCTION fold(t text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT lower(t) $$;
