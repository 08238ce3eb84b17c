package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"paidup/ledger"
)

// A credit note from the window with lines at two rates, crediting a
// chosen invoice whose lines it copies and then changes: the totals show
// as typed, the confirmation says what will be posted, and the ledger
// gets exactly that, settling the chosen invoice (not the oldest).
func TestCreditNoteForm(t *testing.T) {
	m, h, st := openLedger(t, "customers")
	ctx := context.Background()
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "NGUYEN", Name: "Thương mại Nguyễn Đức", Currency: "EUR", TermsDays: 14}); err != nil {
		t.Fatal(err)
	}
	old, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "NGUYEN", Date: flowDay.AddDate(0, -2, 0),
		Lines: []ledger.Line{{Description: "Old work", Quantity: ledger.D4(1), UnitPrice: 5000}}})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "NGUYEN", Date: flowDay.AddDate(0, 0, -5), Lines: []ledger.Line{
		{Description: "Thiết kế logo", Quantity: ledger.D4(2), UnitPrice: 30000, TaxRate: ledger.D4(19)},
		{Description: "Sách in", Quantity: ledger.D4(10), UnitPrice: 1500, TaxRate: ledger.D4(7)}}})
	if err != nil {
		t.Fatal(err)
	}
	p := m.payments()
	p.newPayment("NGUYEN")
	h.settle(t)
	tapIn(t, m.win.Content(), "Credit note…")
	h.settle(t)
	f := p.creditNote
	if f == nil {
		t.Fatal("no credit note form")
	}
	// Nothing typed: it says what is missing, and posts nothing.
	test.Tap(f.issue)
	h.settle(t)
	if !strings.Contains(f.problem.Text, "at least one line") {
		t.Errorf("empty form says %q", f.problem.Text)
	}
	var choice string
	for _, c := range f.target.Options {
		if strings.HasPrefix(c, inv.Number+" ") {
			choice = c
		}
	}
	if choice == "" || f.copyLines.Disabled() != true {
		t.Fatalf("choices %q; copy enabled before an invoice is chosen: %v", f.target.Options, !f.copyLines.Disabled())
	}
	f.target.SetSelected(choice)
	test.Tap(f.copyLines)
	h.settle(t)
	if len(f.rows) != 2 || f.rows[0].desc.Text != "Thiết kế logo" || f.rows[1].tax.Text != "7" || f.reference.Text != "Credit for "+inv.Number {
		t.Fatalf("copied lines: %d rows, first %q, reference %q", len(f.rows), f.rows[0].desc.Text, f.reference.Text)
	}
	f.rows[0].qty.SetText("1") // one of the two logos is credited
	if want := "Net 450.00 EUR   Tax 67.50 EUR   Total credited 517.50 EUR"; f.totals.Text != want {
		t.Errorf("totals %q, want %q", f.totals.Text, want)
	}
	test.Tap(f.issue)
	h.settle(t)
	if !says(t, m, "Issue a credit note of 517.50 EUR to NGUYEN") || !says(t, m, "It settles "+inv.Number+" first") {
		t.Fatalf("confirmation says %q", overlayTexts(m))
	}
	tapIn(t, topDialog(t, m), "Yes")
	h.settle(t)
	if !strings.Contains(p.result.Text, "Issued CN-000001 for 517.50 EUR; 0.00 EUR unapplied.") {
		t.Errorf("result %q", p.result.Text)
	}
	cn, err := st.Document(ctx, "CN-000001")
	if err != nil || len(cn.Lines) != 2 || cn.Total != ledger.NewMoney(51750, "EUR") || cn.Reference != "Credit for "+inv.Number {
		t.Fatalf("credit note %+v (%v)", cn, err)
	}
	for number, want := range map[string]int64{inv.Number: 87450 - 51750, old.Number: 5000} {
		if d, err := st.Document(ctx, number); err != nil || d.Open.Minor != want {
			t.Errorf("%s open %v, want %d (%v)", number, d.Open, want, err)
		}
	}

	// From the invoice itself: Credit note… has it chosen and its line
	// copied; crediting it whole closes it.
	s := m.invoices()
	h.settle(t)
	s.open(old.ID, old.Status)
	h.settle(t)
	tapIn(t, s.view.box, "Credit note…")
	h.settle(t)
	f = s.view.creditForm
	if f == nil || !strings.HasPrefix(f.target.Selected, old.Number+" ") || len(f.rows) != 1 || f.rows[0].desc.Text != "Old work" {
		t.Fatalf("credit note of %s: form %+v", old.Number, f)
	}
	test.Tap(f.issue)
	h.settle(t)
	tapIn(t, topDialog(t, m), "Yes")
	h.settle(t)
	if d, err := st.Document(ctx, old.Number); err != nil || !d.Open.IsZero() {
		t.Errorf("%s after its credit note: open %v (%v)", old.Number, d.Open, err)
	}
	if !s.view.credit.Disabled() {
		t.Error("a credited invoice still offers a credit note")
	}
}
