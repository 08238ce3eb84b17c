-- Exchange rates: see migrations/0015_exchange_rates.sql.
CREATE TABLE exchange_rates (
    currency TEXT NOT NULL,
    date     TEXT NOT NULL,
    rate     TEXT NOT NULL,
    source   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (currency, date)
);
DO $$
DECLARE db text := current_database();
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = db || '_bookkeeper') THEN
        EXECUTE format('GRANT SELECT ON exchange_rates TO %I, %I, %I', db || '_viewer', db || '_bookkeeper', db || '_owner');
        EXECUTE format('GRANT INSERT, UPDATE ON exchange_rates TO %I', db || '_bookkeeper');
        EXECUTE format('GRANT ALL ON exchange_rates TO %I', db || '_owner');
    END IF;
END $$;
