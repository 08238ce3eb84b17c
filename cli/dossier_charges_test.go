package cli

import (
	"strings"
	"testing"

	"paidup/internal/pgtest"
)

// Where charges are set up, the dossier lists the interest and
// compensation each late invoice has accrued and that is not charged yet
// (the charges preview of that customer alone), with their total; read
// back from the PDF.
func TestCLIDossierCharges(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "dossier-charges.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "settings", "set", "business.name", "Nordlicht Design")
	run(0, "customer", "add", "ACME", "--name", "Acme GmbH", "--currency", "EUR", "--terms", "30")
	run(0, "customer", "add", "BETA", "--name", "Beta AG", "--currency", "EUR", "--terms", "30")
	run(0, "invoice", "new", "--customer", "ACME", "--line", "Design;1;1000.00", "--date", "2026-01-01", "--issue") // due 31 January
	run(0, "invoice", "new", "--customer", "ACME", "--line", "Print;1;250.00", "--date", "2026-03-20", "--issue")   // not due
	run(0, "invoice", "new", "--customer", "BETA", "--line", "Other;1;777.00", "--date", "2026-01-01", "--issue")
	pdf := t.TempDir() + "/d.pdf"
	run(0, "dossier", "ACME", "--as-of", "2026-03-31", "-o", pdf)
	if text := checkPDF(t, pdf); strings.Contains(strings.ToUpper(text), "INTEREST AND COMPENSATION ACCRUED") {
		t.Fatalf("no charge rule, but the dossier lists charges:\n%s", text)
	}
	run(0, "settings", "set", "charges.interest", "12%/year")
	run(0, "settings", "set", "charges.compensation", "40")
	var lines []chargeJSON
	mustJSON(t, run(0, "charges", "--as-of", "2026-03-31", "--format", "json"), &lines)
	if len(lines) != 2 || lines[0].Invoice != "INV-000001" {
		t.Fatalf("preview %+v", lines)
	}
	acme := lines[0] // 59 days × 1000.00 × 12 % / 365 = 19.40
	run(0, "dossier", "ACME", "--as-of", "2026-03-31", "-o", pdf)
	text := strings.Join(strings.Fields(checkPDF(t, pdf)), " ")
	for _, want := range []string{"INTEREST AND COMPENSATION ACCRUED", "not charged yet",
		"INV-000001 31 Jan 2026 1 Feb 2026 – 31 Mar 2026 (12%/year) 59 €" + acme.Interest + " €" + acme.Compensation,
		"Total €" + acme.Interest + " €" + acme.Compensation} {
		if !strings.Contains(text, want) {
			t.Errorf("the dossier lacks %q:\n%s", want, text)
		}
	}
	if acme.Days != 59 || acme.Interest != "19.40" || acme.Compensation != "40.00" {
		t.Errorf("ACME's line %+v", acme)
	}
	if strings.Contains(text, "INV-000003") || strings.Contains(text, "777") {
		t.Errorf("BETA's invoice is in ACME's dossier:\n%s", text)
	}
}
