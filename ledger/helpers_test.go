package ledger

import (
	"database/sql"
	"os"

	_ "github.com/jackc/pgx/v5/stdlib"

	"context"
	"path/filepath"
	"testing"
	"time"

	"paidup/internal/pgtest"
)

// newTestStore opens a real ledger with a fixed clock: a file under
// t.TempDir, or with PAIDUP_TEST_BACKEND=postgres a database of its own in
// a throwaway PostgreSQL cluster (internal/pgtest).
func newTestStore(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), testLedgerPath(t))
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC) }
	t.Cleanup(func() {
		// PAIDUP_AUDIT_CHECK=1: every test's ledger ends with its audit
		// trail intact, whatever the test wrote through the ledger's paths.
		if os.Getenv("PAIDUP_AUDIT_CHECK") == "1" && !t.Failed() {
			if rep, err := s.VerifyAudit(context.Background(), nil); err == nil && !rep.Intact {
				t.Errorf("audit trail of the test's ledger: %s (%d problems)", rep.Problems[0].Message, len(rep.Problems))
			}
		}
		s.Close()
	})
	return s
}

func day(s string) time.Time {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func usd(s string) Money {
	m, err := ParseMoney(s, "USD")
	if err != nil {
		panic(err)
	}
	return m
}

func mustCustomer(t testing.TB, s *Store, code, cur string) Customer {
	t.Helper()
	c, err := s.CreateCustomer(context.Background(), Customer{Code: code, Name: "Customer " + code, Currency: cur, TermsDays: 30})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func mustInvoice(t testing.TB, s *Store, cust, date string, lines ...Line) Document {
	t.Helper()
	d, err := s.IssueInvoice(context.Background(), InvoiceInput{CustomerCode: cust, Date: day(date), Lines: lines})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func line(qty int64, price int64, taxPct int64) Line {
	return Line{Description: "Consulting", Quantity: D4(qty), UnitPrice: price, TaxRate: D4(taxPct)}
}

// mustCheck fails the test when any invariant is broken.
func mustCheck(t testing.TB, s *Store) *CheckReport {
	t.Helper()
	rep, err := s.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range rep.Problems {
		t.Error(p)
	}
	if !rep.OK() {
		t.FailNow()
	}
	return rep
}

// onPostgres reports whether the tests run on PostgreSQL.
func onPostgres() bool { return os.Getenv("PAIDUP_TEST_BACKEND") == "postgres" }

// testLedgerPath is where a test's ledger lives on the backend under test.
func testLedgerPath(t testing.TB) string {
	if onPostgres() {
		return pgtest.NewDatabase(t, func(url string) (*sql.DB, error) { return sql.Open("pgx", url) })
	}
	return filepath.Join(t.TempDir(), "test.db")
}

// sqliteOnly skips a test of what only a ledger file has (the file's
// bytes, its backups, the sqlite3 shell) when the tests run on PostgreSQL.
func sqliteOnly(t testing.TB) {
	t.Helper()
	if onPostgres() {
		t.Skip("a test of the SQLite file itself: the PostgreSQL run has its own")
	}
}

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
