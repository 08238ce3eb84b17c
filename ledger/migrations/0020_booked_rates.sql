-- Booked rates and realized exchange differences (ledger/fx.go).
-- documents.booked_rate: for a document in another currency than the home
-- currency (business.currency), the rate to it on the document's date, as
-- the exact decimal the rate table holds; stored when the document is
-- posted if the table has that rate then, else the first time it is needed
-- (an allocation, paidup fx). NULL: the home currency, or not yet known.
-- Once set it never changes (a rate corrected later changes no booking).
ALTER TABLE documents ADD COLUMN booked_rate TEXT;
-- allocations.fx: the realized exchange difference of the allocation, in
-- minor units of the home currency (a gain positive), posted with it to
-- 1190/4950 and reversed with it when it is voided.
ALTER TABLE allocations ADD COLUMN fx INTEGER NOT NULL DEFAULT 0;

DROP TRIGGER documents_immutable;
CREATE TRIGGER documents_immutable BEFORE UPDATE ON documents
WHEN OLD.status <> 'draft' AND (
       NEW.kind IS NOT OLD.kind OR NEW.number IS NOT OLD.number
    OR NEW.customer_id IS NOT OLD.customer_id OR NEW.date IS NOT OLD.date
    OR NEW.due_date IS NOT OLD.due_date OR NEW.currency IS NOT OLD.currency
    OR NEW.net IS NOT OLD.net OR NEW.tax IS NOT OLD.tax OR NEW.total IS NOT OLD.total
    OR (OLD.status = 'void' AND NEW.status <> 'void')
    OR (OLD.booked_rate IS NOT NULL AND NEW.booked_rate IS NOT OLD.booked_rate))
BEGIN SELECT RAISE(ABORT, 'issued documents are immutable'); END;

DROP TRIGGER allocations_only_void;
CREATE TRIGGER allocations_only_void BEFORE UPDATE ON allocations
WHEN NEW.credit_id IS NOT OLD.credit_id OR NEW.invoice_id IS NOT OLD.invoice_id
  OR NEW.amount IS NOT OLD.amount OR NEW.date IS NOT OLD.date OR OLD.void_date IS NOT NULL
  OR NEW.fx IS NOT OLD.fx
BEGIN SELECT RAISE(ABORT, 'an allocation can only be voided, once'); END;
