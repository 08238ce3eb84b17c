-- Migration 8: where an imported payment came from. A bank file's rows
-- often carry no reference; such a payment is known as a repeat by its
-- customer, date and amount and the SHA-256 of the file it came in, so
-- that a file imported twice does not count the money twice.
CREATE TABLE IF NOT EXISTS payment_sources (
    document_id INTEGER PRIMARY KEY REFERENCES documents (id),
    file_sha256 TEXT NOT NULL
) STRICT;
CREATE INDEX IF NOT EXISTS payment_sources_file ON payment_sources (file_sha256);
