package ui

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	paidapp "paidup/app"
	"paidup/ledger"
)

// The window's accountant's export writes what the command line writes:
// the file names it offers, and Xero's payments beside its invoices.
func TestAccountingExportFromWindow(t *testing.T) {
	m, h, st := openLedger(t, "reports")
	ctx := context.Background()
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "NGUYEN", Name: "Thương mại Nguyễn Đức", Currency: "EUR", TermsDays: 14}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "NGUYEN", Date: flowDay.AddDate(0, -1, 0),
		Lines: []ledger.Line{{Description: "Design", Quantity: ledger.D4(1), UnitPrice: 9000}}}); err != nil {
		t.Fatal(err)
	}
	h.settle(t)
	s := m.built["reports"].(*reportsScreen)
	p := ledger.ExportPeriod{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}
	dir := t.TempDir()
	for _, tc := range []struct {
		format, file, want string
	}{
		{exportJournal, "Journal 2026-01-01 to 2026-03-31.csv", "invoice INV-000001"},
		{exportIIF, "IIF 2026-01-01 to 2026-03-31.iif", "!TRNS\tTRNSID\tTRNSTYPE"},
		{exportXero, "Xero invoices 2026-01-01 to 2026-03-31.csv", "*ContactName"},
	} {
		r := accountingRequest{format: tc.format, period: p}
		if r.fileName() != tc.file {
			t.Fatalf("%s: file %q", tc.format, r.fileName())
		}
		var buf bytes.Buffer
		path := filepath.Join(dir, tc.file)
		said, err := writeAccounting(ctx, s.l, &buf, path, r)
		if err != nil || !strings.Contains(buf.String(), tc.want) {
			t.Fatalf("%s: %v, %q:\n%s", tc.format, err, said, buf.String())
		}
	}
	if b, err := os.ReadFile(filepath.Join(dir, "Xero payments 2026-01-01 to 2026-03-31.csv")); err != nil || !strings.HasPrefix(string(b), "*Date,*Amount") {
		t.Fatalf("Xero payments: %v %q", err, b)
	}
	// DATEV without its numbers says what to set.
	_, err := writeAccounting(ctx, s.l, &bytes.Buffer{}, filepath.Join(dir, "d.csv"), accountingRequest{format: exportDATEV, period: p})
	if err == nil || !strings.Contains(err.Error(), "datev.consultant") {
		t.Fatalf("DATEV without numbers: %v", err)
	}
	var _ accountingLedger = (*paidapp.App)(nil)
}
