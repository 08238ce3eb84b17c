package ledger

import (
	"context"
	"testing"
)

// A ledger that took a later migration before an earlier one (two lines
// of work landing out of order) gets the earlier one at its next opening:
// every migration not yet applied is, not only those above the newest.
func TestMigrationGapIsFilled(t *testing.T) {
	ctx := context.Background()
	path := testLedgerPath(t)
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`DROP TABLE plan_instalments`, `DROP TABLE plan_items`, `DROP TABLE payment_plans`,
		`DELETE FROM schema_migrations WHERE version = 21`} {
		if _, err := s.w.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Plans(ctx, PlanFilter{}); err != nil {
		t.Fatalf("migration 21 was not applied again: %v", err)
	}
	var n int
	if err := s.w.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = 21`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("schema_migrations: %d rows for 21, %v", n, err)
	}
}
