package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"paidup/ledger"
)

// The customer form sets and shows a customer's early-payment discount
// terms, refusing bad ones next to the field; the draft editor takes an
// invoice's own; the issued invoice shows what the terms offer.
func TestDiscountTermsInTheWindow(t *testing.T) {
	m, h, st := openLedger(t, "customers")
	ctx := context.Background()

	f := showCustomerForm(m.app, m.customers.detail.l, nil, nil)
	h.settle(t)
	fillCustomer(f, "ACME", "Acme", "EUR", "30")
	f.discount.SetText("2/x")
	test.Tap(f.save)
	h.settle(t)
	if l := f.errs["discount"]; l == nil || !l.Visible() || !strings.Contains(l.Text, "2/10") {
		t.Fatalf("bad terms not refused next to the field: %v", l)
	}
	if _, err := st.CustomerByCode(ctx, "ACME"); err == nil {
		t.Fatal("the customer was added with bad terms")
	}
	f.discount.SetText("2/10")
	test.Tap(f.save)
	h.settle(t)
	if got, err := st.CustomerDiscount(ctx, "ACME"); err != nil || got != (ledger.DiscountTerms{BP: 200, Days: 10}) {
		t.Fatalf("terms stored: %v %v", got, err)
	}
	c, _ := st.CustomerByCode(ctx, "ACME")
	f = showCustomerForm(m.app, m.customers.detail.l, &c, nil)
	h.settle(t)
	if f.discount.Text != "2/10" {
		t.Errorf("the edit form shows terms %q, want 2/10", f.discount.Text)
	}
	f.dlg.Hide()

	// The draft editor: blank is the customer's, its own terms otherwise.
	inv := m.invoices()
	h.settle(t)
	e := inv.editor
	e.reset("ACME")
	h.settle(t)
	e.discount.SetText("1.5/14")
	in, err := e.input()
	if err != nil && !strings.Contains(err.Error(), "line") {
		t.Fatal(err)
	}
	if in.Discount == nil || *in.Discount != (ledger.DiscountTerms{BP: 150, Days: 14}) {
		t.Errorf("editor terms: %v", in.Discount)
	}
	e.discount.SetText("2")
	if _, err := e.input(); err == nil || !strings.Contains(err.Error(), "early-payment discount") {
		t.Errorf("bad terms in the editor: %v", err)
	}

	// Issued with the customer's: 119.00 × 2 % = 2.38, pay 116.62 by flowDay + 10.
	d, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "ACME", Date: flowDay,
		Lines: []ledger.Line{{Description: "Design", Quantity: ledger.D4(1), UnitPrice: 10000, TaxRate: ledger.D4(19)}}})
	if err != nil {
		t.Fatal(err)
	}
	inv.open(d.ID, d.Status)
	h.settle(t)
	want := "Discount  2/10: 2 % (2.38 EUR) if paid by " + fmtDate(flowDay.AddDate(0, 0, 10)) + ": pay 116.62 EUR"
	if body := inv.view.body.Text; !strings.Contains(body, want) {
		t.Errorf("the invoice view lacks %q:\n%s", want, body)
	}
	if _, err := st.RecordPayment(ctx, ledger.PaymentInput{CustomerCode: "ACME", Date: flowDay, Amount: ledger.NewMoney(11662, "EUR")}); err != nil {
		t.Fatal(err)
	}
	inv.open(d.ID, d.Status)
	h.settle(t)
	if body, title := inv.view.body.Text, inv.view.title.Text; !strings.Contains(body, "taken, 2.38 EUR") || !strings.Contains(title, "paid (discount taken)") {
		t.Errorf("after the discounted payment:\n%s\n%s", title, body)
	}
}
