package demo

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"paidup/ledger"
)

func day(s string) time.Time {
	d, err := ledger.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func newStore(t testing.TB) *ledger.Store {
	t.Helper()
	s, err := ledger.Open(context.Background(), filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Now = func() time.Time { return time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { s.Close() })
	return s
}

func mustCheck(t *testing.T, s *ledger.Store) *ledger.CheckReport {
	t.Helper()
	rep, err := s.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("problems: %q", rep.Problems)
	}
	return rep
}

func TestDemoIsSoundAndDeterministic(t *testing.T) {
	ctx := context.Background()
	opts := Options{Invoices: 3000, Seed: 7, AsOf: day("2026-03-31")}
	a, b := newStore(t), newStore(t)
	ra, err := Fill(ctx, a, opts)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := Fill(ctx, b, opts)
	if err != nil {
		t.Fatal(err)
	}
	if ra != rb {
		t.Fatalf("same seed, different ledgers: %+v %+v", ra, rb)
	}
	if ra.Invoices < 2900 || ra.Invoices > 3100 || ra.CreditNotes == 0 || ra.WriteOffs == 0 || ra.Voids == 0 {
		t.Fatalf("demo too thin: %+v", ra)
	}
	repA, repB := mustCheck(t, a), mustCheck(t, b)
	if len(repA.Receivable) != 3 {
		t.Fatalf("currencies %v", repA.Receivable)
	}
	for cur, v := range repA.Receivable {
		if repB.Receivable[cur] != v || repA.Credits[cur] != repB.Credits[cur] {
			t.Fatalf("%s differs", cur)
		}
		if v <= 0 {
			t.Fatalf("nothing open in %s", cur)
		}
	}
	// Open items in every aging bucket as of the demo date, partial
	// payments and unapplied credits.
	buckets := make([]int, len(ledger.DefaultEdges)+2)
	var partial, credits int
	err = a.AgingDetail(ctx, ledger.AgingOptions{AsOf: opts.AsOf}, func(it ledger.AgingItem) error {
		switch {
		case it.Bucket < 0:
			if it.Kind == ledger.KindPayment {
				credits++
			}
		default:
			buckets[it.Bucket]++
			if it.Open < it.Original {
				partial++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for i, n := range buckets {
		if n == 0 {
			t.Fatalf("no open item in bucket %d: %v", i, buckets)
		}
	}
	if partial == 0 || credits == 0 {
		t.Fatalf("partial %d credits %d", partial, credits)
	}
	if _, err := Fill(ctx, a, opts); ledger.ErrorCode(err) != ledger.ECONFLICT {
		t.Fatalf("demo over a full ledger: %v", err)
	}
}

// BenchmarkDemo100k builds a 100,000-invoice demo ledger: the demo's own
// speed (paidup demo --invoices 1000000 should stay under a minute).
func BenchmarkDemo100k(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		s := newStore(b)
		b.StartTimer()
		if _, err := Fill(context.Background(), s, Options{Invoices: 100000, Seed: 1, AsOf: day("2026-03-31")}); err != nil {
			b.Fatal(err)
		}
	}
}
