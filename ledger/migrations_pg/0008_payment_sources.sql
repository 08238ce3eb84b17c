-- Migration 8 (SQLite's 0008_payment_sources.sql): where an imported
-- payment came from, the SHA-256 of its file, so that a file whose rows
-- have no reference is recognised when it is imported twice.
CREATE TABLE IF NOT EXISTS payment_sources (
    document_id BIGINT PRIMARY KEY REFERENCES documents (id),
    file_sha256 TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS payment_sources_file ON payment_sources (file_sha256);
