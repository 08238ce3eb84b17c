package reports

import (
	"bytes"
	"strings"
	"testing"

	"paidup/ledger"
)

func (fx *fixture) creditNote(t testing.TB, in ledger.CreditNoteInput) ledger.Document {
	t.Helper()
	cn, err := fx.st.IssueCreditNote(fx.ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	return cn
}

func (fx *fixture) renderCreditNote(t testing.TB, number string) []byte {
	t.Helper()
	cd, err := LoadCreditNote(fx.ctx, fx.st, number)
	if err != nil {
		t.Fatal(err)
	}
	r, err := LoadRenderer(fx.ctx, fx.st)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.CreditNote(&b, cd); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestCreditNotePDF prints a credit note with lines at two rates that
// settles part of one invoice's open amount and keeps the rest as credit:
// pdftotext reads back its lines, taxes, the invoice it credits, what it
// took off and what is left as credit; it asks for no payment.
func TestCreditNotePDF(t *testing.T) {
	fx := newFixture(t)
	inv := fx.invoice(t, "MUL", "2026-03-02", "PO-9",
		ledger.Line{Description: "Workshop", Quantity: qty("1"), UnitPrice: 50000, TaxRate: qty("19")})
	cn := fx.creditNote(t, ledger.CreditNoteInput{CustomerCode: "MUL", Date: day("2026-03-20"), Reference: "RMA-12",
		Lines: []ledger.Line{
			{Description: "Workshop cancelled (half day)", Quantity: qty("1"), UnitPrice: 60000, TaxRate: qty("19")},
			{Description: "Travel refunded", Quantity: qty("2"), UnitPrice: 2500, TaxRate: qty("7")}},
		Apply: []ledger.AllocationInput{{InvoiceNumber: inv.Number, Amount: money("595.00", "EUR")}}})
	pdf := fx.renderCreditNote(t, cn.Number)
	qpdfCheck(t, pdf)
	text := pdfText(t, pdf, 0)
	f := func(minor int64) string { return ledger.NewMoney(minor, "EUR").Format("de-DE") }
	// 600.00 + 19 % = 714.00; 50.00 + 7 % = 53.50; total 767.50, of
	// which 595.00 (the invoice's whole total) settles INV-000001.
	mustContain(t, text, "Credit note", cn.Number, "Müller Łódź Sp. z o.o.", "CREDIT TO", "RMA-12", "20.03.2026",
		"Credits invoice", inv.Number, "02.03.2026", "Workshop cancelled (half day)", "Travel refunded",
		"Subtotal", f(65000), "Tax 7% on "+f(5000), f(350), "Tax 19% on "+f(60000), f(11400),
		"Total credited", f(76750), "APPLIED TO", "Credited", f(59500), "Still owed", f(0),
		f(17250)+" is kept as your credit", "Page 1 of 1")
	for _, never := range []string{"Balance due", "How to pay", "Scan to pay", "Please pay"} {
		if strings.Contains(text, never) {
			t.Errorf("a credit note asks for payment: %q in\n%s", never, text)
		}
	}
	if a, b := fx.renderCreditNote(t, cn.Number), fx.renderCreditNote(t, cn.Number); !bytes.Equal(a, b) {
		t.Error("two renderings of one credit note differ")
	}

	// Voided, it says so and is stamped.
	if err := fx.st.Void(fx.ctx, cn.Number, day("2026-03-21"), "issued in error"); err != nil {
		t.Fatal(err)
	}
	mustContain(t, pdfText(t, fx.renderCreditNote(t, cn.Number), 0), "VOID", "voided on 21.03.2026 (issued in error)")
}

// TestCreditNoteKeptAsCredit: a credit note that settles nothing says the
// whole amount is kept as credit and names no invoice.
func TestCreditNoteKeptAsCredit(t *testing.T) {
	fx := newFixture(t)
	cn := fx.creditNote(t, ledger.CreditNoteInput{CustomerCode: "JP", Date: day("2026-03-20"), KeepUnapplied: true,
		Lines: []ledger.Line{{Description: "Volume rebate", Quantity: qty("1"), UnitPrice: 12000, TaxRate: qty("10")}}})
	text := pdfText(t, fx.renderCreditNote(t, cn.Number), 0)
	mustContain(t, text, "Volume rebate", "The whole amount", "is kept as your credit")
	if strings.Contains(text, "Credits invoice") {
		t.Errorf("a credit note kept as credit names an invoice:\n%s", text)
	}
}

func TestCreditNoteNotACreditNote(t *testing.T) {
	fx := newFixture(t)
	inv := fx.mullerInvoice(t)
	if _, err := LoadCreditNote(fx.ctx, fx.st, inv.Number); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("an invoice printed as a credit note: %v", err)
	}
}
