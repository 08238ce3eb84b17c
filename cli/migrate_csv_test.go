package cli

import (
	"strings"
	"testing"

	"paidup/internal/pgtest"
)

// migrate csv --from quickbooks: QuickBooks' transaction list and customer
// list (headings recognised, order free) move into a real ledger: a dry
// run writes nothing, the move reports what is open there and here,
// the customers come with Vietnamese and Chinese names, the aging shows
// the open invoices; a file with bad rows names each, nothing written.
func TestCLIMigrateQuickBooks(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "qb.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "settings", "set", "business.currency", "USD")
	dir := "../testdata/migrate/quickbooks/"
	txns, custs := dir+"Transaction List by Customer.csv", dir+"Customers.csv"
	wantIn(t, run(0, "migrate", "csv", "--from", "quickbooks", txns, custs, "--month-first", "--paid-on", "2026-03-31", "--dry-run"),
		"would move in (dry run, nothing written) from QuickBooks: 3 customers, 6 invoices, 1 credit note, 4 payments, 1 credit set against invoices later")
	if out := run(0, "customer", "list"); strings.Contains(out, "Acme") {
		t.Fatalf("a dry run wrote customers:\n%s", out)
	}
	wantIn(t, run(0, "migrate", "csv", "--from", "quickbooks", custs, txns, "--month-first", "--paid-on", "2026-03-31"),
		"moved in from QuickBooks: 3 customers, 6 invoices, 1 credit note, 4 payments, 1 credit set against invoices later",
		"USD open: 4,950.00 USD in QuickBooks, 4,950.00 USD here", "left out: Transaction List by Customer.csv:21: Sales Receipt 1005")
	wantIn(t, run(0, "aging", "--as-of", "2026-03-31"), "Công ty TNHH Sài Gòn Xanh", "3,300.00", "Acme Supplies LLC", "1,650.00")
	wantIn(t, run(0, "customer", "list"), "北京科技有限公司")
	wantIn(t, run(0, "check"), "ok")

	db2 := newLedger(t, pgtest.LedgerPath(t, "qb2.db"))
	mustRun(t, 0, "--db", db2, "settings", "set", "business.currency", "USD")
	code, _, errs := paidup(t, "--db", db2, "migrate", "csv", "--from", "quickbooks", dir+"Transactions (bad rows).csv", "--month-first")
	if code != 1 || !strings.Contains(errs, "Transactions (bad rows).csv:7: column 2 (Date)") ||
		!strings.Contains(errs, "Transactions (bad rows).csv:19: column 8 (Amount)") || !strings.Contains(errs, "nothing was moved in") {
		t.Fatalf("bad rows: exit %d %q", code, errs)
	}
	if out := mustRun(t, 0, "--db", db2, "customer", "list"); strings.Contains(out, "Acme") {
		t.Fatalf("a refused move wrote customers:\n%s", out)
	}
}

// migrate csv --from invoiceninja: its clients, invoices, payments and
// credits exports move in; what is open per currency is the same there
// and here; the ledger checks clean.
func TestCLIMigrateInvoiceNinja(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "in.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "settings", "set", "business.currency", "EUR")
	dir := "../testdata/migrate/invoiceninja/"
	wantIn(t, run(0, "migrate", "csv", "--from", "invoiceninja", dir+"invoices.csv", dir+"clients.csv", dir+"credits.csv", dir+"payments.csv", "--paid-on", "2026-03-31"),
		"moved in from Invoice Ninja: 3 customers, 4 invoices, 2 credit notes, 4 payments",
		"EUR open: 1,185.00 EUR in Invoice Ninja, 1,185.00 EUR here", "VND open: 5,000,000 VND in Invoice Ninja, 5,000,000 VND here",
		"left out: invoices.csv:4: INV-0003: Draft in Invoice Ninja")
	wantIn(t, run(0, "customer", "show", "0002"), "Công ty Cổ phần Hà Nội Số", "25 Tràng Tiền", "0101234567")
	wantIn(t, run(0, "invoice", "show", "INV-0001"), "1,190.00", "19")
	wantIn(t, run(0, "check"), "ok")
	code, _, errs := paidup(t, "--db", db, "migrate", "csv", "--from", "sage", dir+"invoices.csv")
	if code != 2 || !strings.Contains(errs, "--from xero, quickbooks or invoiceninja") {
		t.Fatalf("--from sage: exit %d %q", code, errs)
	}
}
