package ui

import (
	"context"
	"strings"
	"testing"

	"paidup/ledger"
)

// The Charges screen previews late-payment interest and compensation as
// of today, and Post… (confirmed) posts them as charge documents, once.
func TestChargesScreen(t *testing.T) {
	m, h, st := openLedger(t, "customers")
	ctx := context.Background()
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "NGUYEN", Name: "Thương mại Nguyễn Đức", Currency: "EUR", TermsDays: 30}); err != nil {
		t.Fatal(err)
	}
	// Due 2026-01-31; flowDay is 2026-03-31: 59 days.
	if _, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "NGUYEN", Date: ledger.Day(flowDay).AddDate(0, 0, -89),
		Lines: []ledger.Line{{Description: "Design", Quantity: ledger.D4(1), UnitPrice: 100000}}}); err != nil {
		t.Fatal(err)
	}
	for k, v := range map[string]string{"charges.interest": "10%/year", "charges.compensation": "40"} {
		if err := st.ChangeSetting(ctx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	m.show("charges")
	h.settle(t)
	s := m.built["charges"].(*chargesScreen)
	// 59 × 100000 × 10 / 36500 = 1616.44 → 16.16.
	if len(s.lines) != 1 || s.lines[0].Interest.Plain() != "16.16" || !strings.Contains(s.status.Text, "Would charge as of 2026-03-31: 1 invoices in EUR: interest 16.16, compensation 40.00") ||
		s.post.Disabled() {
		t.Fatalf("preview: %q, %d lines", s.status.Text, len(s.lines))
	}
	s.onPost()
	tapIn(t, topDialog(t, m), "Yes")
	h.settle(t)
	if !strings.Contains(s.status.Text, "Charged as of 2026-03-31") || s.lines[0].Number != "CHG-000001" || !s.post.Disabled() {
		t.Fatalf("post: %q %+v", s.status.Text, s.lines)
	}
	s.preview()
	h.settle(t)
	if !strings.HasPrefix(s.status.Text, "Nothing to charge") || len(s.lines) != 0 {
		t.Fatalf("after posting: %q", s.status.Text)
	}
}
