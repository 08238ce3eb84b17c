package ledger

import (
	"context"
	"reflect"
	"testing"
)

// ApplyCredits applies a customer's payments and credit notes oldest
// first in one transaction, and stops when nothing is left open.
func TestApplyCredits(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "ACME", "USD")
	// Credits first, while nothing is open: they stay unapplied.
	pay, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "ACME", Date: day("2026-01-02"), Amount: usd("50.00")})
	if err != nil {
		t.Fatal(err)
	}
	cn, err := s.IssueCreditNote(ctx, CreditNoteInput{CustomerCode: "ACME", Date: day("2026-01-03"), Lines: []Line{line(1, 3000, 0)}})
	if err != nil {
		t.Fatal(err)
	}
	late, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "ACME", Date: day("2026-01-04"), Amount: usd("10.00")})
	if err != nil {
		t.Fatal(err)
	}
	inv1 := mustInvoice(t, s, "ACME", "2026-01-10", line(1, 4000, 0))
	inv2 := mustInvoice(t, s, "ACME", "2026-01-11", line(1, 2000, 0))

	if _, err := s.ApplyCredits(ctx, "NOPE", day("2026-02-01")); ErrorCode(err) != ENOTFOUND {
		t.Fatalf("unknown customer: %v", err)
	}
	got, err := s.ApplyCredits(ctx, "ACME", day("2026-02-01"))
	if err != nil {
		t.Fatal(err)
	}
	// 60.00 open: the payment's 50.00, then 10.00 of the credit note; the
	// later payment is left alone.
	want := []CreditApplied{
		{Kind: KindPayment, Number: pay.Number, Applied: usd("50.00")},
		{Kind: KindCreditNote, Number: cn.Number, Applied: usd("10.00")},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("applied %+v, want %+v", got, want)
	}
	for _, c := range []struct {
		number string
		open   string
	}{{inv1.Number, "0.00"}, {inv2.Number, "0.00"}, {cn.Number, "20.00"}, {late.Number, "10.00"}} {
		d, err := s.Document(ctx, c.number)
		if err != nil {
			t.Fatal(err)
		}
		if d.Open != usd(c.open) {
			t.Errorf("%s open %v, want %s", c.number, d.Open, c.open)
		}
	}
	mustCheck(t, s)

	again, err := s.ApplyCredits(ctx, "ACME", day("2026-02-01"))
	if err != nil || len(again) != 0 {
		t.Fatalf("nothing open: applied %+v, %v", again, err)
	}
}
