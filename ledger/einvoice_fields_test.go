package ledger

import (
	"context"
	"strings"
	"testing"
)

// The e-invoice fields of customers, lines and documents are stored as
// given, read back, and refused with a message when they make no sense.
func TestEInvoiceFields(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	c, err := s.CreateCustomer(ctx, Customer{Code: "BUND", Name: "Bundesamt", Currency: "EUR", Address: "Postfach 1", Postcode: "10115",
		City: "Berlin", Country: "de", BuyerReference: "991-01234-56", EInvoiceFormat: "XRechnung-CII", TaxID: "DE123456789"})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.CustomerByCode(ctx, "BUND")
	if err != nil {
		t.Fatal(err)
	}
	if got.Country != "DE" || got.Postcode != "10115" || got.City != "Berlin" || got.BuyerReference != "991-01234-56" || got.EInvoiceFormat != "xrechnung-cii" {
		t.Fatalf("customer read back as %+v", got)
	}
	for _, bad := range []Customer{
		{Code: "X1", Name: "x", Currency: "EUR", Country: "Germany"},
		{Code: "X2", Name: "x", Currency: "EUR", EInvoiceFormat: "pdf"},
		{Code: "X3", Name: "x", Currency: "EUR", City: "a\nb"},
	} {
		if _, err := s.CreateCustomer(ctx, bad); ErrorCode(err) != EINVALID {
			t.Errorf("customer %+v: got %v, want a refusal", bad, err)
		}
	}
	lines := []Line{
		{Description: "Design", Quantity: D4(3), UnitPrice: 10000, TaxRate: D4(19), UnitCode: "hur"},
		{Description: "Books", Quantity: D4(1), UnitPrice: 2000, VATCategory: "e", VATReason: "Exempt under § 4 Nr. 21 UStG"},
	}
	d, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: c.Code, Date: day("2026-03-02"), Lines: lines, Reference: "PO-7",
		ServiceFrom: day("2026-02-01"), ServiceTo: day("2026-02-28"), PaymentMeans: "SEPA"})
	if err != nil {
		t.Fatal(err)
	}
	d, err = s.Document(ctx, d.Number)
	if err != nil {
		t.Fatal(err)
	}
	if d.Lines[0].UnitCode != "HUR" || d.Lines[0].LineCategory() != "S" || d.Lines[1].VATCategory != "E" || d.Lines[1].VATReason == "" {
		t.Fatalf("lines read back as %+v", d.Lines)
	}
	if fmtDate(d.ServiceFrom) != "2026-02-01" || fmtDate(d.ServiceTo) != "2026-02-28" || d.PaymentMeans != "sepa" {
		t.Fatalf("document read back with service %v–%v, means %q", d.ServiceFrom, d.ServiceTo, d.PaymentMeans)
	}
	for _, tc := range []struct {
		l    Line
		want string
	}{
		{Line{Description: "a", Quantity: D4(1), UnitPrice: 1, TaxRate: D4(19), VATCategory: "Z"}, "is at 0%"},
		{Line{Description: "a", Quantity: D4(1), UnitPrice: 1, VATCategory: "S"}, "above 0%"},
		{Line{Description: "a", Quantity: D4(1), UnitPrice: 1, VATCategory: "E"}, "reason"},
		{Line{Description: "a", Quantity: D4(1), UnitPrice: 1, VATCategory: "X"}, "not one of"},
		{Line{Description: "a", Quantity: D4(1), UnitPrice: 1, UnitCode: "piece"}, "Rec. 20"},
	} {
		_, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: c.Code, Date: day("2026-03-02"), Lines: []Line{tc.l}})
		if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("line %+v: got %v, want a refusal saying %q", tc.l, err, tc.want)
		}
	}
	_, err = s.IssueInvoice(ctx, InvoiceInput{CustomerCode: c.Code, Date: day("2026-03-02"), Lines: lines[:1], ServiceFrom: day("2026-03-02"), ServiceTo: day("2026-03-01")})
	if ErrorCode(err) != EINVALID {
		t.Errorf("a period ending before it starts: got %v", err)
	}
	_, err = s.IssueInvoice(ctx, InvoiceInput{CustomerCode: c.Code, Date: day("2026-03-02"), Lines: lines[:1], PaymentMeans: "cheque"})
	if ErrorCode(err) != EINVALID {
		t.Errorf("payment means cheque: got %v", err)
	}
	mustCheck(t, s)
}

// The customers CSV takes postcode, city, country and buyer_reference;
// a country that is no ISO code is named by line and column.
func TestImportCustomersEInvoiceColumns(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	csv := "code,name,currency,address,postcode,city,country,buyer_reference,tax_id\n" +
		"A1,Alpha,EUR,Rue de la Paix 1,75002,Paris,fr,,FR12345678901\n" +
		"B1,Bund,EUR,Postfach 1,10115,Berlin,DE,991-01234-56,\n"
	if _, err := s.ImportCustomers(ctx, strings.NewReader(csv), "c.csv", ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	a, err := s.CustomerByCode(ctx, "A1")
	if err != nil {
		t.Fatal(err)
	}
	if a.Country != "FR" || a.City != "Paris" || a.Postcode != "75002" || a.TaxID != "FR12345678901" {
		t.Fatalf("A1 read back as %+v", a)
	}
	b, _ := s.CustomerByCode(ctx, "B1")
	if b.BuyerReference != "991-01234-56" {
		t.Fatalf("B1's buyer reference is %q", b.BuyerReference)
	}
	res, err := s.ImportCustomers(ctx, strings.NewReader("code,name,currency,country\nC1,Gamma,EUR,France\n"), "c2.csv", ImportOptions{})
	if err == nil || res == nil || len(res.Problems) != 1 || res.Problems[0].String() != `c2.csv:2: column 4 (country): "France" is not an ISO 3166 two-letter country code such as DE or FR` {
		t.Fatalf("a country name instead of a code: %v, %+v", err, res)
	}
}

// check finds a VAT category that does not go with its line's rate.
func TestCheckVATCategory(t *testing.T) {
	sqliteOnly(t)
	s := newTestStore(t)
	mustCustomer(t, s, "A", "EUR")
	d := mustInvoice(t, s, "A", "2026-03-02", line(1, 1000, 19))
	mustCheck(t, s)
	// Written behind the ledger's back (the lines trigger refuses an
	// update of an issued document's lines: drop it for the test).
	if _, err := s.w.Exec(`DROP TRIGGER lines_immutable_update`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec(`UPDATE document_lines SET vat_category = 'Z' WHERE document_id = ?`, d.ID); err != nil {
		t.Fatal(err)
	}
	rep, err := s.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, p := range rep.Problems {
		found = found || strings.Contains(p, "VAT category")
	}
	if !found {
		t.Fatalf("check missed a Z line at 19%%: %v", rep.Problems)
	}
}

// The invoices CSV takes vat_category, vat_reason and unit_code per line;
// a category that does not go with its rate is named by line and column.
func TestImportInvoicesEInvoiceColumns(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "AT", "EUR")
	csv := "number,customer_code,issue_date,currency,description,quantity,unit_price,tax_rate,vat_category,vat_reason,unit_code\n" +
		"A-1,AT,2026-03-02,EUR,Consulting,10,120.00,0,AE,,hur\n" +
		"A-1,AT,2026-03-02,EUR,Books,1,20.00,7,,,\n"
	if _, err := s.ImportInvoices(ctx, strings.NewReader(csv), "i.csv", ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	d, err := s.Document(ctx, "A-1")
	if err != nil {
		t.Fatal(err)
	}
	if d.Lines[0].VATCategory != "AE" || d.Lines[0].UnitCode != "HUR" || d.Lines[1].LineCategory() != "S" {
		t.Fatalf("imported lines %+v", d.Lines)
	}
	bad := "number,customer_code,issue_date,currency,amount,tax_rate,vat_category\nA-2,AT,2026-03-02,EUR,10.00,19,Z\n"
	res, err := s.ImportInvoices(ctx, strings.NewReader(bad), "b.csv", ImportOptions{})
	if err == nil || len(res.Problems) != 1 || !strings.HasPrefix(res.Problems[0].String(), "b.csv:2: column 7 (vat_category): VAT category Z is at 0%") {
		t.Fatalf("a Z line at 19%%: %v %+v", err, res)
	}
	mustCheck(t, s)
}
