package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
)

// smallest is the smallest window the layout is made for.
var smallest = fyne.NewSize(1024, 700)

// Every screen, and the invoice editor and views, fit a 1024×700 window:
// a window whose content wants more grows over the size the user gave it.
func TestScreensFit1024x700(t *testing.T) {
	m, h, st := openDemo(t, "dashboard")
	m.win.Resize(smallest)
	check := func(what string) {
		t.Helper()
		h.settle(t)
		if got := m.win.Content().MinSize(); got.Width > smallest.Width || got.Height > smallest.Height {
			t.Errorf("%s wants %v, more than %v", what, got, smallest)
		}
		if got := m.win.Canvas().Size(); got != smallest {
			t.Errorf("with %s the window is %v, not the %v it was given", what, got, smallest)
		}
	}
	for _, s := range screens {
		m.show(s.id)
		check(s.id)
	}
	// Every section shows in the sidebar: none hides behind its overflow
	// menu ("⋮"), which a new user would not think to open.
	more := theme.MoreVerticalIcon().Name()
	for _, o := range visible(m.tabs) {
		if b, ok := o.(*widget.Button); ok && b.Text == "" && b.Icon != nil && b.Icon.Name() == more {
			t.Errorf("at %v the sidebar hides sections behind its overflow menu", smallest)
		}
	}
	inv := m.invoices()
	inv.newDraft("")
	check("the invoice editor")
	_, row := openInvoice(t, m, h, st)
	check("an invoice")
	m.show("customers")
	m.customers.openCustomer(row.CustomerCode)
	check("a customer")

	// A customer with a long name: their invoice's title ends in "…"
	// rather than widen the window.
	ctx := context.Background()
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "LONG", Name: strings.Repeat("Công ty Trách nhiệm hữu hạn Thương mại ", 4), Currency: "EUR", TermsDays: 30}); err != nil {
		t.Fatal(err)
	}
	long, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "LONG", Date: flowDay, Lines: []ledger.Line{{Description: "x", Quantity: ledger.D4(1), UnitPrice: 100}}})
	if err != nil {
		t.Fatal(err)
	}
	inv = m.invoices()
	inv.open(long.ID, long.Status)
	check("an invoice of a long-named customer")
}
