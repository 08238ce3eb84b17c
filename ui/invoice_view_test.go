package ui

import (
	"context"
	"strings"
	"testing"

	"paidup/ledger"
)

// The issued invoice shows the discount column when a line has one.
func TestInvoiceViewShowsDiscount(t *testing.T) {
	m, h, st := openLedger(t, "customers")
	ctx := context.Background()
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "ACME", Name: "Acme", Currency: "USD", TermsDays: 30}); err != nil {
		t.Fatal(err)
	}
	d, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "ACME", Date: flowDay,
		Lines: []ledger.Line{{Description: "Printing", Quantity: ledger.D4(1), UnitPrice: 9999, Discount: ledger.D4(10)},
			{Description: "Design", Quantity: ledger.D4(2), UnitPrice: 15000}}})
	if err != nil {
		t.Fatal(err)
	}
	inv := m.invoices()
	h.settle(t)
	inv.open(d.ID, d.Status)
	h.settle(t)
	body := inv.view.body.Text
	if !strings.Contains(body, "Disc %") || !strings.Contains(body, " 10 ") && !strings.Contains(body, " 10.0") {
		t.Errorf("no discount column:\n%s", body)
	}
	for _, want := range []string{"89.99 USD", "300.00 USD", "389.99 USD"} {
		if !strings.Contains(body, want) {
			t.Errorf("the view lacks %q:\n%s", want, body)
		}
	}
}
