-- The language a customer's documents print their own words in: '' (the
-- business's, invoice.language) or one of ledger.DocumentLanguages.
ALTER TABLE customers ADD COLUMN language TEXT NOT NULL DEFAULT '';
