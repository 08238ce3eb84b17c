package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"paidup/internal/pgtest"
)

// Payment plans on the command line: a plan over a customer's overdue
// balance splits it exactly (the remainder on the last instalment), lists
// and shows as JSON, prints its schedule as a PDF that poppler reads, and
// is cancelled with a reason; a second plan over the same invoice, or one
// whose amounts do not add up, is refused and changes nothing.
func TestCLIPlans(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "plans.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "customer", "add", "NGUYEN", "--name", "Thương mại Nguyễn Đức", "--currency", "EUR", "--terms", "14")
	run(0, "invoice", "new", "--customer", "NGUYEN", "--date", "2026-01-02", "--line", "Design;1;100.00;0", "--issue")
	run(0, "invoice", "new", "--customer", "NGUYEN", "--date", "2026-01-05", "--line", "Print;1;0.01;0", "--issue")
	var p planJSON
	mustJSON(t, run(0, "plan", "create", "--customer", "NGUYEN", "--instalments", "3", "--every", "2w", "--note", "agreed with Mr Đức", "--format", "json"), &p)
	if p.Amount != "100.01" || p.Status != "active" || len(p.Instalments) != 3 || len(p.Invoices) != 2 ||
		p.Instalments[0].Amount != "33.33" || p.Instalments[2].Amount != "33.35" || p.CancelAfter != 1 || p.GraceDays != 3 {
		t.Fatalf("plan %+v", p)
	}
	_, _, errs := paidup(t, "--db", db, "plan", "create", p.Invoices[0], "--instalments", "2")
	wantIn(t, errs, "already in payment plan #1")
	_, _, errs = paidup(t, "--db", db, "plan", "create", "--customer", "NGUYEN", "--dates", "2027-01-01,2027-02-01", "--amounts", "50,50")
	wantIn(t, errs, "already in payment plan #1")

	pdf := filepath.Join(t.TempDir(), "plan.pdf")
	var shown planJSON
	code, out, errs := paidup(t, "--db", db, "plan", "show", "1", "--pdf", pdf, "--format", "json")
	if code != 0 || !strings.Contains(errs, "wrote "+pdf) {
		t.Fatalf("plan show: exit %d, %s", code, errs)
	}
	mustJSON(t, out, &shown)
	if shown.ID != 1 || shown.Left != "100.01" {
		t.Fatalf("shown %+v", shown)
	}
	text := checkPDF(t, pdf)
	for _, want := range []string{"Payment plan", "Thương mại Nguyễn Đức", "33.33", "33.35", "100.01", "Plan 1 instalment 1", "agreed with Mr Đức"} {
		if !strings.Contains(text, want) {
			t.Errorf("the schedule lacks %q:\n%s", want, text)
		}
	}
	_, _, errs = paidup(t, "--db", db, "plan", "cancel", "1")
	wantIn(t, errs, "--reason")
	wantIn(t, run(0, "plan", "cancel", "1", "--reason", "customer asked for one payment"), "cancelled")
	var ps []planJSON
	mustJSON(t, run(0, "plan", "list", "--status", "cancelled", "--format", "json"), &ps)
	if len(ps) != 1 || !strings.HasPrefix(ps[0].EndReason, "customer asked for one payment") {
		t.Fatalf("cancelled plans %+v", ps)
	}
	// Now the invoices are free: a plan with explicit dates and amounts,
	// which must add up to what is open.
	_, _, errs = paidup(t, "--db", db, "plan", "create", "--customer", "NGUYEN", "--dates", "2099-01-01,2099-02-01", "--amounts", "50,50")
	wantIn(t, errs, "add up to 100.00 EUR, but 100.01 EUR is open")
	wantIn(t, run(0, "plan", "create", "--customer", "NGUYEN", "--dates", "2099-01-01,2099-02-01", "--amounts", "50,50.01"), "payment plan #2")
	wantIn(t, run(0, "plan", "list"), "50.00 EUR by 2099-01-01")
}
