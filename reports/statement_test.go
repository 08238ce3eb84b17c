package reports

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"paidup/ledger"
)

// statementHistory gives Müller a quarter of business: the golden invoice
// (part paid), an overdue invoice, a credit note, a write-off, a voided
// invoice and an unapplied payment.
func (fx *fixture) statementHistory(t testing.TB) {
	t.Helper()
	fx.invoice(t, "MUL", "2025-12-15", "PO-4600", ledger.Line{Description: "Website maintenance Q4", Quantity: qty("1"), UnitPrice: 80000, TaxRate: qty("19")})
	fx.mullerInvoice(t) // INV-000002, 5,653.88; 1,000.00 paid on 2026-03-10 (PAY-000001)
	fx.invoice(t, "MUL", "2026-01-20", "", ledger.Line{Description: "Photography", Quantity: qty("1"), UnitPrice: 30000, TaxRate: qty("19")})
	if _, err := fx.st.IssueCreditNote(fx.ctx, ledger.CreditNoteInput{CustomerCode: "MUL", Date: day("2026-02-05"),
		Lines: []ledger.Line{{Description: "Goodwill", Quantity: qty("1"), UnitPrice: 5000, TaxRate: qty("19")}},
		Apply: []ledger.AllocationInput{{InvoiceNumber: "INV-000003", Amount: money("59.50", "EUR")}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.st.WriteOff(fx.ctx, "INV-000001", day("2026-02-20"), money("52.00", "EUR"), "small balance"); err != nil {
		t.Fatal(err)
	}
	fx.invoice(t, "MUL", "2026-02-25", "", ledger.Line{Description: "Duplicate", Quantity: qty("1"), UnitPrice: 10000})
	if err := fx.st.Void(fx.ctx, "INV-000004", day("2026-02-26"), "issued twice"); err != nil {
		t.Fatal(err)
	}
	if _, err := fx.st.RecordPayment(fx.ctx, ledger.PaymentInput{CustomerCode: "MUL", Date: day("2026-03-20"), Amount: money("200.00", "EUR"),
		Reference: "TRF 2026-03-20", KeepUnapplied: true}); err != nil {
		t.Fatal(err)
	}
}

func (fx *fixture) statement(t testing.TB, code string, o StatementOptions) (StatementData, []byte) {
	t.Helper()
	sd, err := LoadStatement(fx.ctx, fx.st, code, o)
	if err != nil {
		t.Fatal(err)
	}
	r, err := LoadRenderer(fx.ctx, fx.st)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.Statement(&b, sd); err != nil {
		t.Fatal(err)
	}
	return sd, b.Bytes()
}

func eur(minor int64) string { return ledger.NewMoney(minor, "EUR").Format("de-DE") }

func TestOpenItemStatementText(t *testing.T) {
	fx := newFixture(t)
	fx.statementHistory(t)
	if _, err := fx.st.OpenDispute(fx.ctx, "INV-000003", "photos not delivered"); err != nil {
		t.Fatal(err)
	}
	sd, pdf := fx.statement(t, "MUL", StatementOptions{Kind: OpenItem, To: day("2026-03-31")})
	qpdfCheck(t, pdf)
	text := pdfText(t, pdf, 0)
	// INV-000001: 952.00 − 52.00 written off = 900.00, due 2025-12-29: 92 days over.
	// INV-000002: 5,653.88 − 1,000.00 = 4,653.88, due 2026-03-16: 15 days.
	// INV-000003: 357.00 − 59.50 = 297.50, due 2026-02-03: 56 days.
	// PAY-000002: 200.00 unapplied.
	mustContain(t, text, "Statement", "Open items on 31.03.2026", "Müller Łódź Sp. z o.o.", "MUL",
		"Invoice INV-000001 29.12.2025 92 d "+eur(95200)+" "+eur(90000)+" "+eur(90000),
		"Invoice INV-000003 (in\ndispute)\n03.02.2026 56 d "+eur(35700)+" "+eur(29750)+" "+eur(119750),
		"Invoice INV-000002 16.03.2026 15 d "+eur(565388)+" "+eur(465388)+" "+eur(585138),
		"Payment PAY-000002 "+eur(-20000)+" "+eur(-20000)+" "+eur(565138),
		"AGING ON 31.03.2026", "Current 1-30 days 31-60 days 61-90 days 91+ days Credits Total",
		eur(0)+" "+eur(465388)+" "+eur(29750)+" "+eur(0)+" "+eur(90000)+" "+eur(-20000)+" "+eur(565138),
		"Please detach and return this part with your payment", "Remittance", "Balance due "+eur(565138),
		"Reference MUL", "DE89 3704 0044 0532 0130 00", "Scan to pay", "Page 1 of 1")
	if strings.Contains(text, "INV-000004") {
		t.Error("the voided invoice is listed as open")
	}
	if sd.Open.Aging.Total != 565138 {
		t.Errorf("total %d", sd.Open.Aging.Total)
	}
}

func TestActivityStatementText(t *testing.T) {
	fx := newFixture(t)
	fx.statementHistory(t)
	sd, pdf := fx.statement(t, "MUL", StatementOptions{Kind: Activity, From: day("2026-02-01"), To: day("2026-03-31")})
	qpdfCheck(t, pdf)
	a := sd.Activity
	// Brought forward on 2026-02-01: INV-000001 952.00 + INV-000003 357.00.
	if a.Opening.Minor != 130900 || a.Closing.Minor != sd.Open.Aging.Total || a.Closing.Minor != 565138 {
		t.Fatalf("opening %v closing %v aging %d", a.Opening, a.Closing, sd.Open.Aging.Total)
	}
	text := pdfText(t, pdf, 0)
	mustContain(t, text, "Account activity 01.02.2026 – 31.03.2026", "Period 01.02.2026 – 31.03.2026",
		"01.02.2026 Balance brought forward "+eur(130900),
		"05.02.2026 Credit note CN-000001 "+eur(5950)+" "+eur(124950),
		"20.02.2026 Write-off WO-000001 INV-000001 "+eur(5200)+" "+eur(119750),
		"25.02.2026 Invoice INV-000004 due 11.03.2026 "+eur(10000)+" "+eur(129750),
		"26.02.2026 Void of invoice INV-000004 "+eur(10000)+" "+eur(119750),
		"02.03.2026 Invoice INV-000002 due 16.03.2026\nPO-4711\n"+eur(565388)+" "+eur(685138),
		"10.03.2026 Payment PAY-000001 TRF 2026-03-10 "+eur(100000)+" "+eur(585138),
		"20.03.2026 Payment PAY-000002 TRF 2026-03-20 "+eur(20000)+" "+eur(565138),
		"31.03.2026 Balance carried forward "+eur(575388)+" "+eur(141150)+" "+eur(565138),
		"AGING ON 31.03.2026", "Remittance", "Balance due "+eur(565138))
}

func TestStatementGolden(t *testing.T) {
	fx := newFixture(t)
	fx.statementHistory(t)
	o := StatementOptions{Kind: Activity, From: day("2026-02-01"), To: day("2026-03-31")}
	_, a := fx.statement(t, "MUL", o)
	_, b := fx.statement(t, "MUL", o)
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of one statement differ: the output is not deterministic")
	}
	golden(t, "statement.golden.pdf", a)
}

// TestStatementPaginates: 120 open invoices run over pages with the table
// header on each, and the remittance slip ends the last page.
func TestStatementPaginates(t *testing.T) {
	fx := newFixture(t)
	start := day("2025-06-01")
	for i := 0; i < 120; i++ {
		fx.invoice(t, "US", start.AddDate(0, 0, i*2).Format(ledger.DateLayout), "", ledger.Line{Description: "Work", Quantity: qty("1"), UnitPrice: int64(10000 + i)})
	}
	sd, pdf := fx.statement(t, "US", StatementOptions{To: day("2026-03-31")})
	qpdfCheck(t, pdf)
	if len(sd.Open.Items) != 120 {
		t.Fatalf("%d items", len(sd.Open.Items))
	}
	n := pageCount(t, pdf)
	if n < 3 {
		t.Fatalf("120 items on %d pages", n)
	}
	for p := 1; p <= n; p++ {
		text := pdfText(t, pdf, p)
		if strings.Contains(text, "Invoice INV-") && !strings.Contains(text, "Date Document Due Overdue Original Open Balance") {
			t.Errorf("page %d lists invoices without the table header", p)
		}
		if !strings.Contains(text, fmt.Sprintf("Page %d of %d", p, n)) {
			t.Errorf("page %d lacks its number", p)
		}
		if strings.Contains(text, "Remittance") != (p == n) {
			t.Errorf("page %d: remittance slip only on the last page", p)
		}
	}
}

func TestStatementNothingOpen(t *testing.T) {
	fx := newFixture(t)
	sd, pdf := fx.statement(t, "KW", StatementOptions{To: day("2026-03-31")})
	qpdfCheck(t, pdf)
	if len(sd.Open.Items) != 0 {
		t.Fatal(sd.Open.Items)
	}
	mustContain(t, pdfText(t, pdf, 0), "Nothing is open", "Al-Sabah Trading W.L.L.")
}

func TestStatementErrors(t *testing.T) {
	fx := newFixture(t)
	if _, err := LoadStatement(fx.ctx, fx.st, "NOPE", StatementOptions{To: day("2026-03-31")}); ledger.ErrorCode(err) != ledger.ENOTFOUND {
		t.Errorf("unknown customer: %v", err)
	}
	if _, err := LoadStatement(fx.ctx, fx.st, "MUL", StatementOptions{Kind: "weekly", To: day("2026-03-31")}); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("unknown kind: %v", err)
	}
	if _, err := LoadStatement(fx.ctx, fx.st, "MUL", StatementOptions{Kind: Activity, To: day("2026-03-31")}); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("activity without a from date: %v", err)
	}
}
