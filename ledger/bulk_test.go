package ledger_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"paidup/demo"
	"paidup/ledger"
)

func init() {
	ledger.FillDemo = func(ctx context.Context, s *ledger.Store, customers, invoices int, seed uint64, asOf time.Time) error {
		_, err := demo.Fill(ctx, s, demo.Options{Customers: customers, Invoices: invoices, Seed: seed, AsOf: asOf})
		return err
	}
}

// TestBulkWriterMatchesRealPaths builds the demo through the bulk writer
// and through the ledger's own transaction paths (BulkOptions.RealPaths)
// and wants the same file, row for row: the bulk writer stands in for
// t.issueInvoice, t.recordPayment, t.issueCreditNote, t.writeOff and
// t.void, so a change to them that it does not follow shows here.
func TestBulkWriterMatchesRealPaths(t *testing.T) {
	ledger.SQLiteOnly(t) // the multi-row writer it holds to the real path is SQLite's
	ctx := context.Background()
	day := ledger.TestDay
	for _, o := range []demo.Options{
		{Invoices: 4000, Seed: 1, AsOf: day("2026-03-31")},
		{Invoices: 2500, Customers: 7, Seed: 42, AsOf: day("2025-11-16")},
		{Invoices: 30, Seed: 3, AsOf: day("2026-01-04")},
		// An invoice of the last day that would be voided that day: the
		// void waits for a day that never comes, and the demo's fate must
		// know it.
		{Invoices: 1500, Customers: 40, Seed: 66, AsOf: day("2026-03-31")},
	} {
		t.Run(fmt.Sprintf("seed%d", o.Seed), func(t *testing.T) {
			paths, writer := ledger.NewTestStore(t), ledger.NewTestStore(t)
			o.RealPaths = true
			rp, err := demo.Fill(ctx, paths, o)
			if err != nil {
				t.Fatal(err)
			}
			o.RealPaths = false
			rw, err := demo.Fill(ctx, writer, o)
			if err != nil {
				t.Fatal(err)
			}
			if rp != rw {
				t.Fatalf("real paths %+v, writer %+v", rp, rw)
			}
			for _, q := range []string{
				`SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name`,
				`SELECT * FROM settings ORDER BY key`,
				`SELECT * FROM sequences ORDER BY kind`,
				`SELECT * FROM customers ORDER BY id`,
				`SELECT * FROM documents ORDER BY id`,
				`SELECT * FROM document_lines ORDER BY document_id, line_no`,
				`SELECT * FROM journal_entries ORDER BY id`,
				`SELECT * FROM postings ORDER BY entry_id, line`,
				`SELECT * FROM allocations ORDER BY id`,
			} {
				a := ledger.SameRows(t, paths, writer, q)
				if len(a) == 0 && !strings.Contains(q, "settings") {
					t.Fatalf("%s: no rows", q)
				}
			}
			ledger.MustCheck(t, writer)
			if fk := ledger.DumpRows(t, writer, `PRAGMA foreign_key_check`); len(fk) != 0 {
				t.Fatalf("foreign keys: %v", fk)
			}
			// The writer's connection checks foreign keys again.
			var on int
			if err := ledger.WriterOf(writer).QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&on); err != nil || on != 1 {
				t.Fatalf("foreign_keys %d, %v", on, err)
			}
		})
	}
}

// The bulk writer refuses what it cannot write as the real paths would,
// and a row it wrote that does not end as it said fails the whole write.
func TestBulkWriterRefuses(t *testing.T) {
	ctx := context.Background()
	day := ledger.TestDay
	for name, tc := range map[string]struct {
		fn   func(w *ledger.BulkWriter, inv *ledger.BulkInvoice) error
		want string
	}{
		"void with allocations": {func(w *ledger.BulkWriter, inv *ledger.BulkInvoice) error {
			if err := w.RecordPayment(ledger.PaymentInput{CustomerCode: "ACME", Number: "PAY-1", Date: day("2026-01-10"), Amount: ledger.NewMoney(100, "USD"),
				Apply: []ledger.AllocationInput{{InvoiceNumber: "INV-1", Amount: ledger.NewMoney(100, "USD")}}}); err != nil {
				return err
			}
			return w.Void("INV-1", day("2026-01-11"), "wrong")
		}, "allocations in force"},
		"payment applied to no invoice named": {func(w *ledger.BulkWriter, inv *ledger.BulkInvoice) error {
			return w.RecordPayment(ledger.PaymentInput{CustomerCode: "ACME", Number: "PAY-1", Date: day("2026-01-10"), Amount: ledger.NewMoney(100, "USD")})
		}, "only to invoices named"},
		"no number": {func(w *ledger.BulkWriter, inv *ledger.BulkInvoice) error {
			return w.WriteOff("INV-1", "", day("2026-01-10"), ledger.Money{}, "gone")
		}, "give its number"},
		"an end not reached": {func(w *ledger.BulkWriter, inv *ledger.BulkInvoice) error {
			return nil // the invoice was said to end paid
		}, "not as its row says"},
	} {
		t.Run(name, func(t *testing.T) {
			s := ledger.NewTestStore(t)
			err := s.Bulk(ctx, ledger.BulkOptions{}, func(w *ledger.BulkWriter) error {
				if err := w.CreateCustomer(&ledger.Customer{Code: "ACME", Name: "Acme", Currency: "USD", TermsDays: 30}); err != nil {
					return err
				}
				inv, err := w.PlanInvoice(&ledger.InvoiceInput{CustomerCode: "ACME", Number: "INV-1", Date: day("2026-01-05"),
					Lines: []ledger.Line{{Description: "Work", Quantity: ledger.D4(1), UnitPrice: 1000}}})
				if err != nil {
					return err
				}
				end := inv.State()
				if name == "an end not reached" {
					if err := end.Apply(end.Open(), day("2026-02-01")); err != nil {
						return err
					}
				}
				if err := w.IssueInvoice(inv, end); err != nil {
					return err
				}
				return tc.fn(w, inv)
			})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
			if n, err := s.CountDocuments(ctx, ledger.DocumentFilter{}); err != nil || n != 0 {
				t.Fatalf("%d documents written, %v", n, err)
			}
		})
	}
}
