package ledger

import (
	"context"
	"database/sql"
	"testing"
	"time"
)

// What the external tests of this package (package ledger_test, which may
// import paidup/demo: ledger itself cannot) need of its insides, and the
// demo they lend this package's own tests.

var (
	NewTestStore = newTestStore
	MustCheck    = mustCheck
	DumpRows     = dumpRows
	SameRows     = sameRows
	TestDay      = day
)

// FillDemo fills an empty ledger with the demo (demo.Fill); bulk_test.go
// sets it.
var FillDemo func(ctx context.Context, s *Store, customers, invoices int, seed uint64, asOf time.Time) error

// fillDemo fills s with a demo ledger as of asOf, for tests that want a
// ledger of some size.
func fillDemo(t testing.TB, s *Store, customers, invoices int, seed uint64, asOf string) {
	t.Helper()
	if FillDemo == nil {
		t.Fatal("no demo: bulk_test.go sets FillDemo")
	}
	if err := FillDemo(context.Background(), s, customers, invoices, seed, day(asOf)); err != nil {
		t.Fatal(err)
	}
}

// WriterOf is the connection pool of s that writes, for checking what it
// was left with.
func WriterOf(s *Store) interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
} {
	return s.w
}

// SQLiteOnly is sqliteOnly for the external tests.
var SQLiteOnly = sqliteOnly
