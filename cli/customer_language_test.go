package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"paidup/internal/pgtest"
)

// A customer's document language from the command line: set with
// --language, shown and listed in JSON, refused when unknown, and their
// invoice PDF speaks it.
func TestCLICustomerLanguage(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "lang.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "customer", "add", "BAUM", "--name", "Baumann GmbH", "--currency", "EUR", "--language", "DE")
	var c customerJSON
	if err := json.Unmarshal([]byte(run(0, "customer", "show", "BAUM", "--format", "json")), &c); err != nil || c.Language != "de" {
		t.Fatalf("customer show: %+v (%v)", c, err)
	}
	wantIn(t, run(0, "customer", "show", "BAUM"), "Language:")
	code, _, errs := paidup(t, "--db", db, "customer", "edit", "BAUM", "--language", "tlh")
	if code == 0 || !strings.Contains(errs, "en, de, fr, es, nl, it or pl") {
		t.Errorf("an unknown language: exit %d %q", code, errs)
	}
	run(0, "invoice", "new", "--customer", "BAUM", "--date", "2026-11-02", "--line", "Beratung;1;100;19", "--issue")
	pdf := filepath.Join(t.TempDir(), "inv.pdf")
	run(0, "invoice", "pdf", "INV-000001", "-o", pdf)
	if text := checkPDF(t, pdf); !strings.Contains(text, "Rechnungsnummer") || !strings.Contains(text, "Offener Betrag") {
		t.Errorf("the invoice of a German-speaking customer:\n%s", text)
	}
	run(0, "customer", "edit", "BAUM", "--language", "")
	run(0, "invoice", "pdf", "INV-000001", "-o", pdf)
	if text := checkPDF(t, pdf); !strings.Contains(text, "Invoice number") {
		t.Errorf("the language cleared, the invoice:\n%s", text)
	}
}
