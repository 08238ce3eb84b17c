package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"paidup/ledger"
)

// pickerLedger is a ledger with customers to pick among.
func pickerLedger(t *testing.T, screen string) (*mainWindow, *harness, *ledger.Store) {
	t.Helper()
	m, h, st := openLedger(t, "customers")
	for _, c := range []ledger.Customer{{Code: "BAUM", Name: "Baumann GmbH", Email: "ap@baumann.example"},
		{Code: "ACME", Name: "Acme Trading", Email: "billing@acme.example"}, {Code: "ACME2", Name: "Acme Two", Email: "two@acme.example"}} {
		c.Currency, c.TermsDays = "EUR", 30
		if _, err := st.CreateCustomer(context.Background(), c); err != nil {
			t.Fatal(err)
		}
	}
	m.show(screen)
	h.settle(t)
	return m, h, st
}

// The invoice editor's customer is found by any part of its name, code or
// email in any case: "baumann" offers Baumann GmbH, Enter takes it.
func TestInvoiceEditorPicksCustomerByName(t *testing.T) {
	m, h, _ := pickerLedger(t, "invoices")
	inv := m.invoices()
	inv.newDraft("")
	h.settle(t)
	e := inv.editor
	e.picker.delay = 0
	test.Type(e.customer, "baumann")
	h.settle(t)
	if len(e.picker.found) != 1 || e.picker.found[0].Code != "BAUM" {
		t.Fatalf("typing baumann offers %+v", e.picker.found)
	}
	if e.picker.pop == nil || !e.picker.pop.Visible() {
		t.Error("the offer is not shown under the field")
	}
	e.picker.submit()
	h.settle(t)
	if e.customer.Text != "BAUM" || !strings.Contains(e.custInfo.Text, "Baumann GmbH") || e.cur != "EUR" {
		t.Errorf("after Enter: %q, %q, currency %q", e.customer.Text, e.custInfo.Text, e.cur)
	}
	if e.picker.pop.Visible() {
		t.Error("the offer stayed open")
	}

	// By email, then chosen from the list.
	e.customer.SetText("")
	test.Type(e.customer, "TWO@ACME")
	h.settle(t)
	if len(e.picker.found) != 1 {
		t.Fatalf("typing TWO@ACME offers %+v", e.picker.found)
	}
	e.picker.list.Select(0)
	h.settle(t)
	if e.customer.Text != "ACME2" || !strings.Contains(e.custInfo.Text, "Acme Two") {
		t.Errorf("chosen from the list: %q, %q", e.customer.Text, e.custInfo.Text)
	}
	// A code typed exactly wins over other matches.
	e.customer.SetText("")
	test.Type(e.customer, "acme")
	h.settle(t)
	e.picker.submit()
	h.settle(t)
	if e.customer.Text != "ACME" {
		t.Errorf("acme picked %q", e.customer.Text)
	}
}

// Payments pick the customer the same way.
func TestPaymentsPickCustomerByName(t *testing.T) {
	m, h, _ := pickerLedger(t, "payments")
	p := m.payments()
	p.picker.delay = 0
	test.Type(p.customer, "Baum")
	h.settle(t)
	p.picker.submit()
	h.settle(t)
	if p.customer.Text != "BAUM" || !strings.Contains(p.custInfo.Text, "Baumann") {
		t.Errorf("payment customer %q, %q", p.customer.Text, p.custInfo.Text)
	}
}

// The invoice list's search finds by any part of the number, the
// customer's name or the reference.
func TestInvoiceSearchAnyPart(t *testing.T) {
	m, h, st := pickerLedger(t, "customers")
	ctx := context.Background()
	for _, in := range []ledger.InvoiceInput{{CustomerCode: "BAUM"}, {CustomerCode: "ACME", Reference: "PO 7781"}} {
		in.Date = flowDay
		in.Lines = []ledger.Line{{Description: "x", Quantity: ledger.D4(1), UnitPrice: 100}}
		if _, err := st.IssueInvoice(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	inv := m.invoices()
	h.settle(t)
	for q, want := range map[string]string{"baumann": "INV-000001", "7781": "INV-000002", "000002": "INV-000002"} {
		inv.search.SetText(q)
		inv.onFilter()
		h.settle(t)
		r, ok := inv.rows.row(0)
		if !ok || r.Number != want || inv.count.Text != "1 invoice" {
			t.Errorf("searching %q lists %+v (%q), want %s", q, r, inv.count.Text, want)
		}
	}
	// The customer filter is picked by name too.
	inv.search.SetText("")
	inv.custPicker.delay = 0
	test.Type(inv.customer, "baumann")
	h.settle(t)
	inv.custPicker.submit()
	h.settle(t)
	if r, ok := inv.rows.row(0); inv.customer.Text != "BAUM" || !ok || r.CustomerCode != "BAUM" || inv.count.Text != "1 invoice" {
		t.Errorf("the customer filter %q lists %q", inv.customer.Text, inv.count.Text)
	}
}

// Ctrl+K finds customers and invoices by any part of them; choosing one
// opens it.
func TestGlobalSearch(t *testing.T) {
	m, h, st := pickerLedger(t, "dashboard")
	d, err := st.IssueInvoice(context.Background(), ledger.InvoiceInput{CustomerCode: "BAUM", Date: flowDay, Reference: "PO 7781",
		Lines: []ledger.Line{{Description: "x", Quantity: ledger.D4(1), UnitPrice: 100}}})
	if err != nil {
		t.Fatal(err)
	}
	typeShortcut(m, fyne.KeyK)
	g := m.search
	if g == nil || m.win.Canvas().Overlays().Top() == nil {
		t.Fatal("Ctrl+K showed no search")
	}
	g.delay = 0
	test.Type(g.query, "baum")
	h.settle(t)
	if len(g.hits) != 2 || g.hits[0].customer == nil || g.hits[1].doc == nil || g.hits[1].doc.Number != d.Number {
		t.Fatalf("hits %+v", g.hits)
	}
	g.query.SetText("7781")
	h.settle(t)
	if len(g.hits) != 1 || g.hits[0].doc == nil {
		t.Fatalf("by reference: %+v", g.hits)
	}
	g.list.Select(0)
	h.settle(t)
	inv := m.invoices()
	if m.win.Canvas().Overlays().Top() != nil || !inv.view.box.Visible() || !strings.Contains(inv.view.title.Text, d.Number) {
		t.Errorf("choosing the invoice shows %q", inv.view.title.Text)
	}
	// A customer opens on Customers.
	typeShortcut(m, fyne.KeyK)
	m.search.delay = 0
	test.Type(m.search.query, "acme two")
	h.settle(t)
	m.search.query.OnSubmitted("")
	h.settle(t)
	if m.tabs.Selected().Text != "Customers" || m.customers.detail.code != "ACME2" {
		t.Errorf("Enter on a customer shows %q, %q", m.tabs.Selected().Text, m.customers.detail.code)
	}
}
