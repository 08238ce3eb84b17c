package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"paidup/ledger"
)

// Issuing to a customer over their limit and on hold: the confirmation
// says both; Issue without a reason issues nothing and asks again; with
// one it issues, and the reason is kept.
func TestIssueChecksCredit(t *testing.T) {
	m, h, st, e := draftFor(t)
	ctx := context.Background()
	c, err := st.CustomerByCode(ctx, "ACME")
	if err != nil {
		t.Fatal(err)
	}
	c.CreditLimit = ledger.NewMoney(10000, "USD")
	if err := st.UpdateCustomer(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := st.SetHold(ctx, "ACME", "cheque bounced"); err != nil {
		t.Fatal(err)
	}
	test.Tap(e.issue)
	h.settle(t)
	if !says(t, m, "over its credit limit of 100.00 USD by 80.00 USD") || !says(t, m, "cheque bounced") {
		t.Fatalf("the confirmation says %q", shownIn(topDialog(t, m)))
	}
	tapIn(t, topDialog(t, m), "Issue")
	h.settle(t)
	if n := countDocs(t, st, ledger.DocumentFilter{Kind: ledger.KindInvoice, Status: ledger.StatusIssued}); n != 0 {
		t.Fatalf("%d invoices issued without a reason", n)
	}
	if !says(t, m, "say why") {
		t.Fatal("no second ask for the reason")
	}
	typeIn(t, m, "paid in advance by card")
	tapIn(t, topDialog(t, m), "Issue")
	h.settle(t)
	if n := countDocs(t, st, ledger.DocumentFilter{Kind: ledger.KindInvoice, Status: ledger.StatusIssued}); n != 1 {
		t.Fatalf("%d invoices issued with a reason", n)
	}
	hist, err := st.CustomerHistory(ctx, "ACME")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, ev := range hist {
		found = found || (ev.Kind == "override" && strings.Contains(ev.Text, "paid in advance by card"))
	}
	if !found {
		t.Fatalf("the reason was not kept: %+v", hist)
	}
}
