package cli

import (
	"strings"
	"testing"

	"paidup/internal/pgtest"
)

// migrate gnucash: the book GnuCash made (testdata/gnucash) moves in, in
// either format; a dry run writes nothing; a second move is refused.
func TestCLIMigrateGnuCash(t *testing.T) {
	for _, book := range []string{"../testdata/gnucash/book.gnucash", "../testdata/gnucash/book.xml.gnucash"} {
		db := newLedger(t, pgtest.LedgerPath(t, "gnucash.db"))
		run := func(want int, args ...string) string {
			t.Helper()
			return mustRun(t, want, append([]string{"--db", db}, args...)...)
		}
		wantIn(t, run(0, "migrate", "gnucash", book, "--as-of", "2026-06-30", "--dry-run"),
			"would move in (dry run, nothing written) from GnuCash", "5 customers, 8 invoices, 1 credit note, 5 payments, 1 credit set against invoices later")
		if out := run(0, "customer", "list"); strings.Contains(out, "Dupont") {
			t.Fatalf("a dry run wrote customers:\n%s", out)
		}
		wantIn(t, run(0, "migrate", "gnucash", book, "--as-of", "2026-06-30"),
			"moved in from GnuCash", "EUR open: 1,867.10 EUR in GnuCash", "1,867.10 EUR here", "USD open: 2,499.99 USD in GnuCash", "2,499.99 USD here",
			"left out: ", "INV-1008: a draft in GnuCash, never posted", "INV-1009: posted 2026-07-05, after 2026-06-30")
		wantIn(t, run(0, "aging", "--as-of", "2026-06-30", "--edges", "29,59,89"),
			"Công ty Thương mại Nguyễn Đức", "1,380.20", "上海华美贸易有限公司", "154.00", "Dupont SARL", "-500.00", "Acme Corp", "1,299.99", "2,499.99")
		wantIn(t, run(0, "invoice", "show", "INV-1002"), "Maintenance contract Q2", "1,070.90")
		wantIn(t, run(0, "check"), "ok")
		code, _, errs := paidup(t, "--db", db, "migrate", "gnucash", book, "--as-of", "2026-06-30")
		if code != 1 || !strings.Contains(errs, "taken") {
			t.Fatalf("a second move: exit %d %q", code, errs)
		}
	}
	db := newLedger(t, pgtest.LedgerPath(t, "bad.db"))
	code, _, errs := paidup(t, "--db", db, "migrate", "gnucash", "../testdata/gnucash/README.md")
	if code == 0 || !strings.Contains(errs, "is not a GnuCash book") {
		t.Fatalf("not a book: exit %d %q", code, errs)
	}
}
