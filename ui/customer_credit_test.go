package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// On a customer's screen: put them on hold with a reason, keep a note,
// record a promise, and see it all in the history; the hold shows red
// and is released from the same button.
func TestCustomerCreditControl(t *testing.T) {
	m, h, st := openLedger(t, "customers")
	ctx := context.Background()
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "NGUYEN", Name: "Thương mại Nguyễn Đức", Currency: "EUR", TermsDays: 14,
		CreditLimit: ledger.NewMoney(10000, "EUR")}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "NGUYEN", Date: flowDay.AddDate(0, -2, 0),
		Lines: []ledger.Line{{Description: "Thiết kế", Quantity: ledger.D4(1), UnitPrice: 12000}}}); err != nil {
		t.Fatal(err)
	}
	m.customers.openCustomer("NGUYEN")
	h.settle(t)
	c := m.customers.detail.credit
	if c == nil {
		t.Fatal("no credit section on the customer screen")
	}
	if !strings.Contains(c.position.Text, "over it by 20.00 EUR") || !strings.Contains(c.risk.Text, "Risk ") {
		t.Fatalf("position %q, risk %q", c.position.Text, c.risk.Text)
	}
	answer := func(button, text string) {
		t.Helper()
		tapIn(t, m.customers.detail.box, button)
		typeIn(t, m, text)
		for _, b := range []string{"Hold", "Keep", "Record", "Release"} {
			for _, v := range visible(topDialog(t, m)) {
				if bt, ok := v.(*widget.Button); ok && bt.Text == b {
					tapIn(t, topDialog(t, m), b)
					h.settle(t)
					return
				}
			}
		}
		t.Fatal("no confirm button")
	}
	answer("Hold…", "cheque bounced")
	if !strings.Contains(c.position.Text, "On hold") || c.position.Importance != widget.DangerImportance || c.holdBtn.Text != "Release hold…" {
		t.Fatalf("after the hold: %q", c.position.Text)
	}
	answer("Note…", "called, will pay Friday")
	answer("Promise…", "120.00 by 2026-04-10")
	if ps, err := st.Promises(ctx, ledger.PromiseFilter{Customer: "NGUYEN"}); err != nil || len(ps) != 1 || ps[0].Amount != ledger.NewMoney(12000, "EUR") {
		t.Fatalf("promises %+v %v", ps, err)
	}
	answer("Release hold…", "paid")
	for _, want := range []string{"put on hold: cheque bounced", "called, will pay Friday", "hold released: paid"} {
		if !strings.Contains(c.history.Text, want) {
			t.Errorf("history lacks %q:\n%s", want, c.history.Text)
		}
	}
}
