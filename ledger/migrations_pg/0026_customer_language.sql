-- The customer's document language: see migrations/0026_customer_language.sql.
ALTER TABLE customers ADD COLUMN language TEXT NOT NULL DEFAULT '';
