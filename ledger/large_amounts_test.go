package ledger

import (
	"context"
	"testing"
)

// Amounts beyond 32 bits (21,474,836.47 in cents) on both databases: an
// invoice, a payment and a credit note of tens of millions post, settle
// and check. PostgreSQL once took a parameter compared with 0 for an
// int4 and refused such an invoice.
func TestLargeAmounts(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "BIG", "USD")
	inv := mustInvoice(t, s, "BIG", "2026-03-01", line(3, 99999999999, 0)) // 2,999,999,999.97
	if inv.Total.Minor != 299999999997 {
		t.Fatalf("total %v", inv.Total)
	}
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "BIG", Date: day("2026-03-10"), Amount: usd("2999999999.00")}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.IssueCreditNote(ctx, CreditNoteInput{CustomerCode: "BIG", Date: day("2026-03-11"), Lines: []Line{line(1, 4000000000, 0)}}); err != nil {
		t.Fatal(err)
	}
	d, err := s.Document(ctx, inv.Number)
	if err != nil || !d.Open.IsZero() {
		t.Fatalf("open %v (%v)", d.Open, err)
	}
	mustCheck(t, s)
}
