-- Exchange rates to the home currency (business.currency): how many units
-- of it one unit of currency is worth on a date, as an exact decimal. The
-- rate on a day is the latest on or before it (ledger/rates.go).
CREATE TABLE IF NOT EXISTS exchange_rates (
    currency TEXT NOT NULL,
    date     TEXT NOT NULL,
    rate     TEXT NOT NULL,
    source   TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (currency, date)
);
