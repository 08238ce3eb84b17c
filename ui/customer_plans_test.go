package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// On a customer's screen: agree a plan over the overdue balance (three
// monthly instalments by default), see it with its next instalment, save
// its schedule, and cancel it with a reason; the history tells it all.
func TestCustomerPaymentPlan(t *testing.T) {
	m, h, st := openLedger(t, "plans")
	ctx := context.Background()
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "NGUYEN", Name: "Thương mại Nguyễn Đức", Currency: "EUR", TermsDays: 14}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "NGUYEN", Date: flowDay.AddDate(0, -2, 0),
		Lines: []ledger.Line{{Description: "Thiết kế", Quantity: ledger.D4(1), UnitPrice: 10001}}}); err != nil {
		t.Fatal(err)
	}
	m.customers.openCustomer("NGUYEN")
	h.settle(t)
	d := m.customers.detail
	tapIn(t, d.box, "Plan…")
	tapIn(t, topDialog(t, m), "Agree plan")
	h.settle(t)
	ps, err := st.Plans(ctx, ledger.PlanFilter{Customer: "NGUYEN"})
	if err != nil || len(ps) != 1 || ps[0].Amount != ledger.NewMoney(10001, "EUR") || len(ps[0].Instalments) != 3 || ps[0].Instalments[2].Amount.Minor != 3335 {
		t.Fatalf("plans %+v %v", ps, err)
	}
	var line string
	for _, v := range visible(d.credit.plans.box) {
		if l, ok := v.(*widget.Label); ok && strings.HasPrefix(l.Text, "Payment plan #") {
			line = l.Text
		}
	}
	if !strings.Contains(line, "100.01 EUR in 3 instalments") || !strings.Contains(line, "next 33.33 EUR by") {
		t.Fatalf("the plan shows as %q", line)
	}
	path := filepath.Join(t.TempDir(), "plan.pdf")
	if _, err := d.credit.plans.l.SavePlanPDF(ctx, ps[0].ID, path); err != nil {
		t.Fatal(err)
	}
	if b, err := os.ReadFile(path); err != nil || !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("schedule: %v", err)
	}
	tapIn(t, d.box, "Cancel plan…")
	typeIn(t, m, "paid in one sum")
	tapIn(t, topDialog(t, m), "Cancel plan")
	h.settle(t)
	if p, err := st.Plan(ctx, ps[0].ID, flowDay); err != nil || p.Status != ledger.PlanCancelled {
		t.Fatalf("after cancelling: %+v %v", p, err)
	}
	if !strings.Contains(d.credit.history.Text, "payment plan #1 cancelled: paid in one sum") {
		t.Fatalf("history:\n%s", d.credit.history.Text)
	}
}
