package ui

import (
	"testing"

	"fyne.io/fyne/v2"
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
	inv := m.invoices()
	inv.newDraft("")
	check("the invoice editor")
	_, row := openInvoice(t, m, h, st)
	check("an invoice")
	m.show("customers")
	m.customers.openCustomer(row.CustomerCode)
	check("a customer")
}
