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

// The quick check leaves CHECK constraints out of SQLite's pass over the
// whole file (they made it slow) but still finds a row that breaks one:
// in a small table (quick_check of that table) and in a recent document
// (SQL on the newest rows), written with the sqlite3 shell as a person
// would.
func TestQuickCheckConstraints(t *testing.T) {
	if onPostgres() {
		t.Skip("SQLite's quick_check")
	}
	ctx := context.Background()
	for _, c := range []struct{ name, script, want string }{
		{"customer", "PRAGMA ignore_check_constraints = ON;\nUPDATE customers SET terms_days = -5 WHERE code = 'ACME';\n", "customers"},
		{"document", "PRAGMA ignore_check_constraints = ON;\nDROP TRIGGER documents_immutable;\nUPDATE documents SET kind = 'bogus' WHERE kind = 'invoice';\n", "breaks a rule of the documents table"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := newTestStore(t)
			mustCustomer(t, s, "ACME", "EUR")
			mustInvoice(t, s, "ACME", "2026-03-01", line(1, 10000, 0))
			rep, err := s.QuickCheck(ctx)
			if err != nil || !rep.OK() {
				t.Fatalf("sound ledger: %+v %v", rep, err)
			}
			s = tamper(t, s, c.script)
			rep, err = s.QuickCheck(ctx)
			if err != nil || rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), c.want) {
				t.Fatalf("damaged ledger: %+v %v", rep, err)
			}
			t.Log(rep.Problems)
		})
	}
}
