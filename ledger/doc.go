// Package ledger owns Paidup's data and arithmetic: customers, invoices,
// credit notes, payments and write-offs, their double-entry postings, the
// invariants that tie them together, aging and metrics, and CSV import.
//
// Money is stored as an int64 count of the currency's minor unit (cents for
// USD, yen for JPY, fils for KWD) next to its ISO 4217 code; the currency's
// minor digits decide how amounts are parsed and printed. Amounts of two
// currencies are never added. With int64 the largest amount is about 9.2e16
// minor units (92 trillion dollars), far beyond any small business.
//
// Rounding rules (tested in money_test.go and invoice_test.go):
//   - parsing never rounds: "12.345" is refused for USD, not turned into 12.35;
//   - line net = round(quantity × unit price × (1 − discount)), half away from zero;
//   - tax is computed once per invoice per rate on the sum of the line nets at
//     that rate, rounded half away from zero;
//   - quantities, tax rates and discounts are decimals with up to 4 places.
//
// Posted documents are immutable: a mistake is corrected by voiding (a dated
// reversal) and issuing again. Every document is written together with its
// journal entry in one SQLite transaction.
package ledger
