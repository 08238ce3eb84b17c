package app

import (
	"context"
	"database/sql"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"paidup/internal/pgtest"
	"paidup/ledger"
)

// TestMoveToPostgres moves a demo ledger file into a new PostgreSQL
// database (a real server, started for the test), and finds the same
// ledger there: the same aging at two dates, the same customers, and a
// backup of the PostgreSQL ledger that is a ledger file again.
func TestMoveToPostgres(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "office.db")
	a, err := OpenDemo(ctx, file, nil)
	if err != nil {
		t.Fatal(err)
	}
	a.Close()
	url := pgtest.NewDatabase(t, func(u string) (*sql.DB, error) { return sql.Open("pgx", u) })
	rep, err := MoveToPostgres(ctx, file, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Counts["documents"] == 0 || len(rep.Receivable) == 0 {
		t.Fatalf("moved nothing: %+v", rep)
	}
	// Moving into a database that holds a ledger already is refused.
	if _, err := MoveToPostgres(ctx, file, url, nil); ledger.ErrorCode(err) != ledger.ECONFLICT {
		t.Fatalf("second move: %v", err)
	}
	fa, err := Open(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	defer fa.Close()
	pa, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pa.Close()
	if pa.Dialect() != "PostgreSQL" || fa.Dialect() != "SQLite" {
		t.Fatalf("dialects %s %s", pa.Dialect(), fa.Dialect())
	}
	for _, asOf := range []time.Time{fa.Today(), fa.Today().AddDate(0, -6, 0)} {
		want, err := fa.Aging(ctx, ledger.AgingOptions{AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		got, err := pa.Aging(ctx, ledger.AgingOptions{AsOf: asOf})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("aging as of %s differs on PostgreSQL", asOf.Format(ledger.DateLayout))
		}
	}
	// A backup of the office ledger is a ledger file that opens anywhere.
	bak := filepath.Join(t.TempDir(), "office-backup.db")
	if err := pa.Backup(ctx, bak); err != nil {
		t.Fatal(err)
	}
	b, err := Open(ctx, bak)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	n1, _ := fa.TableCounts(ctx)
	n2, _ := b.TableCounts(ctx)
	if !reflect.DeepEqual(n1, n2) {
		t.Fatalf("backup of the PostgreSQL ledger has %v rows, the file %v", n2, n1)
	}
}
