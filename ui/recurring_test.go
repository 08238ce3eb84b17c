package ui

import (
	"context"
	"strings"
	"testing"

	"paidup/ledger"
)

// A recurring invoice made in the window, refused first with the reason
// under the form, then issued by "Issue what is due": each period once.
func TestRecurringScreen(t *testing.T) {
	m, h, st := openLedger(t, "recurring")
	ctx := context.Background()
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "NGUYEN", Name: "Thương mại Nguyễn Đức", Currency: "EUR", TermsDays: 14}); err != nil {
		t.Fatal(err)
	}
	s := m.built["recurring"].(*recurringScreen)
	s.onNew()
	f := s.form
	f.name.SetText("Hosting")
	f.customer.SetText("NOBODY")
	f.start.SetText("2026-01-31")
	f.lines[0][0].SetText("Hosting")
	f.lines[0][1].SetText("1")
	f.lines[0][2].SetText("49.00")
	f.lines[0][3].SetText("20")
	tapIn(t, topDialog(t, m), "Make it")
	h.settle(t)
	if !strings.Contains(f.problem.Text, "NOBODY") || len(s.rows) != 0 {
		t.Fatalf("unknown customer: %q, %d rows", f.problem.Text, len(s.rows))
	}
	f.customer.SetText("NGUYEN")
	tapIn(t, topDialog(t, m), "Make it")
	h.settle(t)
	if f.problem.Text != "" || len(s.rows) != 1 || s.rows[0].Name != "Hosting" {
		t.Fatalf("made: %q, rows %+v", f.problem.Text, s.rows)
	}
	// flowDay is 2026-03-31: January, February and March fall due.
	s.issueDue(false)
	h.settle(t)
	if !strings.Contains(s.status.Text, "issued 3 invoice(s)") || !strings.Contains(s.status.Text, "dated 2026-02-28") {
		t.Fatalf("status %q", s.status.Text)
	}
	s.issueDue(false)
	h.settle(t)
	if s.status.Text != "Nothing has fallen due." {
		t.Fatalf("second run: %q", s.status.Text)
	}
	if n, err := st.CountDocuments(ctx, ledger.DocumentFilter{Kind: ledger.KindInvoice}); err != nil || n != 3 {
		t.Fatalf("%d invoices (%v)", n, err)
	}
	s.list.Select(0)
	tapIn(t, s.actions, "Pause")
	h.settle(t)
	if s.rows[0].Status != ledger.RecurringPaused {
		t.Fatalf("status after Pause: %s", s.rows[0].Status)
	}
}
