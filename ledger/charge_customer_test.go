package ledger

import (
	"context"
	"reflect"
	"testing"
)

// One customer's charges preview is the whole preview's lines of that
// customer, and nothing of the others'; none before a rule is set up.
func TestCustomerChargePreview(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t) // today: 2026-03-31
	mustCustomer(t, s, "A", "EUR")
	mustCustomer(t, s, "B", "EUR")
	mustInvoice(t, s, "A", "2026-01-01", line(1, 100000, 0)) // due 31 January
	mustInvoice(t, s, "A", "2026-01-15", line(1, 50000, 0))  // due 14 February, paid late
	mustInvoice(t, s, "A", "2026-03-20", line(1, 70000, 0))  // not due yet
	mustInvoice(t, s, "B", "2026-01-01", line(1, 30000, 0))
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "A", Date: day("2026-03-01"), Amount: NewMoney(150000, "EUR")}); err != nil {
		t.Fatal(err)
	}
	asOf := day("2026-03-31")
	if got, err := s.CustomerChargePreview(ctx, "A", asOf); err != nil || len(got) != 0 {
		t.Fatalf("no rule yet: %+v %v", got, err)
	}
	mustSetting(t, s, "charges.interest", "10%/year")
	mustSetting(t, s, "charges.compensation", "40")
	got, err := s.CustomerChargePreview(ctx, "A", asOf)
	if err != nil {
		t.Fatal(err)
	}
	var want []ChargeLine
	if err := s.PreviewCharges(ctx, asOf, func(l ChargeLine) error {
		if l.CustomerCode == "A" {
			want = append(want, l)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || !reflect.DeepEqual(got, want) {
		t.Fatalf("A's preview:\n%+v\nthe whole preview's lines of A:\n%+v", got, want)
	}
	if _, err := s.CustomerChargePreview(ctx, "NOBODY", asOf); ErrorCode(err) != ENOTFOUND {
		t.Errorf("unknown customer: %v", err)
	}
}
