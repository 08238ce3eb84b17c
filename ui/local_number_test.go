package ui

import (
	"context"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	paidapp "paidup/app"
	"paidup/ledger"
)

// A de-DE business types numbers as it writes them: "1,5" and
// "1.234,56" in the invoice editor and a payment.
func TestNumbersInTheBusinessLocale(t *testing.T) {
	_, _, st := openLedger(t, "customers")
	ctx := context.Background()
	if err := st.ChangeSetting(ctx, "invoice.locale", "de-DE"); err != nil {
		t.Fatal(err)
	}
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "BAUM", Name: "Baumann GmbH", Currency: "EUR", TermsDays: 30}); err != nil {
		t.Fatal(err)
	}
	// A window opened on the ledger reads its locale.
	h := &harness{}
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefScreen, "customers")
	m := newMainWindow(a, sourcesOf(paidapp.New(st, nil)), "de.db", h.env())
	t.Cleanup(m.close)
	h.settle(t)
	if m.app.locale != "de-DE" {
		t.Fatalf("locale %q", m.app.locale)
	}
	inv := m.invoices()
	h.settle(t)
	inv.newDraft("BAUM")
	h.settle(t)
	e := inv.editor
	e.rows[0].desc.SetText("Beratung")
	e.rows[0].qty.SetText("1,5")
	e.rows[0].price.SetText("1.234,56")
	e.rows[0].taxRate.SetText("19")
	if got := e.rows[0].net.Text; got != "1,851.84 EUR" {
		t.Errorf("net of 1,5 × 1.234,56 = %q (problem %q)", got, e.problem.Text)
	}
	if !strings.Contains(e.totals.Text, "2,203.69 EUR") {
		t.Errorf("totals %q", e.totals.Text)
	}
	p := m.payments()
	h.settle(t)
	p.picker.set("BAUM")
	p.loadCustomer()
	h.settle(t)
	p.amount.SetText("1.000,50")
	if amt, _, _, err := p.readAllocation(); err != nil || amt != ledger.NewMoney(100050, "EUR") {
		t.Errorf("payment of 1.000,50: %v %v", amt, err)
	}
}
