-- Early-payment discount terms: see migrations/0022_discount_terms.sql.
ALTER TABLE customers ADD COLUMN discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 9999);
ALTER TABLE customers ADD COLUMN discount_days INTEGER NOT NULL DEFAULT 0 CHECK (discount_days BETWEEN 0 AND 3650);
ALTER TABLE documents ADD COLUMN discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 9999);
ALTER TABLE documents ADD COLUMN discount_days INTEGER NOT NULL DEFAULT 0 CHECK (discount_days BETWEEN 0 AND 3650);
ALTER TABLE documents DROP CONSTRAINT documents_kind_check;
ALTER TABLE documents ADD CONSTRAINT documents_kind_check
    CHECK (kind IN ('invoice', 'credit_note', 'payment', 'write_off', 'charge', 'refund', 'discount'));
INSERT INTO sequences (kind, prefix, width, next) VALUES ('discount', 'DSC-', 6, 1)
    ON CONFLICT (kind) DO NOTHING;
