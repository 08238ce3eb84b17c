package ui

import (
	"context"
	"testing"

	"paidup/ledger"
)

// The draft editor keeps what e-invoices need: each line's VAT category,
// exemption reason and unit, the service period and the payment means,
// saved and shown again when the draft is opened.
func TestInvoiceEditorEInvoiceFields(t *testing.T) {
	m, h, st := openLedger(t, "invoices")
	ctx := context.Background()
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "WIEN", Name: "Wiener Werkstätten", Currency: "EUR", Country: "AT", TaxID: "ATU12345678"}); err != nil {
		t.Fatal(err)
	}
	inv := m.invoices()
	h.settle(t)
	inv.newDraft("WIEN")
	h.settle(t)
	e := inv.editor
	r := e.rows[0]
	r.desc.SetText("Consulting")
	r.qty.SetText("10")
	r.price.SetText("120.00")
	r.vat.SetSelected("AE")
	r.unit.SetText("hur")
	e.serviceFrom.SetText("2026-02-01")
	e.serviceTo.SetText("2026-02-28")
	e.means.SetSelected("sepa")
	if e.problem.Text != "" {
		t.Fatalf("problem %q", e.problem.Text)
	}
	e.onSave()
	h.settle(t)
	d, err := st.DocumentByID(ctx, e.id)
	if err != nil {
		t.Fatal(err)
	}
	if l := d.Lines[0]; l.VATCategory != "AE" || l.UnitCode != "HUR" || d.PaymentMeans != "sepa" || fmtDate(d.ServiceTo) != "2026-02-28" {
		t.Fatalf("saved draft: line %+v, means %q, service %v–%v", l, d.PaymentMeans, d.ServiceFrom, d.ServiceTo)
	}
	e.load(d.ID)
	h.settle(t)
	if r := e.rows[0]; r.vat.Selected != "AE" || r.unit.Text != "HUR" || e.serviceFrom.Text != "2026-02-01" || e.means.Selected != "sepa" || e.dirty() {
		t.Fatalf("reopened: vat %q unit %q from %q means %q dirty %v", r.vat.Selected, r.unit.Text, e.serviceFrom.Text, e.means.Selected, e.dirty())
	}
	// Category S at 0% is refused as it is typed.
	e.rows[0].vat.SetSelected("S")
	if e.problem.Text == "" {
		t.Fatal("S at 0% was not refused")
	}
}
