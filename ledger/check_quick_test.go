package ledger

import (
	"context"
	"strings"
	"testing"
)

// The quick check passes a sound ledger and catches a recent document
// whose open amount was changed behind the ledger's back.
func TestQuickCheck(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "ACME", "EUR")
	inv := mustInvoice(t, s, "ACME", "2026-03-01", line(1, 10000, 0))
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "ACME", Date: day("2026-03-05"), Amount: NewMoney(4000, "EUR")}); err != nil {
		t.Fatal(err)
	}
	rep, err := s.QuickCheck(ctx)
	if err != nil || !rep.OK() || rep.Documents != 2 {
		t.Fatalf("sound ledger: %+v %v", rep, err)
	}
	// What an edit with a database tool would do.
	if _, err := s.w.ExecContext(ctx, `UPDATE documents SET open = 1 WHERE id = ?`, inv.ID); err != nil {
		t.Fatal(err)
	}
	rep, err = s.QuickCheck(ctx)
	if err != nil || rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), inv.Number) {
		t.Fatalf("damaged ledger: %+v %v", rep, err)
	}
}
