-- Paidup ledger schema, version 2: the business profile's files.
-- Text settings (business.name, payment.iban, …) stay in settings; the
-- logo is binary and large, so it gets a table of its own where a key
-- holds the image bytes with what decoding them found, checked on the way in.
-- IF NOT EXISTS: re-running it on a file that has it already is harmless.
CREATE TABLE IF NOT EXISTS setting_files (
    key    TEXT PRIMARY KEY,
    format TEXT NOT NULL CHECK (format IN ('png', 'jpeg')),
    width  INTEGER NOT NULL CHECK (width > 0),
    height INTEGER NOT NULL CHECK (height > 0),
    data   BLOB NOT NULL
) STRICT;
