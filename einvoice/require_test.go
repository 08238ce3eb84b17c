package einvoice

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"paidup/ledger"
)

// A missing required field is named, with how to fix it, before anything
// is written; a 0% line without a category is refused, never guessed.
func TestMissingFieldsNamed(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	if err := f.st.ChangeSettings(ctx, map[string]string{"business.country": "", "business.postcode": "", "business.phone": ""}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.CreateCustomer(ctx, ledger.Customer{Code: "bare", Name: "Bare Ltd", Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	d, err := f.st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "bare", Date: day("2026-03-05"),
		Lines: []ledger.Line{{Description: "Work", Quantity: d4("1"), UnitPrice: 1000, TaxRate: d4("19")}}})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := Of(ctx, f.st, d.Number)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	err = Write(&b, inv, XRechnungCII)
	if err == nil || b.Len() != 0 {
		t.Fatalf("wrote %d bytes, error %v", b.Len(), err)
	}
	for _, want := range []string{"business.country (seller country, BT-40)", "customer bare: country (buyer country, BT-55)",
		"business.postcode (BT-38)", "customer bare: buyer_reference (Leitweg-ID, BT-10)", "customer bare: email (buyer electronic address, BT-49)",
		"business.phone"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error does not name %q:\n%v", want, err)
		}
	}
	// A 0% line with no category.
	d, err = f.st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "bund", Date: day("2026-03-05"),
		Lines: []ledger.Line{{Description: "Something", Quantity: d4("1"), UnitPrice: 1000}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Of(ctx, f.st, d.Number); err == nil || !strings.Contains(err.Error(), "line 1 (Something) is at 0% and names no VAT category") {
		t.Fatalf("a 0%% line without a category: %v", err)
	}
	// An invoice in USD with VAT and no rate for its day.
	if _, err := f.st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "nyc", Date: day("2026-02-01"),
		Lines: []ledger.Line{{Description: "Work", Quantity: d4("1"), UnitPrice: 1000, TaxRate: d4("19")}}}); err != nil {
		t.Fatal(err)
	}
	docs, _ := f.st.Document(ctx, "INV-000012")
	if _, err := Of(ctx, f.st, docs.Number); err == nil || !strings.Contains(err.Error(), "no exchange rate from USD to EUR") {
		t.Fatalf("a USD invoice without a rate: %v", err)
	}
}
