package reports

import (
	"bytes"
	"strings"
	"testing"

	"paidup/ledger"
)

// A cell too wide for its column is set smaller and printed whole, not
// cut with "…": an amount in the hundreds of billions in the invoice's
// unit-price and amount columns, a long customer code in the aging.
func TestCellsShrinkRatherThanCut(t *testing.T) {
	fx := newFixture(t)
	inv := fx.invoice(t, "MUL", "2026-03-02", "", ledger.Line{Description: "Power plant", Quantity: qty("3"), UnitPrice: 99999999999999})
	text := pdfText(t, fx.render(t, inv.Number), 0)
	f := func(minor int64) string { return ledger.NewMoney(minor, "EUR").Format("de-DE") }
	mustContain(t, text, f(99999999999999), f(299999999999997))
	if strings.Contains(text, "…") {
		t.Errorf("the invoice cut text short:\n%s", text)
	}

	if _, err := fx.st.CreateCustomer(fx.ctx, ledger.Customer{Code: "GROSSHANDEL-NORD-0001", Name: "Großhandel Nord", Currency: "JPY", TermsDays: 30}); err != nil {
		t.Fatal(err)
	}
	fx.invoice(t, "GROSSHANDEL-NORD-0001", "2026-01-15", "", ledger.Line{Description: "x", Quantity: qty("1"), UnitPrice: 987654321098})
	r, err := LoadRenderer(fx.ctx, fx.st)
	if err != nil {
		t.Fatal(err)
	}
	ag, err := fx.st.Aging(fx.ctx, ledger.AgingOptions{AsOf: day("2026-03-31"), Edges: ledger.DefaultEdges})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.Aging(&b, ag, nil); err != nil {
		t.Fatal(err)
	}
	text = pdfText(t, b.Bytes(), 0)
	mustContain(t, text, "GROSSHANDEL-NORD-0001", "987.654.321.098")
	if strings.Contains(text, "…") {
		t.Errorf("the aging cut text short:\n%s", text)
	}
}
