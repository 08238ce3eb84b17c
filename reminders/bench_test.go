package reminders

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"paidup/ledger"
	"paidup/reminders/mailpittest"
)

// bulkLedger writes a closed ledger file with n customers, one overdue
// invoice each: every fifth 30 days late (the firm step, statement
// attached), the others 8 days late. CSV import keeps it quick.
func bulkLedger(b testing.TB, path string, n int) {
	b.Helper()
	ctx := context.Background()
	s, err := ledger.Open(ctx, path)
	must(b, err)
	defer s.Close()
	var cust, inv strings.Builder
	cust.WriteString("code,name,email,currency,terms_days,credit_limit\n")
	inv.WriteString("number,customer_code,issue_date,due_date,amount,currency,description\n")
	for i := 1; i <= n; i++ {
		due := "2026-03-23"
		if i%5 == 0 {
			due = "2026-03-01"
		}
		fmt.Fprintf(&cust, "C%05d,Customer %05d GmbH,c%05d@example.com,EUR,30,0\n", i, i, i)
		fmt.Fprintf(&inv, "INV-%06d,C%05d,%s,%s,%d.%02d,EUR,Design work for campaign %d\n",
			i, i, day(due).AddDate(0, 0, -30).Format(ledger.DateLayout), due, 100+i, i%100, i)
	}
	_, err = s.ImportCustomers(ctx, strings.NewReader(cust.String()), "customers.csv", ledger.ImportOptions{})
	must(b, err)
	_, err = s.ImportInvoices(ctx, strings.NewReader(inv.String()), "invoices.csv", ledger.ImportOptions{})
	must(b, err)
	for k, v := range map[string]string{"business.name": "Nordlicht Design Studio", "business.email": "accounts@nordlicht.example",
		"business.address": "Hafenstraße 12\n20457 Hamburg", "payment.iban": "DE89370400440532013000", "payment.bic": "HASPDEHHXXX",
		"smtp.host": "127.0.0.1", "smtp.security": "none"} {
		must(b, s.ChangeSetting(ctx, k, v))
	}
}

func copyFile(b testing.TB, from, to string) {
	b.Helper()
	in, err := os.Open(from)
	must(b, err)
	defer in.Close()
	out, err := os.Create(to)
	must(b, err)
	_, err = io.Copy(out, in)
	must(b, err)
	must(b, out.Close())
}

// BenchmarkSend1000 is docs/DESIGN.md's target, 1,000 reminders to a local
// SMTP server in under 30 s: each iteration is a whole `remind --send`
// on a fresh copy of a 1,000-customer ledger — plan and write the outbox
// in one transaction, render every invoice PDF (and 200 statements) with
// package reports, and send over one connection to mailpit.
//
//	go test ./reminders/ -run '^$' -bench Send1000 -benchtime 1x
//
// PAIDUP_BENCH_TINY_PDF=1 attaches tiny PDFs instead, to time all but the drawing.
func BenchmarkSend1000(b *testing.B) {
	const n = 1000
	ctx := context.Background()
	srv := mailpittest.Start(b, mailpittest.Options{})
	dir := b.TempDir()
	tmpl := filepath.Join(dir, "template.db")
	bulkLedger(b, tmpl, n)
	i := 0
	var sent int
	start := time.Now()
	for b.Loop() {
		i++
		path := filepath.Join(dir, fmt.Sprintf("run%d.db", i))
		copyFile(b, tmpl, path)
		s, err := ledger.Open(ctx, path)
		must(b, err)
		s.Now = func() time.Time { return testNow }
		must(b, s.ChangeSetting(ctx, "smtp.port", fmt.Sprint(srv.SMTPPort)))
		cfg, err := LoadConfig(ctx, s)
		must(b, err)
		m, err := NewSMTPMailer(cfg.SMTP)
		must(b, err)
		pdfs, err := NewReportsRenderer(ctx, s)
		must(b, err)
		r := &Runner{Store: s, Config: cfg, Mailer: m, Renderer: pdfs}
		if os.Getenv("PAIDUP_BENCH_TINY_PDF") != "" {
			r.Renderer = &fakeRenderer{} // to time all but the drawing
		}
		_, ids, err := r.Queue(ctx, day("2026-03-31"))
		must(b, err)
		rep, err := r.Send(ctx)
		must(b, err)
		if len(ids) != n || rep.Sent != n {
			b.Fatalf("queued %d, report %+v", len(ids), rep)
		}
		sent += rep.Sent
		must(b, m.Close())
		must(b, s.Close())
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(sent)/elapsed.Seconds(), "msgs/s")
	b.ReportMetric(elapsed.Seconds()/float64(i), "s/run")
}
