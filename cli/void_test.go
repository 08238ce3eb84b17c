package cli

import (
	"context"
	"testing"

	"paidup/ledger"

	"paidup/internal/pgtest"
)

// TestCLIVoid voids a payment: the invoice it paid is open again, the
// ledger still checks, and bad calls change nothing.
func TestCLIVoid(t *testing.T) {
	db := pgtest.LedgerPath(t, "v.db")
	t.Setenv("PAIDUP_DB", db)
	remindLedger(t, db)
	ctx := context.Background()
	s, err := ledger.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	pay, err := s.RecordPayment(ctx, ledger.PaymentInput{CustomerCode: "ACME", Date: s.Now(), Amount: ledger.NewMoney(12345, "EUR"),
		Apply: []ledger.AllocationInput{{InvoiceNumber: "INV-000001", Amount: ledger.NewMoney(12345, "EUR")}}})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	mustRun(t, 2, "void", pay.Number)                       // no reason
	mustRun(t, 2, "void", "--reason", "x")                  // no number
	mustRun(t, 1, "void", "PAY-999999", "--reason", "typo") // unknown
	mustRun(t, 2, "void", pay.Number, "--reason", "x", "--date", "yesterday")
	out := mustRun(t, 0, "void", pay.Number, "--reason", "wrong customer")
	wantIn(t, out, pay.Number+" is void from ")
	mustRun(t, 1, "void", pay.Number, "--reason", "again") // void already
	mustRun(t, 0, "check")

	s, err = ledger.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rows, err := s.FindDocuments(ctx, ledger.DocumentFilter{Search: "INV-000001"})
	if err != nil || len(rows) != 1 || rows[0].Open.Minor != 12345 {
		t.Fatalf("INV-000001 after the void: %+v %v", rows, err)
	}
}
