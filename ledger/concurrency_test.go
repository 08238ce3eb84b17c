package ledger

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"testing"
)

// TestConcurrentDesks: several desks (each its own Store, its own
// connections, as separate Paidup processes would be) issue invoices and
// record payments into one ledger at once. Afterwards the numbers have no
// gap and no duplicate, no invoice is over-applied, and Check is clean.
// On SQLite the desks queue on the file's write lock; on PostgreSQL their
// SERIALIZABLE transactions race and the losers are run again.
// PAIDUP_CONCURRENCY_DOCS sets the invoices (and payments) in all; the
// PostgreSQL run of `make bench` uses 10,000 of each.
func TestConcurrentDesks(t *testing.T) {
	const desks = 8
	total := 400
	if n, err := strconv.Atoi(os.Getenv("PAIDUP_CONCURRENCY_DOCS")); err == nil && n > 0 {
		total = n
	}
	if testing.Short() {
		total = 80
	}
	ctx := context.Background()
	first := newTestStore(t)
	// Few customers: the desks pay the same invoices oldest first, so
	// payments race for the same open amounts.
	for i := range 4 {
		mustCustomer(t, first, fmt.Sprintf("C%d", i), "EUR")
	}
	stores := []*Store{first}
	for range desks - 1 {
		s, err := Open(ctx, first.path)
		if first.dialect == postgresDialect {
			s, err = Open(ctx, testURLOf(t, first))
		}
		if err != nil {
			t.Fatal(err)
		}
		s.Now = first.Now
		t.Cleanup(func() { s.Close() })
		stores = append(stores, s)
	}
	var wg sync.WaitGroup
	errs := make(chan error, desks)
	for d, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := d; i < total; i += desks {
				code := fmt.Sprintf("C%d", i%4)
				if _, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: code, Date: day("2026-03-01"),
					Lines: []Line{line(1, 10000, 0)}}); err != nil {
					errs <- fmt.Errorf("desk %d invoice %d: %w", d, i, err)
					return
				}
				// 60.00 against invoices of 100.00, oldest first: every
				// payment splits across two invoices half the time.
				if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: code, Date: day("2026-03-02"),
					Amount: NewMoney(6000, "EUR")}); err != nil {
					errs <- fmt.Errorf("desk %d payment %d: %w", d, i, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	for _, kind := range []Kind{KindInvoice, KindPayment} {
		n, err := first.CountDocuments(ctx, DocumentFilter{Kind: kind})
		if err != nil {
			t.Fatal(err)
		}
		if n != total {
			t.Fatalf("%d %s documents, want %d", n, kind, total)
		}
		seen := map[string]bool{}
		for off := 0; off < n; off += 1000 {
			rows, err := first.FindDocuments(ctx, DocumentFilter{Kind: kind, Sort: SortNumber, Offset: off, Limit: 1000})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range rows {
				if seen[r.Number] {
					t.Fatalf("%s %s twice", kind, r.Number)
				}
				seen[r.Number] = true
			}
		}
		prefix := map[Kind]string{KindInvoice: "INV-", KindPayment: "PAY-"}[kind]
		for i := 1; i <= total; i++ {
			if num := fmt.Sprintf("%s%06d", prefix, i); !seen[num] {
				t.Fatalf("number %s is missing: numbering has a gap", num)
			}
		}
	}
	rep := mustCheck(t, first)
	// 100.00 issued and 60.00 paid per pair: 40.00 open each, nothing over-applied.
	if want := int64(total) * 4000; rep.Receivable["EUR"] != want {
		t.Fatalf("receivable %d, want %d", rep.Receivable["EUR"], want)
	}
}

// testURLOf is the URL another desk opens a test's PostgreSQL ledger with.
func testURLOf(t testing.TB, s *Store) string {
	t.Helper()
	if s.dialect != postgresDialect {
		return s.path
	}
	return s.url
}
