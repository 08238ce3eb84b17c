package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"paidup/internal/pgtest"
)

// migrate csv --from xero: Xero's invoices and contacts exports move in
// whole: customers with their codes, terms and addresses, invoices with
// their lines and tax rates, what was paid there as payments, the credit
// still open, drafts left out; what is open per currency is the same
// there and here, and the ledger checks clean. A bad date refuses all.
func TestCLIMigrateXero(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "xero.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "settings", "set", "business.currency", "EUR")
	inv, con := "../testdata/migrate/xero/Invoices.csv", "../testdata/migrate/xero/Contacts.csv"
	wantIn(t, run(0, "migrate", "csv", "--from", "xero", inv, con, "--paid-on", "2026-03-31", "--dry-run"),
		"would move in (dry run, nothing written) from Xero: 2 customers, 3 invoices, 1 credit note, 2 payments")
	if out := run(0, "customer", "list"); strings.Contains(out, "10001") {
		t.Fatalf("a dry run wrote customers:\n%s", out)
	}
	wantIn(t, run(0, "migrate", "csv", "--from", "xero", inv, con, "--paid-on", "2026-03-31"),
		"moved in from Xero: 2 customers, 3 invoices, 1 credit note, 2 payments", "EUR open: 297.00 EUR in Xero, 297.00 EUR here",
		"GBP open: 60.00 GBP in Xero, 60.00 GBP here", "left out: Invoices.csv:7: INV-0004: Draft in Xero")
	wantIn(t, run(0, "customer", "show", "10001"), "Müller GmbH", "14", "Hafenstraße 12", "DE123456789")
	wantIn(t, run(0, "invoice", "show", "INV-0001"), "1,297.00", "Beratung vor Ort", "19")
	wantIn(t, run(0, "aging", "--as-of", "2026-03-31"), "Müller GmbH", "297.00", "Acme Ltd")
	wantIn(t, run(0, "check"), "ok")

	// A bad date: every problem named, nothing written.
	db2 := newLedger(t, pgtest.LedgerPath(t, "xero2.db"))
	b, err := os.ReadFile(inv)
	if err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(t.TempDir(), "Invoices.csv")
	if err := os.WriteFile(bad, []byte(strings.Replace(string(b), "01/02/2026", "31/02/2026", 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	mustRun(t, 0, "--db", db2, "settings", "set", "business.currency", "EUR")
	code, _, errs := paidup(t, "--db", db2, "migrate", "csv", "--from", "xero", bad)
	if code != 1 || !strings.Contains(errs, "Invoices.csv:5: column 13 (InvoiceDate)") || !strings.Contains(errs, "nothing was moved in") {
		t.Fatalf("a bad date: exit %d %q", code, errs)
	}
	if out := mustRun(t, 0, "--db", db2, "customer", "list"); strings.Contains(out, "Acme") {
		t.Fatalf("a refused move wrote customers:\n%s", out)
	}
}
