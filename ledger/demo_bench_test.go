package ledger

import (
	"context"
	"testing"
)

// BenchmarkDemo100k builds a 100,000-invoice demo ledger: the demo's own
// speed (paidup demo --invoices 1000000 should stay under a minute).
func BenchmarkDemo100k(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		s := newTestStore(b)
		b.StartTimer()
		if _, err := s.Demo(context.Background(), DemoOptions{Invoices: 100000, Seed: 1, AsOf: day("2026-03-31")}); err != nil {
			b.Fatal(err)
		}
	}
}
