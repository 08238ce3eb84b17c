-- E-invoices (EN 16931: Factur-X/ZUGFeRD, XRechnung, Peppol UBL): the
-- structured data a machine-readable invoice needs beyond what the PDF
-- prints. Every column is empty by default: existing ledgers migrate as they
-- are, and the e-invoice writer names what is missing instead of guessing.
-- customers.address stays the street lines, tax_id the VAT id (BT-48).
ALTER TABLE customers ADD COLUMN postcode TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN city TEXT NOT NULL DEFAULT '';
-- ISO 3166-1 alpha-2, upper case ("DE").
ALTER TABLE customers ADD COLUMN country TEXT NOT NULL DEFAULT '';
-- BT-10 buyer reference; a German public body's Leitweg-ID.
ALTER TABLE customers ADD COLUMN buyer_reference TEXT NOT NULL DEFAULT '';
-- The format the customer wants: '', 'factur-x', 'xrechnung-cii',
-- 'xrechnung-ubl', 'peppol-ubl'.
ALTER TABLE customers ADD COLUMN einvoice_format TEXT NOT NULL DEFAULT '';
-- Per line: VAT category (UNCL5305: S, Z, E, AE, K, G, O; '' = S when the
-- rate is above zero), the exemption reason printed for E, and the unit of
-- measure (UN/ECE Rec. 20; '' = C62, one).
ALTER TABLE document_lines ADD COLUMN vat_category TEXT NOT NULL DEFAULT '';
ALTER TABLE document_lines ADD COLUMN vat_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE document_lines ADD COLUMN unit_code TEXT NOT NULL DEFAULT '';
-- Per document: the date or period of the service or delivery (BT-72,
-- BT-73/74; YYYY-MM-DD or '') and the payment means (BT-81: '' = SEPA
-- credit transfer when an IBAN is set; 'transfer', 'sepa', 'card',
-- 'direct-debit', 'cash', 'other'). The order reference (BT-13) is the
-- existing documents.reference.
ALTER TABLE documents ADD COLUMN service_from TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN service_to TEXT NOT NULL DEFAULT '';
ALTER TABLE documents ADD COLUMN payment_means TEXT NOT NULL DEFAULT '';
