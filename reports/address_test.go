package reports

import (
	"strings"
	"testing"

	"paidup/ledger"
)

// A customer whose address is kept apart for e-invoices (street lines,
// postcode, city, country) prints as one postal address, the country by
// its name in the documents' language; the business's own country is not
// printed.
func TestPostalAddress(t *testing.T) {
	fx := newFixture(t)
	if err := fx.st.ChangeSetting(fx.ctx, "business.country", "DE"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []ledger.Customer{
		{Code: "AT", Name: "Wiener Werkstätten", Currency: "EUR", Address: "Ringstraße 5", Postcode: "1010", City: "Wien", Country: "AT"},
		{Code: "DE", Name: "Bundesamt", Currency: "EUR", Address: "Postfach 1", Postcode: "10115", City: "Berlin", Country: "DE"},
	} {
		if _, err := fx.st.CreateCustomer(fx.ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	line := ledger.Line{Description: "Work", Quantity: qty("1"), UnitPrice: 1000, TaxRate: qty("19")}
	at := pdfText(t, fx.render(t, fx.invoice(t, "AT", "2026-03-02", "", line).Number), 1)
	for _, want := range []string{"Ringstraße 5", "1010 Wien", "Österreich"} {
		if !strings.Contains(at, want) {
			t.Errorf("the Austrian address lacks %q:\n%s", want, at)
		}
	}
	de := pdfText(t, fx.render(t, fx.invoice(t, "DE", "2026-03-02", "", line).Number), 1)
	if !strings.Contains(de, "10115 Berlin") || strings.Contains(de, "Deutschland") {
		t.Errorf("the German address:\n%s", de)
	}
}

// A reverse-charge invoice says so, with the service period; an exempt
// line prints its reason.
func TestInvoiceVATNotes(t *testing.T) {
	fx := newFixture(t)
	rc := ledger.Line{Description: "Consulting", Quantity: qty("10"), UnitPrice: 12000, VATCategory: "AE"}
	ex := ledger.Line{Description: "Training", Quantity: qty("1"), UnitPrice: 30000, VATCategory: "E", VATReason: "§ 4 Nr. 21 UStG"}
	d, err := fx.st.IssueInvoice(fx.ctx, ledger.InvoiceInput{CustomerCode: "MUL", Date: day("2026-03-02"), Lines: []ledger.Line{rc, ex},
		ServiceFrom: day("2026-02-01"), ServiceTo: day("2026-02-28")})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, fx.render(t, d.Number), 0)
	for _, want := range []string{"Reverse charge: the recipient is liable for the VAT", "VAT exempt: § 4 Nr. 21 UStG", "Service period", "01.02.2026 – 28.02.2026"} {
		if !strings.Contains(text, want) {
			t.Errorf("the invoice lacks %q:\n%s", want, text)
		}
	}
}
