package reports

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"paidup/demo"
	"paidup/ledger"
)

// BenchmarkInvoicePDF renders the golden invoice (logo, three lines, two
// tax rates, EPC QR code) from data already read: the layout cost alone.
// docs/DESIGN.md's target is under 5 ms.
func BenchmarkInvoicePDF(b *testing.B) {
	fx := newFixture(b)
	inv := fx.mullerInvoice(b)
	data, err := LoadInvoice(fx.ctx, fx.st, inv.Number)
	if err != nil {
		b.Fatal(err)
	}
	r, err := LoadRenderer(fx.ctx, fx.st)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for b.Loop() {
		buf.Reset()
		if err := r.Invoice(&buf, data); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KB/pdf")
}

// BenchmarkInvoicePDFWithLoad adds reading the invoice and its payments
// from the ledger, as 'paidup invoice pdf' does.
func BenchmarkInvoicePDFWithLoad(b *testing.B) {
	fx := newFixture(b)
	inv := fx.mullerInvoice(b)
	r, err := LoadRenderer(fx.ctx, fx.st)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	for b.Loop() {
		data, err := LoadInvoice(fx.ctx, fx.st, inv.Number)
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		if err := r.Invoice(&buf, data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStatementsAll prints an open-item statement for every customer
// of a demo ledger (4,000 invoices, 400 customers) on every core, as
// 'paidup statement --all' does: read each customer's open items, lay out,
// compress. It reports the cost per statement.
func BenchmarkStatementsAll(b *testing.B) {
	for _, kind := range []StatementKind{OpenItem, Activity} {
		b.Run(string(kind), func(b *testing.B) {
			ctx := context.Background()
			st, err := ledger.Open(ctx, filepath.Join(b.TempDir(), "demo.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer st.Close()
			asOf := day("2026-03-31")
			if _, err := demo.Fill(ctx, st, demo.Options{Invoices: 4000, Customers: 400, Seed: 1, AsOf: asOf}); err != nil {
				b.Fatal(err)
			}
			r, err := LoadRenderer(ctx, st)
			if err != nil {
				b.Fatal(err)
			}
			o := StatementOptions{Kind: kind, From: day("2026-01-01"), To: asOf, Edges: ledger.DefaultEdges}
			var n int
			for b.Loop() {
				codes, err := st.CustomersOpenAsOf(ctx, asOf)
				if err != nil {
					b.Fatal(err)
				}
				n = len(codes)
				jobs := make(chan string)
				var wg sync.WaitGroup
				for range runtime.NumCPU() {
					wg.Add(1)
					go func() {
						defer wg.Done()
						var buf bytes.Buffer
						for code := range jobs {
							sd, err := LoadStatement(ctx, st, code, o)
							if err != nil {
								b.Error(err)
								continue
							}
							buf.Reset()
							if err := r.Statement(&buf, sd); err != nil {
								b.Error(err)
							}
						}
					}()
				}
				for _, c := range codes {
					jobs <- c
				}
				close(jobs)
				wg.Wait()
			}
			b.ReportMetric(float64(b.Elapsed())/float64(time.Millisecond)/float64(b.N)/float64(n), "ms/statement")
			b.ReportMetric(float64(n), "statements")
		})
	}
}

// BenchmarkDossier reads and lays out one customer's collections dossier
// on the large ledger (PAIDUP_BENCH_DB, which make bench sets); the
// target is under 100 ms.
func BenchmarkDossier(b *testing.B) {
	path := os.Getenv("PAIDUP_BENCH_DB")
	if path == "" {
		b.Fatal("set PAIDUP_BENCH_DB to a large demo ledger (make bench does)")
	}
	ctx := context.Background()
	st, err := ledger.Open(ctx, path)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	r, err := LoadRenderer(ctx, st)
	if err != nil {
		b.Fatal(err)
	}
	asOf := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	for b.Loop() {
		dd, err := LoadDossier(ctx, st, "C00003", asOf)
		if err != nil {
			b.Fatal(err)
		}
		buf.Reset()
		if err := r.Dossier(&buf, dd); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len())/1024, "KB/pdf")
}
