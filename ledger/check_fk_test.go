package ledger

import (
	"context"
	"strings"
	"testing"
)

// A reference to a row that does not exist (written with foreign keys
// unchecked, as the demo and the invoice import write) is a problem check
// names.
func TestCheckForeignKeys(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "ACME", "USD")
	mustCheck(t, s)
	err := s.writeUnchecked(ctx, func(t *tx) error {
		_, err := t.exec(`INSERT INTO customer_reminders (customer_id, email) VALUES (999, 'x@example.com')`)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := s.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), "customer_reminders row 999 refers to a customers row that does not exist") {
		t.Fatalf("problems %q", rep.Problems)
	}
}
