-- Early-payment discount terms ("2/10 net 30", issue 13 item 2,
-- ledger/discount.go): a customer's default and each invoice's own, fixed
-- when it is issued. The percent is kept exactly in basis points (2 % is
-- 200, 2.5 % is 250) and the days count from the issue date; 0 basis
-- points is no discount.
ALTER TABLE customers ADD COLUMN discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 9999);
ALTER TABLE customers ADD COLUMN discount_days INTEGER NOT NULL DEFAULT 0 CHECK (discount_days BETWEEN 0 AND 3650);
ALTER TABLE documents ADD COLUMN discount_bp INTEGER NOT NULL DEFAULT 0 CHECK (discount_bp BETWEEN 0 AND 9999);
ALTER TABLE documents ADD COLUMN discount_days INTEGER NOT NULL DEFAULT 0 CHECK (discount_days BETWEEN 0 AND 3650);

-- A discount taken is a document of its own kind (DSC-), allocated to the
-- invoice it settles like a write-off, posted Dr 4900 (and Dr 2200 for its
-- tax part), Cr 1100; its reference is the payment that earned it, so
-- voiding that payment voids it too. documents.kind's CHECK gains
-- 'discount' the way 0017 added 'charge'.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''charge'', ''refund''))', '''charge'', ''refund'', ''discount''))')
 WHERE type = 'table' AND name = 'documents';
PRAGMA writable_schema = RESET;
CREATE TEMP TABLE migration_0022_check (ok INTEGER NOT NULL CHECK (ok = 1));
INSERT INTO migration_0022_check SELECT instr(sql, '''refund'', ''discount'')') > 0 FROM sqlite_schema WHERE type = 'table' AND name = 'documents';
DROP TABLE migration_0022_check;

INSERT INTO sequences (kind, prefix, width, next) VALUES ('discount', 'DSC-', 6, 1)
    ON CONFLICT (kind) DO NOTHING;
