// Package einvoice writes the ledger's invoices and credit notes as
// e-invoices valid against EN 16931: UN/CEFACT CII D16B (Factur-X /
// ZUGFeRD "EN 16931" and XRechnung CII) and UBL 2.1 (Peppol BIS Billing
// 3.0 and XRechnung UBL).
//
// One computation: the model (Invoice) is built from the ledger's own
// document — its lines' nets, its tax per rate (ledger.TaxLine), its totals
// and what is open — never recomputed another way, so the XML says what the
// PDF says. Build names every required field that is missing before
// anything is written; nothing is guessed. The writers are deterministic:
// the same document gives the same bytes.
package einvoice
