package reports

import (
	"strings"
	"testing"

	"paidup/ledger"
)

// TestInvoicePDFDiscountLine: an invoice with early-payment discount terms
// says what paying by the discount date takes off and what to pay, read
// back with pdftotext; once the discount is taken the line is gone.
func TestInvoicePDFDiscountLine(t *testing.T) {
	fx := newFixture(t)
	if err := fx.st.SetCustomerDiscount(fx.ctx, "MUL", ledger.DiscountTerms{BP: 200, Days: 10}); err != nil {
		t.Fatal(err)
	}
	inv := fx.invoice(t, "MUL", "2026-03-02", "PO-77", ledger.Line{Description: "Workshop", Quantity: qty("1"), UnitPrice: 100000, TaxRate: qty("19")})
	f := func(minor int64) string { return ledger.NewMoney(minor, "EUR").Format("de-DE") }
	// 1,190.00 × 2 % = 23.80; 2 March + 10 days = 12 March; 1,190.00 − 23.80 = 1,166.20.
	text := pdfText(t, fx.render(t, inv.Number), 0)
	want := "2% discount (" + f(2380) + ") if paid by 12.03.2026: pay " + f(116620) + "."
	if want = normSpace(want); !strings.Contains(strings.ReplaceAll(text, "\n", " "), want) {
		t.Errorf("no %q in\n%s", want, text)
	}
	fx.pay(t, "MUL", "2026-03-12", money("1166.20", "EUR"))
	text = pdfText(t, fx.render(t, inv.Number), 0)
	if strings.Contains(text, "discount (") || !strings.Contains(text, "Paid in full") {
		t.Errorf("after the discounted payment:\n%s", text)
	}

	// Yen, 1.5 % within 14 days: 40,739 × 1.5 % = 611.085 → 611; pay 40,128.
	if err := fx.st.SetCustomerDiscount(fx.ctx, "JP", ledger.DiscountTerms{BP: 150, Days: 14}); err != nil {
		t.Fatal(err)
	}
	jp := fx.invoice(t, "JP", "2026-02-01", "", ledger.Line{Description: "Parts", Quantity: qty("3"), UnitPrice: 12345, TaxRate: qty("10")})
	y := func(minor int64) string { return ledger.NewMoney(minor, "JPY").Format("de-DE") }
	text = pdfText(t, fx.render(t, jp.Number), 0)
	want = "1,5% discount (" + y(611) + ") if paid by 15.02.2026: pay " + y(40128) + "."
	if want = normSpace(want); !strings.Contains(strings.ReplaceAll(text, "\n", " "), want) {
		t.Errorf("no %q in\n%s", want, text)
	}
}
