package reports

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"paidup/ledger"
)

// mustContain fails for every want missing from text.
func mustContain(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(text, normSpace(w)) {
			t.Errorf("the PDF text lacks %q", w)
		}
	}
	if t.Failed() {
		t.Logf("text:\n%s", text)
	}
}

func TestInvoicePDFText(t *testing.T) {
	fx := newFixture(t)
	inv := fx.mullerInvoice(t)
	pdf := fx.render(t, inv.Number)
	qpdfCheck(t, pdf)
	text := pdfText(t, pdf, 0)
	f := func(minor int64) string { return ledger.NewMoney(minor, "EUR").Format("de-DE") }
	mustContain(t, text,
		"INV-000001", "Müller Łódź Sp. z o.o.", "ul. Piotrkowska 104", "90-926 Łódź", "PL7251234567",
		"Nordlicht Design Studio", "Hafenstraße 12", "DE123456789", "PO-4711",
		"02.03.2026", "16.03.2026", "Net 14 days",
		"a written summary of the\noutcomes", // the end of the wrapped description
		f(120000), f(240000), f(250000), f(225000), f(4500), f(11250), "2,5", "10%", "19%", "7%",
		"Subtotal", f(476250), "Tax 7% on "+f(11250), f(788), "Tax 19% on "+f(465000), f(88350),
		"Total", f(565388), "Amount paid", f(100000), "Balance due", f(465388),
		"DE89 3704 0044 0532 0130 00", "HASPDEHHXXX", "https://pay.example/nordlicht", "Scan to pay",
		"Vielen Dank für Ihren Auftrag.", "Amtsgericht Hamburg HRB 12345", "Page 1 of 1", "€")
	if strings.Contains(text, "PAID") || strings.Contains(text, "VOID") {
		t.Error("an open invoice is stamped")
	}
	if !strings.Contains(f(565388), "€") || !strings.Contains(f(565388), "5.653,88") {
		t.Fatalf("de-DE format changed: %q", f(565388))
	}
}

func TestInvoiceGolden(t *testing.T) {
	fx := newFixture(t)
	inv := fx.mullerInvoice(t)
	a, b := fx.render(t, inv.Number), fx.render(t, inv.Number)
	if !bytes.Equal(a, b) {
		t.Fatal("two renderings of one invoice differ: the output is not deterministic")
	}
	golden(t, "invoice.golden.pdf", a)
}

// TestInvoicePaginates prints a 200-line invoice: every page repeats the
// table header and says "Page i of n", and every line is printed once, in
// order.
func TestInvoicePaginates(t *testing.T) {
	fx := newFixture(t)
	var lines []ledger.Line
	for i := 1; i <= 200; i++ {
		desc := fmt.Sprintf("Item %03d: colour proof", i)
		if i%17 == 0 {
			desc += " with a long note that wraps onto further lines because it describes exactly what was delivered and when"
		}
		lines = append(lines, ledger.Line{Description: desc, Quantity: qty("1"), UnitPrice: int64(1000 + i), TaxRate: qty("19")})
	}
	inv := fx.invoice(t, "US", "2026-03-02", "", lines...)
	pdf := fx.render(t, inv.Number)
	qpdfCheck(t, pdf)
	n := pageCount(t, pdf)
	if n < 4 {
		t.Fatalf("200 lines on %d pages", n)
	}
	next := 1
	for p := 1; p <= n; p++ {
		text := pdfText(t, pdf, p)
		if !strings.Contains(text, fmt.Sprintf("Page %d of %d", p, n)) {
			t.Errorf("page %d lacks its page number", p)
		}
		if p > 1 && !strings.Contains(text, "Invoice "+inv.Number+" (continued)") {
			t.Errorf("page %d does not say which invoice it continues", p)
		}
		first := next
		for next <= 200 && strings.Contains(text, fmt.Sprintf("Item %03d:", next)) {
			next++
		}
		if next == first {
			continue // the totals' page
		}
		if !strings.Contains(text, "Description Qty Unit price Tax Amount") {
			t.Errorf("page %d has lines %d to %d but no table header", p, first, next-1)
		}
	}
	if next != 201 {
		t.Errorf("lines printed in order up to item %d of 200", next-1)
	}
	mustContain(t, pdfText(t, pdf, 0), "Balance due "+ledger.NewMoney(inv.Total.Minor, "USD").Format("de-DE"))
}

// TestInvoiceMinorDigits prints amounts with the currency's own decimals:
// none for JPY, three for KWD.
func TestInvoiceMinorDigits(t *testing.T) {
	fx := newFixture(t)
	if err := fx.st.ChangeSetting(fx.ctx, "invoice.locale", "en-US"); err != nil {
		t.Fatal(err)
	}
	jp := fx.invoice(t, "JP", "2026-03-02", "", ledger.Line{Description: "Consulting", Quantity: qty("3"), UnitPrice: 12345, TaxRate: qty("10")})
	kw := fx.invoice(t, "KW", "2026-03-02", "", ledger.Line{Description: "Consulting", Quantity: qty("2"), UnitPrice: 1234, TaxRate: qty("5")})
	jt := pdfText(t, fx.render(t, jp.Number), 0)
	mustContain(t, jt, "Tanaka Shōji K.K.", "¥12,345", "¥37,035", "¥3,704", "¥40,739")
	for _, bad := range []string{"12,345.0", "37,035.0", "40,739.0"} {
		if strings.Contains(jt, bad) {
			t.Errorf("JPY printed with decimals: %q", bad)
		}
	}
	kt := pdfText(t, fx.render(t, kw.Number), 0)
	mustContain(t, kt, "KWD 1.234", "KWD 2.468", "KWD 0.123", "KWD 2.591")
	if jp.Total.Minor != 40739 || kw.Total.Minor != 2591 {
		t.Fatalf("totals %v %v", jp.Total, kw.Total)
	}
}

func TestInvoiceStamps(t *testing.T) {
	fx := newFixture(t)
	paid := fx.invoice(t, "US", "2026-03-02", "", ledger.Line{Description: "Work", Quantity: qty("1"), UnitPrice: 5000})
	fx.pay(t, "US", "2026-03-05", money("50.00", "USD"), ledger.AllocationInput{InvoiceNumber: paid.Number, Amount: money("50.00", "USD")})
	void := fx.invoice(t, "US", "2026-03-02", "", ledger.Line{Description: "Work", Quantity: qty("1"), UnitPrice: 7000})
	if err := fx.st.Void(fx.ctx, void.Number, day("2026-03-04"), "issued twice"); err != nil {
		t.Fatal(err)
	}
	pt := pdfText(t, fx.render(t, paid.Number), 0)
	mustContain(t, pt, "PAID", "Paid in full")
	if strings.Contains(pt, "Scan to pay") {
		t.Error("a paid invoice asks for payment")
	}
	vt := pdfText(t, fx.render(t, void.Number), 0)
	mustContain(t, vt, "VOID", "voided on 04.03.2026 (issued twice)")

	id, err := fx.st.SaveDraft(fx.ctx, 0, ledger.InvoiceInput{CustomerCode: "MUL", Date: day("2026-03-20"),
		Lines: []ledger.Line{{Description: "Draft work", Quantity: qty("1"), UnitPrice: 1000}}})
	if err != nil {
		t.Fatal(err)
	}
	d, err := fx.st.DocumentByID(fx.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := fx.st.CustomerByCode(fx.ctx, "MUL")
	r, err := LoadRenderer(fx.ctx, fx.st)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.Invoice(&b, InvoiceData{Doc: d, Customer: c, Paid: ledger.NewMoney(0, "EUR")}); err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, b.Bytes())
	mustContain(t, pdfText(t, b.Bytes(), 0), "DRAFT", "Draft work")
}

func TestInvoiceNotAnInvoice(t *testing.T) {
	fx := newFixture(t)
	p := fx.pay(t, "US", "2026-03-05", money("50.00", "USD"))
	if _, err := LoadInvoice(fx.ctx, fx.st, p.Number); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("a payment printed as an invoice: %v", err)
	}
	if _, err := LoadInvoice(fx.ctx, fx.st, "INV-999999"); ledger.ErrorCode(err) != ledger.ENOTFOUND {
		t.Errorf("missing invoice: %v", err)
	}
}

// TestLogoProblems: a logo that no longer decodes stops the renderer with
// a message that says how to fix it; no profile logo prints none.
func TestLogoProblems(t *testing.T) {
	fx := newFixture(t)
	p, err := fx.st.BusinessProfile(fx.ctx)
	if err != nil {
		t.Fatal(err)
	}
	good := *p.Logo
	for name, data := range map[string][]byte{
		"Truncated": good.Data[:len(good.Data)/2],
		"Garbage":   []byte("\x89PNG\r\n\x1a\nnot really a png"),
	} {
		p.Logo = &ledger.Image{Format: "png", Width: 240, Height: 96, Data: data}
		_, err := NewRenderer(p)
		if err == nil || !strings.Contains(err.Error(), "business.logo") || !strings.Contains(err.Error(), "settings set business.logo") {
			t.Errorf("%s logo: %v", name, err)
		}
	}
	p.Logo = nil
	r, err := NewRenderer(p)
	if err != nil {
		t.Fatal(err)
	}
	inv := fx.invoice(t, "US", "2026-03-02", "", ledger.Line{Description: "Work", Quantity: qty("1"), UnitPrice: 5000})
	data, err := LoadInvoice(fx.ctx, fx.st, inv.Number)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := r.Invoice(&b, data); err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, b.Bytes())
}

// TestLogoFormats: a JPEG logo, a large one and an interlaced-free
// 16-bit PNG all print (fpdf alone refuses some PNGs).
func TestLogoFormats(t *testing.T) {
	fx := newFixture(t)
	inv := fx.invoice(t, "US", "2026-03-02", "", ledger.Line{Description: "Work", Quantity: qty("1"), UnitPrice: 5000})
	for name, data := range map[string][]byte{"JPEG": jpegLogo(t, 300, 100), "Large16bitPNG": png16(t, 3000, 900)} {
		if _, err := fx.st.SetSettingFile(fx.ctx, "business.logo", data); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		qpdfCheck(t, fx.render(t, inv.Number))
	}
}

func TestClean(t *testing.T) {
	for in, want := range map[string]string{
		"Müller Łódź":          "Müller Łódź",
		"1\u202f234,50\u00a0€": "1\u00a0234,50\u00a0€",
		"\u200fabc":            "\u200fabc", // the bidi algorithm reads the mark; drawing drops it
		"tab\there":            "tab here",
		"株式会社":                 "株式会社",
		"Nguye\u0302\u0303n":   "Nguyễn", // composed, so the precomposed glyph is found
	} {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
}
