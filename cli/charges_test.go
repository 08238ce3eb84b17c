package cli

import (
	"testing"

	"paidup/internal/pgtest"
)

// A bookkeeper sets statutory interest and compensation, keeps the ECB
// rate, previews the charges as JSON and posts them; a second run charges
// nothing, and the charge is paid like an invoice.
func TestCLICharges(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "charges.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "customer", "add", "ACME", "--name", "Acme GmbH", "--currency", "EUR", "--terms", "30")
	run(0, "invoice", "new", "--customer", "ACME", "--line", "Design;1;1000.00", "--date", "2024-05-21", "--issue") // due 2024-06-20
	run(0, "settings", "set", "charges.interest", "eu")
	run(0, "settings", "set", "charges.compensation", "eu")
	// No reference rate yet: an error naming the half-year's first day.
	code, _, stderr := paidup(t, "--db", db, "charges", "--as-of", "2024-07-10")
	if code != 1 {
		t.Errorf("without a reference rate: exit %d", code)
	}
	wantIn(t, stderr, "no ECB reference rate in force on 2024-01-01")
	run(0, "charges", "rates", "set", "ecb", "2023-09-20", "4.50")
	run(0, "charges", "rates", "set", "ecb", "2024-06-12", "4.25")
	wantIn(t, run(0, "charges", "rates", "list"), "ecb", "2024-06-12", "4.2500")
	// 10 days at 12.5 % and 10 at 12.25 %: 6.78 (testdata/charges/interest.csv).
	var lines []chargeJSON
	mustJSON(t, run(0, "charges", "--as-of", "2024-07-10", "--format", "json"), &lines)
	if len(lines) != 1 || lines[0].Invoice != "INV-000001" || lines[0].Days != 20 || lines[0].Interest != "6.78" ||
		lines[0].Compensation != "40.00" || lines[0].Charge != "" {
		t.Fatalf("preview: %+v", lines)
	}
	mustJSON(t, run(0, "charges", "--as-of", "2024-07-10", "--post", "--format", "json"), &lines)
	if len(lines) != 1 || lines[0].Charge != "CHG-000001" || lines[0].Total != "46.78" {
		t.Fatalf("post: %+v", lines)
	}
	wantIn(t, run(0, "charges", "--as-of", "2024-07-10", "--post"), "nothing to charge as of 2024-07-10")
	run(0, "payment", "record", "ACME", "1046.78", "--date", "2024-07-12")
	wantIn(t, run(0, "charges", "--as-of", "2024-07-31"), "would charge 1 invoices", "interest 0.34")
	run(0, "charges", "customer", "ACME", "--interest", "none", "--compensation", "default")
	wantIn(t, run(0, "charges", "--as-of", "2024-07-31"), "nothing to charge")
	run(0, "check")
	for _, args := range [][]string{
		{"charges", "--dry-run", "--post"},
		{"charges", "rates"},
		{"charges", "frobnicate"},
	} {
		if code, _, _ := paidup(t, append([]string{"--db", db}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
