package ui

import (
	"context"
	"testing"
)

// The customer form keeps the fields e-invoices need: the address apart,
// the buyer reference and the format the customer wants, and the language
// of their documents; a country that
// is no ISO code is refused under its field.
func TestCustomerFormEInvoiceFields(t *testing.T) {
	m, h, st := openLedger(t, "customers")
	ctx := context.Background()
	f := showCustomerForm(m.app, m.customers.detail.l, nil, nil)
	h.settle(t)
	f.code.SetText("BUND")
	f.name.SetText("Bundesamt")
	f.currency.SetText("EUR")
	f.address.SetText("Postfach 1")
	f.postcode.SetText("10115")
	f.city.SetText("Berlin")
	f.country.SetText("Germany")
	f.buyerRef.SetText("991-01234-56")
	f.einvoice.SetSelected("xrechnung-cii")
	f.language.SetSelected("Deutsch")
	f.onSave()
	h.settle(t)
	if f.errs["country"].Text == "" {
		t.Fatal("a country name instead of a code was not refused under its field")
	}
	f.country.SetText("de")
	f.onSave()
	h.settle(t)
	c, err := st.CustomerByCode(ctx, "BUND")
	if err != nil {
		t.Fatal(err)
	}
	if c.Country != "DE" || c.Postcode != "10115" || c.City != "Berlin" || c.BuyerReference != "991-01234-56" || c.EInvoiceFormat != "xrechnung-cii" || c.Language != "de" {
		t.Fatalf("saved as %+v", c)
	}
	// Editing shows them again; "none" clears the format.
	f = showCustomerForm(m.app, m.customers.detail.l, &c, nil)
	if f.einvoice.Selected != "xrechnung-cii" || f.buyerRef.Text != "991-01234-56" || f.language.Selected != "Deutsch" {
		t.Fatalf("the edit form shows format %q, reference %q, language %q", f.einvoice.Selected, f.buyerRef.Text, f.language.Selected)
	}
	f.einvoice.SetSelected("none")
	f.language.SetSelected(languageNames[0])
	f.onSave()
	h.settle(t)
	if c, _ = st.CustomerByCode(ctx, "BUND"); c.EInvoiceFormat != "" || c.Language != "" {
		t.Fatalf("none saved as %q, the business's language as %q", c.EInvoiceFormat, c.Language)
	}
}
