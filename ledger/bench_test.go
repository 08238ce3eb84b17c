package ledger

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkImportInvoices100k imports a 100,000-invoice CSV into a ledger
// of 1,000 customers (docs/DESIGN.md target: < 5 s).
func BenchmarkImportInvoices100k(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	var codes []string
	for i := 0; i < 1000; i++ {
		codes = append(codes, fmt.Sprintf("C%04d", i))
	}
	csvPath := filepath.Join(dir, "invoices.csv")
	writeInvoiceCSV(b, csvPath, 100000, codes, "B")
	n := 0
	for b.Loop() {
		b.StopTimer()
		n++
		// A new ledger each round: a file, or with PAIDUP_TEST_BACKEND=postgres
		// a new database (scripts/bench_pg.sh).
		s, err := Open(ctx, testLedgerPath(b))
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range codes {
			if _, err := s.CreateCustomer(ctx, Customer{Code: c, Name: "Customer " + c, Currency: "USD", TermsDays: 30}); err != nil {
				b.Fatal(err)
			}
		}
		f, err := os.Open(csvPath)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		res, err := s.ImportInvoices(ctx, f, "invoices.csv", ImportOptions{})
		b.StopTimer()
		if err != nil || res.Imported != 100000 {
			b.Fatalf("%v %+v", err, res)
		}
		f.Close()
		s.Close()
		b.StartTimer()
	}
}

// benchStore opens the large ledger named by PAIDUP_BENCH_DB (make bench
// builds it with `paidup demo --invoices 1000000`).
func benchStore(b *testing.B) *Store {
	path := os.Getenv("PAIDUP_BENCH_DB")
	if path == "" {
		b.Fatal("set PAIDUP_BENCH_DB to a large demo ledger (make bench does)")
	}
	s, err := Open(context.Background(), path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

func benchAsOf(b *testing.B, s *Store) time.Time {
	var last string
	if err := s.r.QueryRow(`SELECT MAX(date) FROM documents`).Scan(&last); err != nil {
		b.Fatal(err)
	}
	return day(last)
}

func BenchmarkAgingLatest(b *testing.B) {
	s := benchStore(b)
	d := benchAsOf(b, s)
	for b.Loop() {
		if _, err := s.Aging(context.Background(), AgingOptions{AsOf: d}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAgingYearBack(b *testing.B) {
	s := benchStore(b)
	d := benchAsOf(b, s).AddDate(-1, 0, 0)
	for b.Loop() {
		if _, err := s.Aging(context.Background(), AgingOptions{AsOf: d}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMetrics(b *testing.B) {
	s := benchStore(b)
	d := benchAsOf(b, s)
	for b.Loop() {
		if _, err := s.Metrics(context.Background(), MetricsOptions{AsOf: d}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkCustomerPage(b *testing.B) {
	s := benchStore(b)
	for b.Loop() {
		if _, err := s.CustomerBalances(context.Background(), CustomerFilter{Offset: 5000, Limit: 200}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCustomerPageCollated is the window's customer list by name in
// Czech order (customer_collate.go): the first page, and 200 rows at
// offset 5,000 (every customer read and ordered for either).
func BenchmarkCustomerPageCollated(b *testing.B) {
	s := benchStore(b)
	for _, offset := range []int{0, 5000} {
		b.Run(fmt.Sprintf("offset%d", offset), func(b *testing.B) {
			for b.Loop() {
				if _, err := s.FindCustomers(context.Background(), CustomerListFilter{Locale: "cs-CZ", Offset: offset, Limit: 200}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkCheck(b *testing.B) {
	s := benchStore(b)
	for b.Loop() {
		if _, err := s.Check(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRisks scores every customer of the large ledger (10,000 on the
// 1M demo); the target is 5,000 customers in under 2 s.
func BenchmarkRisks(b *testing.B) {
	s := benchStore(b)
	d := benchAsOf(b, s)
	for b.Loop() {
		rs, err := s.Risks(context.Background(), d)
		if err != nil || len(rs) == 0 {
			b.Fatal(err)
		}
	}
}

// BenchmarkCustomerRisk scores one customer, as the customer screen does.
func BenchmarkCustomerRisk(b *testing.B) {
	s := benchStore(b)
	d := benchAsOf(b, s)
	for b.Loop() {
		if _, err := s.CustomerRisk(context.Background(), "C00003", d); err != nil {
			b.Fatal(err)
		}
	}
}
