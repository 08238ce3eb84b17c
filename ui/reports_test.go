package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// The aging is a table: a row per customer, each currency's total after
// its customers, sorted by a column when its header is tapped, and a
// customer's row opens the customer.
func TestReportsAgingTable(t *testing.T) {
	m, h, _ := openDemo(t, "reports")
	s := m.reports()
	h.settle(t)
	if s.aging == nil {
		t.Fatal("a small ledger's aging is not shown on opening Reports")
	}
	tb := s.table
	if got, want := len(tb.rows), func() int {
		n := 0
		for _, sec := range s.aging.Sections {
			n += len(sec.Lines) + 1
		}
		return n
	}(); got != want {
		t.Fatalf("%d rows, want %d (customers and a total per currency)", got, want)
	}
	last := tb.rows[len(tb.rows)-1]
	if !last.total || tb.cell(last, agingColCode) != "TOTAL" {
		t.Errorf("the last row is %+v, not a total", last)
	}
	if !strings.Contains(s.status.Text, "2026-03-31") {
		t.Errorf("status %q", s.status.Text)
	}

	// Tap Total: largest first within each currency, the total last.
	totalCol := tb.columns() - 1
	tb.sortBy(totalCol)
	for i := 1; i < len(tb.rows); i++ {
		a, b := tb.rows[i-1], tb.rows[i]
		if !a.total && !b.total && a.line.Currency == b.line.Currency && a.line.Total < b.line.Total {
			t.Fatalf("rows %d and %d not largest first: %d < %d", i-1, i, a.line.Total, b.line.Total)
		}
	}
	if h := tb.text(); !strings.Contains(strings.SplitN(h, "\n", 2)[0], "Total ▼") {
		t.Errorf("the header does not show the order: %q", strings.SplitN(h, "\n", 2)[0])
	}
	tb.sortBy(totalCol) // again: smallest first
	for i := 1; i < len(tb.rows); i++ {
		a, b := tb.rows[i-1], tb.rows[i]
		if !a.total && !b.total && a.line.Currency == b.line.Currency && a.line.Total > b.line.Total {
			t.Fatalf("a second tap: rows %d and %d not smallest first", i-1, i)
		}
	}

	// A customer's row opens the customer.
	code := tb.rows[0].line.CustomerCode
	tb.table.Select(widget.TableCellID{Row: 0, Col: agingColName})
	h.settle(t)
	if m.tabs.Selected().Text != "Customers" || m.customers.detail.code != code {
		t.Errorf("tapping %s shows %q with customer %q", code, m.tabs.Selected().Text, m.customers.detail.code)
	}
	// An amount opens the customer's open invoices behind it.
	m.show("reports")
	h.settle(t)
	row := slices.IndexFunc(tb.rows, func(r agingRow) bool { return !r.total && r.line.Buckets[0] > 0 })
	code = tb.rows[row].line.CustomerCode
	tb.table.Select(widget.TableCellID{Row: row, Col: agingColBuckets})
	h.settle(t)
	inv := m.built["invoices"].(*invoicesScreen)
	if m.tabs.Selected().Text != "Invoices" || inv.filter.Customer != code || !inv.filter.Open {
		t.Errorf("tapping %s's total lists %+v on %q", code, inv.filter, m.tabs.Selected().Text)
	}
	if r, ok := inv.rows.row(0); !ok || r.CustomerCode != code || !r.Open.IsPositive() {
		t.Errorf("first invoice behind the total: %+v (%q)", r, inv.count.Text)
	}
}

// On a large ledger the aging and the reminders' preview wait to be asked
// for; the aging then runs in the background with a progress bar and
// Cancel.
func TestReportsLargeLedgerWaits(t *testing.T) {
	m, h, st := openLedger(t, "customers")
	ctx := context.Background()
	for i := range autoAgingCustomers + 1 {
		if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "C" + group(i+100000), Name: "Customer", Currency: "EUR", TermsDays: 30}); err != nil {
			t.Fatal(err)
		}
	}
	// Reminders: the preview (every email written out) waits too.
	rem := m.show("reminders").(*remindersScreen)
	h.settle(t)
	if rem.plan != nil || !strings.Contains(rem.summary.Text, "press Preview") {
		t.Errorf("on a large ledger the reminders were planned unasked (%q)", rem.summary.Text)
	}
	rem.onPreview()
	h.settle(t)
	if rem.plan == nil {
		t.Error("Preview planned nothing")
	}

	s := m.reports()
	h.settle(t)
	if s.aging != nil || !strings.Contains(s.status.Text, "press Show aging") {
		t.Fatalf("on a large ledger the aging ran unasked (status %q)", s.status.Text)
	}
	s.onRun()
	if !s.progress.Visible() || !s.cancelBtn.Visible() {
		t.Error("no progress or Cancel while computing")
	}
	test.Tap(s.cancelBtn)
	h.settle(t)
	if s.aging != nil || s.progress.Visible() || !strings.Contains(s.status.Text, "Cancelled") {
		t.Errorf("after Cancel: aging %v, status %q", s.aging != nil, s.status.Text)
	}
	s.onRun()
	h.settle(t)
	if s.aging == nil || s.progress.Visible() {
		t.Errorf("Show aging showed nothing (status %q)", s.status.Text)
	}
	// Shown again, it is not computed again unasked.
	s.aging = nil
	m.show("customers")
	m.show("reports")
	h.settle(t)
	if s.aging != nil {
		t.Error("a large ledger's aging ran again when the screen was shown again")
	}
}
