package ui

import (
	"context"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// draftFor opens the editor on a new draft for ACME with one line.
func draftFor(t *testing.T) (*mainWindow, *harness, *ledger.Store, *invoiceEditor) {
	t.Helper()
	m, h, st := openLedger(t, "customers")
	if _, err := st.CreateCustomer(context.Background(), ledger.Customer{Code: "ACME", Name: "Acme Trading", Currency: "USD", TermsDays: 30}); err != nil {
		t.Fatal(err)
	}
	inv := m.invoices()
	h.settle(t)
	inv.newDraft("ACME")
	h.settle(t)
	e := inv.editor
	e.rows[0].desc.SetText("Design")
	e.rows[0].price.SetText("150.00")
	e.rows[0].taxRate.SetText("20")
	return m, h, st, e
}

func countDocs(t *testing.T, st *ledger.Store, f ledger.DocumentFilter) int {
	t.Helper()
	n, err := st.CountDocuments(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// escape presses Escape as the driver delivers it: to the focused field
// if one has the keyboard, else to the window.
func escape(m *mainWindow) {
	ev := &fyne.KeyEvent{Name: fyne.KeyEscape}
	if f := m.win.Canvas().Focused(); f != nil {
		f.TypedKey(ev)
		return
	}
	m.win.Canvas().OnTypedKey()(ev)
}

// Issue asks first, showing what it will post; Escape or Cancel posts
// nothing.
func TestIssueConfirms(t *testing.T) {
	m, h, st, e := draftFor(t)
	test.Tap(e.issue)
	h.settle(t)
	if !says(t, m, "Dr 1100 Accounts receivable") || !says(t, m, "180.00 USD") || !says(t, m, "Cr 2200 Sales tax payable") ||
		!says(t, m, "Acme Trading") {
		t.Errorf("the confirmation says %q", shownIn(topDialog(t, m)))
	}
	if n := countDocs(t, st, ledger.DocumentFilter{Kind: ledger.KindInvoice, Status: ledger.StatusIssued}); n != 0 {
		t.Fatalf("%d invoices issued before the user agreed", n)
	}
	escape(m)
	h.settle(t)
	if m.win.Canvas().Overlays().Top() != nil {
		t.Fatal("Escape did not close the confirmation")
	}
	if n := countDocs(t, st, ledger.DocumentFilter{Kind: ledger.KindInvoice, Status: ledger.StatusIssued}); n != 0 {
		t.Fatal("Escape issued the invoice")
	}
	test.Tap(e.issue)
	h.settle(t) // the credit check comes first
	tapIn(t, topDialog(t, m), "Issue")
	h.settle(t)
	if n := countDocs(t, st, ledger.DocumentFilter{Kind: ledger.KindInvoice, Status: ledger.StatusIssued}); n != 1 {
		t.Fatalf("%d invoices issued after Issue", n)
	}
}

// Leaving the editor with changes asks: Cancel stays, Save draft saves
// and leaves, Leave without saving leaves; without changes it just goes.
func TestUnsavedDraftPrompt(t *testing.T) {
	m, h, st, e := draftFor(t)
	inv := m.invoices()
	tapIn(t, e.box, "Invoices")
	h.settle(t)
	if !says(t, m, "not saved") || !e.box.Visible() {
		t.Fatal("leaving a changed draft did not ask")
	}
	tapIn(t, topDialog(t, m), "Cancel")
	if !e.box.Visible() || e.rows[0].desc.Text != "Design" {
		t.Fatal("Cancel left the editor")
	}
	tapIn(t, e.box, "Invoices")
	tapIn(t, topDialog(t, m), "Save draft")
	h.settle(t)
	if e.box.Visible() || !inv.list.Visible() {
		t.Error("Save draft did not go back to the list")
	}
	if n := countDocs(t, st, ledger.DocumentFilter{Status: ledger.StatusDraft}); n != 1 {
		t.Fatalf("%d drafts saved, want 1", n)
	}

	// A new draft with a change, left without saving: nothing more saved.
	inv.newDraft("ACME")
	h.settle(t)
	e.rows[0].desc.SetText("Printing")
	typeShortcut(m, fyne.KeyN) // a new invoice while this one has changes asks too
	h.settle(t)
	if m.win.Canvas().Overlays().Top() == nil {
		t.Fatal("Ctrl+N over a changed draft did not ask")
	}
	tapIn(t, topDialog(t, m), "Leave without saving")
	h.settle(t)
	if e.rows[0].desc.Text != "" {
		t.Errorf("the new draft holds %q", e.rows[0].desc.Text)
	}
	if n := countDocs(t, st, ledger.DocumentFilter{Status: ledger.StatusDraft}); n != 1 {
		t.Fatalf("%d drafts, want 1", n)
	}
	// Unchanged: Invoices goes straight back.
	tapIn(t, e.box, "Invoices")
	h.settle(t)
	if m.win.Canvas().Overlays().Top() != nil || !inv.list.Visible() {
		t.Error("leaving an unchanged draft asked")
	}
}

// Ctrl+1 … Ctrl+9, Ctrl+0 select the sections in the sidebar's order,
// and Ctrl+, the settings: every section is a key away.
func TestCtrlDigitsSelectSections(t *testing.T) {
	m, h, _ := openLedger(t, "customers")
	for i, s := range screens[:min(len(screens), 10)] {
		typeShortcut(m, fyne.KeyName(string(rune('0'+(i+1)%10))))
		h.settle(t)
		if got := m.tabs.SelectedIndex(); got != i {
			t.Errorf("Ctrl+%d selects %q, want %q", (i+1)%10, m.tabs.Selected().Text, s.title)
		}
	}
	typeShortcut(m, fyne.KeyComma)
	h.settle(t)
	if got := m.tabs.Selected().Text; got != "Settings" {
		t.Errorf("Ctrl+, selects %q", got)
	}
	if len(screens) > 11 || screens[len(screens)-1].id != "settings" {
		t.Errorf("%d sections, the last %q: a section beyond Ctrl+0 and Ctrl+, has no key", len(screens), screens[len(screens)-1].id)
	}
}

// Escape closes a dialog as its Cancel would, also while one of its
// fields has the keyboard (the new customer form opens so).
func TestEscapeClosesDialogs(t *testing.T) {
	m, h, st := openLedger(t, "customers")
	showCustomerForm(m.app, m.customers.detail.l, nil, nil)
	h.settle(t)
	if m.win.Canvas().Overlays().Top() == nil || m.win.Canvas().Focused() == nil {
		t.Fatal("no dialog, or no field focused in it")
	}
	escape(m)
	if m.win.Canvas().Overlays().Top() != nil {
		t.Error("Escape left the customer form open")
	}
	// The write-off form, its reason typed into.
	if _, err := st.CreateCustomer(context.Background(), ledger.Customer{Code: "ACME", Name: "Acme", Currency: "USD", TermsDays: 30}); err != nil {
		t.Fatal(err)
	}
	d, err := st.IssueInvoice(context.Background(), ledger.InvoiceInput{CustomerCode: "ACME", Date: flowDay,
		Lines: []ledger.Line{{Description: "x", Quantity: ledger.D4(1), UnitPrice: 100}}})
	if err != nil {
		t.Fatal(err)
	}
	inv := m.invoices()
	h.settle(t)
	inv.open(d.ID, d.Status)
	h.settle(t)
	test.Tap(inv.view.writeOff)
	m.win.Canvas().Focus(inv.view.writeOffForm.reason)
	test.Type(inv.view.writeOffForm.reason, "gone")
	if m.win.Canvas().Focused() == nil {
		t.Fatal("typing did not focus the reason")
	}
	escape(m)
	if m.win.Canvas().Overlays().Top() != nil {
		t.Error("Escape in the reason left the write-off form open")
	}
}

// asEntry is o as an entry, a dialog's escEntry included.
func asEntry(o fyne.CanvasObject) (*widget.Entry, bool) {
	switch e := o.(type) {
	case *widget.Entry:
		return e, true
	case *escEntry:
		return &e.Entry, true
	}
	return nil, false
}
