package ui

import (
	"context"
	"strings"
	"testing"

	"paidup/ledger"
)

// The dashboard names the customers on hold or over their limit, and
// hides the line when there are none.
func TestDashboardCreditWatch(t *testing.T) {
	m, h, st := openLedger(t, "dashboard")
	ctx := context.Background()
	d := m.built["dashboard"].(*dashboardScreen)
	if d.credit.Visible() {
		t.Fatalf("nobody on hold, the dashboard says %q", d.credit.Text)
	}
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "NGUYEN", Name: "Thương mại Nguyễn Đức", Currency: "EUR", TermsDays: 14}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetHold(ctx, "NGUYEN", "cheque bounced"); err != nil {
		t.Fatal(err)
	}
	d.refresh()
	h.settle(t)
	if !d.credit.Visible() || !strings.Contains(d.credit.Text, "Thương mại Nguyễn Đức (NGUYEN)") || !strings.Contains(d.credit.Text, "cheque bounced") {
		t.Fatalf("the dashboard says %q", d.credit.Text)
	}
}

// The dashboard names a promise broken lately and a plan with a missed
// instalment, and hides the line when there are none.
func TestDashboardCollectionsWatch(t *testing.T) {
	m, h, st := openLedger(t, "dashboard")
	ctx := context.Background()
	d := m.built["dashboard"].(*dashboardScreen)
	if d.collections.Visible() {
		t.Fatalf("nothing broken or missed, the dashboard says %q", d.collections.Text)
	}
	for _, code := range []string{"NGUYEN", "WANG"} {
		if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: code, Name: map[string]string{"NGUYEN": "Thương mại Nguyễn Đức", "WANG": "王氏贸易"}[code],
			Currency: "EUR", TermsDays: 14}); err != nil {
			t.Fatal(err)
		}
		if _, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: code, Date: flowDay.AddDate(0, -3, 0),
			Lines: []ledger.Line{{Description: "Design", Quantity: ledger.D4(1), UnitPrice: 9000}}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.AddPromise(ctx, ledger.PromiseInput{CustomerCode: "NGUYEN", Amount: ledger.NewMoney(9000, "EUR"),
		MadeOn: flowDay.AddDate(0, 0, -20), PayBy: flowDay.AddDate(0, 0, -10)}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreatePlan(ctx, ledger.PlanInput{Customer: "WANG", Count: 3, Every: ledger.Weekly, Interval: 1,
		MadeOn: flowDay.AddDate(0, 0, -30), GraceDays: 3, CancelAfter: 0}); err != nil {
		t.Fatal(err)
	}
	d.refresh()
	h.settle(t)
	for _, want := range []string{"Broken promise: Thương mại Nguyễn Đức (NGUYEN) promised 90.00 EUR", "Payment plan #1 of 王氏贸易 (WANG): 3 instalment(s) missed, 90.00 EUR left"} {
		if !d.collections.Visible() || !strings.Contains(d.collections.Text, want) {
			t.Fatalf("the dashboard says %q, not %q", d.collections.Text, want)
		}
	}
}
