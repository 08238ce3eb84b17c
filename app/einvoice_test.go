package app

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"paidup/ledger"
)

// With invoice.einvoice at factur-x the PDFs reminders attach and invoice
// emails carry are Factur-X PDFs, as printed ones are; a missing field is
// named instead of sending a PDF without its XML.
func TestReminderAttachmentIsFacturX(t *testing.T) {
	ctx := context.Background()
	a, err := Create(ctx, filepath.Join(t.TempDir(), "books.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.st.ChangeSettings(ctx, map[string]string{"business.name": "Nordlicht", "business.country": "DE",
		"business.tax_id": "DE123456789", "business.currency": "EUR"}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.st.CreateCustomer(ctx, ledger.Customer{Code: "AT", Name: "Wien GmbH", Currency: "EUR", Country: "AT", TaxID: "ATU12345678"}); err != nil {
		t.Fatal(err)
	}
	d, err := a.st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "AT", Date: a.Today(),
		Lines: []ledger.Line{{Description: "Work", Quantity: ledger.D4(1), UnitPrice: 10000, TaxRate: ledger.D4(19)}}})
	if err != nil {
		t.Fatal(err)
	}
	attachment := func() ([]byte, error) {
		p, err := a.pdfs(ctx)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		err = p.InvoicePDF(ctx, &b, d.Number)
		return b.Bytes(), err
	}
	plain, err := attachment()
	if err != nil || bytes.Contains(plain, []byte("factur-x.xml")) {
		t.Fatalf("without the setting: %v, Factur-X %v", err, bytes.Contains(plain, []byte("factur-x.xml")))
	}
	if err := a.st.ChangeSetting(ctx, "invoice.einvoice", "factur-x"); err != nil {
		t.Fatal(err)
	}
	fx, err := attachment()
	if err != nil || !bytes.Contains(fx, []byte("/AFRelationship /Alternative")) {
		t.Fatalf("with invoice.einvoice factur-x: %v, Factur-X %v", err, bytes.Contains(fx, []byte("/AFRelationship")))
	}
	var printed bytes.Buffer
	if err := a.InvoicePDF(ctx, &printed, d.Number); err != nil || !bytes.Equal(printed.Bytes(), fx) {
		t.Fatalf("the printed PDF differs from the attachment (%v)", err)
	}
	if err := a.st.ChangeSetting(ctx, "business.country", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := attachment(); err == nil || !strings.Contains(err.Error(), "business.country") {
		t.Fatalf("a missing seller country: %v", err)
	}
}

// A customer who asked for Factur-X gets Factur-X PDFs whatever the
// setting; one who asked for XRechnung gets its XML beside the PDF of an
// emailed invoice, and one who asked for nothing none.
func TestCustomerEInvoicePreference(t *testing.T) {
	ctx := context.Background()
	a, err := Create(ctx, filepath.Join(t.TempDir(), "books.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.st.ChangeSettings(ctx, map[string]string{"business.name": "Nordlicht", "business.country": "DE", "business.city": "Hamburg",
		"business.postcode": "20457", "business.address": "Hafenstraße 12", "business.tax_id": "DE123456789", "business.currency": "EUR",
		"business.email": "a@nordlicht.example", "business.phone": "+49 40 1", "payment.iban": "DE89 3704 0044 0532 0130 00"}); err != nil {
		t.Fatal(err)
	}
	numbers := map[string]string{}
	for _, c := range []ledger.Customer{
		{Code: "FX", Name: "FX GmbH", Country: "DE", EInvoiceFormat: "factur-x"},
		{Code: "XR", Name: "Bundesamt", Country: "DE", EInvoiceFormat: "xrechnung-cii", BuyerReference: "991-01234-56",
			Email: "ap@bund.example", Address: "Postfach 1", Postcode: "10115", City: "Berlin"},
		{Code: "NO", Name: "Plain Ltd", Country: "DE"},
	} {
		c.Currency = "EUR"
		if _, err := a.st.CreateCustomer(ctx, c); err != nil {
			t.Fatal(err)
		}
		d, err := a.st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: c.Code, Date: a.Today(),
			Lines: []ledger.Line{{Description: "Work", Quantity: ledger.D4(1), UnitPrice: 10000, TaxRate: ledger.D4(19)}}})
		if err != nil {
			t.Fatal(err)
		}
		numbers[c.Code] = d.Number
	}
	var b bytes.Buffer
	if err := a.InvoicePDF(ctx, &b, numbers["FX"]); err != nil || !bytes.Contains(b.Bytes(), []byte("/AFRelationship")) {
		t.Fatalf("the Factur-X customer's PDF: %v, Factur-X %v", err, bytes.Contains(b.Bytes(), []byte("/AFRelationship")))
	}
	p, err := a.pdfs(ctx)
	if err != nil {
		t.Fatal(err)
	}
	name, data, err := p.EInvoiceXML(ctx, numbers["XR"])
	if err != nil || name != numbers["XR"]+".xrechnung-cii.xml" || !bytes.Contains(data, []byte("xrechnung_3.0")) {
		t.Fatalf("the XRechnung customer's XML: %q, %v", name, err)
	}
	for _, code := range []string{"NO", "FX"} {
		if _, data, err := p.EInvoiceXML(ctx, numbers[code]); err != nil || data != nil {
			t.Fatalf("customer %s got an XML attachment: %v", code, err)
		}
	}
}
