package cli

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"paidup/internal/pgtest"
)

// The accountant's exports through the command line, on a demo ledger of
// two currencies: IIF one currency a file, DATEV with its numbers set,
// Xero's two files; each read back.
func TestCLIExportAccounting(t *testing.T) {
	dir := t.TempDir()
	db := pgtest.LedgerPath(t, "exports.db")
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "demo", "--invoices", "300", "--as-of", "2026-03-31")
	period := []string{"--from", "2026-01-01", "--to", "2026-03-31"}
	code, _, errs := paidup(t, append([]string{"--db", db, "export", "iif", "-o", filepath.Join(dir, "all.iif")}, period...)...)
	if code != 1 || !strings.Contains(errs, "an IIF file has no currency: export each currency on its own (--currency EUR, then --currency GBP)") {
		t.Fatalf("iif of two currencies: exit %d %q", code, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "all.iif")); !os.IsNotExist(err) {
		t.Fatalf("a refused export left a file: %v", err)
	}
	iif := filepath.Join(dir, "eur.iif")
	wantIn(t, run(0, append([]string{"export", "iif", "--currency", "eur", "-o", iif}, period...)...), "transactions", "postings from 2026-01-01 to 2026-03-31")
	b, err := os.ReadFile(iif)
	if err != nil {
		t.Fatal(err)
	}
	if n, m := strings.Count(string(b), "\r\nTRNS\t"), strings.Count(string(b), "\r\nENDTRNS\r\n"); n == 0 || n != m {
		t.Fatalf("%d TRNS, %d ENDTRNS", n, m)
	}
	code, _, errs = paidup(t, append([]string{"--db", db, "export", "datev", "-o", filepath.Join(dir, "d.csv")}, period...)...)
	if code != 1 || !strings.Contains(errs, "datev.consultant") {
		t.Fatalf("datev without its numbers: exit %d %q", code, errs)
	}
	run(0, "settings", "set", "datev.consultant", "29098")
	run(0, "settings", "set", "datev.client", "55003")
	run(0, "settings", "set", "accounts.1100", "1400 Forderungen")
	code, _, errs = paidup(t, append([]string{"--db", db, "export", "datev", "-o", filepath.Join(dir, "d.csv")}, period...)...)
	if code != 1 || !strings.Contains(errs, "no exchange rate from GBP to EUR on or before 2026-01-") || !strings.Contains(errs, "paidup rates set GBP 2026-01-") {
		t.Fatalf("datev without rates: exit %d %q", code, errs)
	}
	dv := filepath.Join(dir, "d.csv")
	wantIn(t, run(0, append([]string{"export", "datev", "--currency", "EUR", "-o", dv}, period...)...), "bookings of", "postings from 2026-01-01")
	b, err = os.ReadFile(dv)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), `"EXTF";700;21;"Buchungsstapel";13;`) || !strings.Contains(string(b), ";1400;") {
		t.Fatalf("datev file: %.300s", b)
	}
	xi := filepath.Join(dir, "xero.csv")
	wantIn(t, run(0, append([]string{"export", "xero", "-o", xi}, period...)...), "documents", "payments from 2026-01-01 to 2026-03-31")
	for _, f := range []string{xi, filepath.Join(dir, "xero payments.csv")} {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(fh).ReadAll()
		fh.Close()
		if err != nil || len(recs) < 10 {
			t.Fatalf("%s: %d rows, %v", f, len(recs), err)
		}
	}
	code, _, errs = paidup(t, "--db", db, "export", "qif")
	if code != 2 || !strings.Contains(errs, "journal, iif, xero and datev") {
		t.Fatalf("unknown format: exit %d %q", code, errs)
	}
}
