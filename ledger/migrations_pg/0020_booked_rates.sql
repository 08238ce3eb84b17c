-- Booked rates and realized exchange differences: see
-- migrations/0020_booked_rates.sql. New columns take their table's grants.
ALTER TABLE documents ADD COLUMN booked_rate TEXT;
ALTER TABLE allocations ADD COLUMN fx BIGINT NOT NULL DEFAULT 0;

DROP TRIGGER documents_immutable ON documents;
CREATE TRIGGER documents_immutable BEFORE UPDATE ON documents
    FOR EACH ROW WHEN (OLD.status <> 'draft' AND (
           NEW.kind IS DISTINCT FROM OLD.kind OR NEW.number IS DISTINCT FROM OLD.number
        OR NEW.customer_id IS DISTINCT FROM OLD.customer_id OR NEW.date IS DISTINCT FROM OLD.date
        OR NEW.due_date IS DISTINCT FROM OLD.due_date OR NEW.currency IS DISTINCT FROM OLD.currency
        OR NEW.net IS DISTINCT FROM OLD.net OR NEW.tax IS DISTINCT FROM OLD.tax OR NEW.total IS DISTINCT FROM OLD.total
        OR (OLD.status = 'void' AND NEW.status <> 'void')
        OR (OLD.booked_rate IS NOT NULL AND NEW.booked_rate IS DISTINCT FROM OLD.booked_rate)))
    EXECUTE FUNCTION paidup_refuse('issued documents are immutable');

DROP TRIGGER allocations_only_void ON allocations;
CREATE TRIGGER allocations_only_void BEFORE UPDATE ON allocations
    FOR EACH ROW WHEN (NEW.credit_id IS DISTINCT FROM OLD.credit_id OR NEW.invoice_id IS DISTINCT FROM OLD.invoice_id
        OR NEW.amount IS DISTINCT FROM OLD.amount OR NEW.date IS DISTINCT FROM OLD.date OR OLD.void_date IS NOT NULL
        OR NEW.fx IS DISTINCT FROM OLD.fx)
    EXECUTE FUNCTION paidup_refuse('an allocation can only be voided, once');
