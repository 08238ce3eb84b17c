package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"paidup/internal/pgtest"
)

// TestCLIDailyJobs does a bookkeeper's day on the command line alone, on a
// real ledger file: add a customer, write an invoice as a draft and issue
// it, record a payment, issue a credit note against an invoice, write the
// rest off, and read it all back as JSON.
func TestCLIDailyJobs(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "day.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "settings", "set", "business.currency", "EUR")
	wantIn(t, run(0, "customer", "add", "NGUYEN", "--name", "Thương mại Nguyễn Đức", "--email", "ke.toan@nguyen.example", "--terms", "14"),
		"added customer NGUYEN", "EUR", "14 days")
	// Bad input: a clear message, exit 1, nothing added.
	_, _, errs := paidup(t, "--db", db, "customer", "add", "X", "--name", "X", "--currency", "EURO")
	wantIn(t, errs, "currency: Use a currency code such as EUR or USD.")
	if out := run(0, "customer", "list", "--format", "json"); strings.Contains(out, `"X"`) {
		t.Fatalf("a refused customer was stored: %s", out)
	}
	wantIn(t, run(0, "customer", "edit", "NGUYEN", "--credit-limit", "5000"), "changed customer NGUYEN", "5,000.00 EUR")
	var c customerJSON
	mustJSON(t, run(0, "customer", "show", "NGUYEN", "--format", "json"), &c)
	if c.Name != "Thương mại Nguyễn Đức" || c.CreditLimit != "5000.00" || c.TermsDays != 14 || c.Currency != "EUR" {
		t.Fatalf("customer show: %+v", c)
	}

	// A draft, then issued: two lines at two tax rates and a discount.
	out := run(0, "invoice", "new", "--customer", "NGUYEN", "--date", "2026-11-02",
		"--line", "Thiết kế\\; a logo\\; two drafts;2;150.00;20", "--line", "Printing;1;99.99;7;10")
	wantIn(t, out, "draft 1 saved for NGUYEN: 456.29 EUR")
	var doc documentJSON
	mustJSON(t, run(0, "invoice", "issue", "1", "--format", "json"), &doc)
	if doc.Number == "" || doc.Status != "issued" || doc.Total != "456.29" || doc.DueDate != "2026-11-16" || len(doc.Lines) != 2 ||
		doc.Lines[0].Description != "Thiết kế; a logo; two drafts" || doc.Lines[1].Discount != "10" {
		t.Fatalf("issued invoice: %+v", doc)
	}
	inv := doc.Number
	// 2×150.00 = 300.00 at 20 %: 60.00; 99.99 less 10 % = 89.99 at 7 %: 6.30.
	if doc.Net != "389.99" || doc.Tax != "66.30" {
		t.Fatalf("net %s tax %s", doc.Net, doc.Tax)
	}
	run(0, "invoice", "new", "--customer", "NGUYEN", "--date", "2026-11-03", "--line", "Hosting;1;100", "--issue")

	// A payment to the named invoice, in part; then oldest first.
	wantIn(t, run(0, "payment", "record", "NGUYEN", "200", "--date", "2026-11-20", "--to", inv),
		"settles "+inv+": 200.00 EUR")
	// A credit note against the first invoice, then the rest written off.
	mustJSON(t, run(0, "credit-note", "NGUYEN", "56.29", "--description", "Goodwill", "--invoice", inv, "--date", "2026-11-21", "--format", "json"), &doc)
	if len(doc.Allocations) != 1 || doc.Allocations[0].Invoice != inv || doc.Allocations[0].Amount != "56.29" {
		t.Fatalf("credit note: %+v", doc)
	}
	_, _, errs = paidup(t, "--db", db, "write-off", inv)
	wantIn(t, errs, "needs --reason")
	wantIn(t, run(0, "write-off", inv, "--reason", "goodwill", "--date", "2026-11-22"), "wrote off 200.00 EUR of "+inv)
	mustJSON(t, run(0, "invoice", "show", inv, "--format", "json"), &doc)
	if doc.Open != "0.00" || len(doc.Allocations) != 3 {
		t.Fatalf("after payment, credit and write-off: %+v", doc)
	}
	// Overpaying keeps the rest as credit.
	wantIn(t, run(0, "payment", "record", "NGUYEN", "150.00", "--date", "2026-11-25"), "kept as the customer's credit: 50.00 EUR")

	var rows []documentRowJSON
	mustJSON(t, run(0, "invoice", "list", "--customer", "NGUYEN", "--format", "json"), &rows)
	if len(rows) != 2 {
		t.Fatalf("invoice list: %+v", rows)
	}
	var bal []balanceJSON
	mustJSON(t, run(0, "customer", "list", "--format", "json"), &bal)
	if len(bal) != 1 || bal[0].Balance != "-50.00" || bal[0].Credits != "50.00" {
		t.Fatalf("customer list: %+v", bal)
	}
	// The credit goes to the next invoice when asked.
	wantIn(t, run(0, "payment", "apply-credits", "NGUYEN", "--date", "2026-11-26"), "nothing to apply for NGUYEN")
	run(0, "invoice", "new", "--customer", "NGUYEN", "--date", "2026-11-26", "--line", "Domain;1;30;0", "--issue")
	var applied []creditAppliedJSON
	mustJSON(t, run(0, "payment", "apply-credits", "NGUYEN", "--date", "2026-11-27", "--format", "json"), &applied)
	if len(applied) != 1 || applied[0].Applied != "30.00" || applied[0].Currency != "EUR" || applied[0].Kind != "payment" {
		t.Fatalf("apply-credits: %+v", applied)
	}
	run(0, "check")

	// Usage errors exit 2 and change nothing.
	for _, args := range [][]string{
		{"invoice", "new", "--customer", "NGUYEN"},
		{"invoice", "new", "--customer", "NGUYEN", "--line", "only;two"},
		{"payment", "record", "NGUYEN"},
		{"customer", "frobnicate"},
		{"payment", "apply-credits"},
		{"payment", "apply-credits", "NGUYEN", "--to", "X"},
		{"invoice", "list", "--format", "yaml"},
	} {
		if code, _, _ := paidup(t, append([]string{"--db", db}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	// Input errors exit 1 with the reason.
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"payment", "record", "NGUYEN", "--", "-5"}, "must be a positive amount in EUR"},
		{[]string{"payment", "record", "NGUYEN", "1.234"}, "must be a positive amount in EUR"},
		{[]string{"payment", "record", "NOBODY", "5"}, "NOBODY"},
		{[]string{"invoice", "new", "--customer", "NGUYEN", "--line", "x;one;5"}, `line 1: the quantity "one" is not a number`},
	} {
		code, _, errs := paidup(t, append([]string{"--db", db}, tc.args...)...)
		if code != 1 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 1 and %q", tc.args, code, errs, tc.want)
		}
	}
	mustJSON(t, run(0, "invoice", "list", "--format", "json"), &rows)
	if len(rows) != 3 {
		t.Fatalf("a refused command wrote an invoice: %+v", rows)
	}
}

func mustJSON(t *testing.T, s string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(s), v); err != nil {
		t.Fatalf("not JSON (%v): %s", err, s)
	}
}
