package reports

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"paidup/ledger"
)

// scriptCases are the customers of the golden test per script: a name in
// each script Paidup prints and an amount in the currency and locale of
// the country, whose sign the embedded Go font lacks for several (₫ ₩ ₪ ₺
// ₽ ₹ ￥).
//
// shown, when set, is the amount as pdftotext gives it back, where that
// is not as typed: a right-to-left currency sign with dots in it (د.إ.)
// beside digits reads back in the order it stands on the page. Poppler
// reorders right-to-left text by words and takes the page as left to
// right; neither the page nor its marked text can make it put the dots of
// "4,250.50 د.إ." back (the name, one right-to-left run, it does).
var scriptCases = []struct {
	script, locale, currency, name, amount, shown string
}{
	{"Vietnamese", "vi-VN", "VND", "Thương mại Nguyễn Đức", "12500000", ""},
	{"Simplified Chinese", "zh-CN", "CNY", "北京星辰贸易有限公司", "8650.00", ""},
	{"Japanese", "ja-JP", "JPY", "株式会社さくら商事", "1358024", ""},
	{"Korean", "ko-KR", "KRW", "주식회사 한빛상사", "1500000", ""},
	{"Arabic", "ar-AE", "AED", "شركة النور للتجارة", "4250.50", ".إ.د 4,250.50"},
	{"Hebrew", "he-IL", "ILS", "חברת אור השחר בע״מ", "3120.00", ""},
	{"Thai", "th-TH", "THB", "บริษัท สยามการค้า จำกัด", "15750.00", ""},
	{"Hindi", "hi-IN", "INR", "शर्मा ट्रेडर्स प्राइवेट लिमिटेड", "123456.50", ""},
	{"Greek", "el-GR", "EUR", "Εμπορική Αθηνών Α.Ε.", "2480.00", ""},
	{"Russian", "ru-RU", "RUB", "ООО «Ромашка и Ёлка»", "98500.00", ""},
	{"Polish", "pl-PL", "PLN", "Przedsiębiorstwo Źdźbło Sp. z o.o.", "7340.25", ""},
	{"Czech", "cs-CZ", "CZK", "Řeznictví Dvořák s.r.o.", "15600.00", ""},
	{"Turkish", "tr-TR", "TRY", "Işık Ticaret A.Ş.", "4999.90", ""},
	{"Armenian", "hy-AM", "AMD", "Հայկական Առևտուր ՍՊԸ", "1250000.00", ""},
	{"Georgian", "ka-GE", "GEL", "საქართველოს ვაჭრობა შპს", "850.00", ""},
}

// printed is text as a PDF of ours prints it: bidi marks drop out, a
// narrow no-break space is a no-break space (then a space in pdfText).
func printed(s string) string {
	var b strings.Builder
	for _, r := range clean(s) {
		if !invisible(r) {
			b.WriteRune(r)
		}
	}
	return normSpace(b.String())
}

// TestScriptsGolden prints an invoice to a customer named in each script,
// in the customer's currency and locale: pdftotext gives the name and the
// amount back exactly, nothing is missing, and the PDF of a one-line
// Chinese name stays small (the fonts are subset).
func TestScriptsGolden(t *testing.T) {
	for _, c := range scriptCases {
		t.Run(c.script, func(t *testing.T) {
			fx := newFixture(t)
			if err := fx.st.ChangeSetting(fx.ctx, "invoice.locale", c.locale); err != nil {
				t.Fatal(err)
			}
			if _, err := fx.st.CreateCustomer(fx.ctx, ledger.Customer{Code: "X", Name: c.name, Currency: c.currency,
				TermsDays: 30, Address: c.name}); err != nil {
				t.Fatal(err)
			}
			inv := fx.invoice(t, "X", "2026-03-02", "", ledger.Line{Description: c.name, Quantity: qty("1"),
				UnitPrice: money(c.amount, c.currency).Minor})
			pdf, missing := fx.renderMissing(t, inv.Number)
			if len(missing) > 0 {
				t.Errorf("runes missing: %q", missing)
			}
			qpdfCheck(t, pdf)
			text := readingText(t, pdf)
			amount := printed(money(c.amount, c.currency).Format(c.locale))
			if c.shown != "" {
				amount = c.shown
			}
			mustContain(t, text, printed(c.name), amount)
			if strings.ContainsRune(text, '?') || strings.ContainsRune(text, '\ufffd') {
				t.Errorf("the text has a ? or a replacement character:\n%s", text)
			}
			if c.script == "Simplified Chinese" && len(pdf) >= 200_000 {
				t.Errorf("the invoice with a Chinese name is %d bytes, want < 200 KB", len(pdf))
			}
			t.Logf("%s: %d bytes; %s", c.script, len(pdf), amount)
			if dir := os.Getenv("PAIDUP_SCRIPTS_OUT"); dir != "" {
				os.WriteFile(filepath.Join(dir, strings.ReplaceAll(c.script, " ", "-")+".pdf"), pdf, 0o644)
			}
		})
	}
}

// readingText is the PDF's text as pdftotext reads it in its default
// mode, which puts right-to-left text back in the order it was typed (the
// -raw mode of pdfText keeps the page's order), without the embedding
// marks (U+202A…U+202E) poppler puts around right-to-left runs.
func readingText(t testing.TB, pdf []byte) string {
	t.Helper()
	out, err := exec.Command(tool(t, "pdftotext", "poppler-utils"), "-enc", "UTF-8", writeTemp(t, pdf), "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return normSpace(strings.Map(func(r rune) rune {
		if r >= '\u202a' && r <= '\u202e' {
			return -1
		}
		return r
	}, string(out)))
}

// renderMissing renders an invoice and returns what the renderer said is
// missing.
func (fx *fixture) renderMissing(t testing.TB, number string) ([]byte, []rune) {
	t.Helper()
	data, err := LoadInvoice(fx.ctx, fx.st, number)
	if err != nil {
		t.Fatal(err)
	}
	r, err := LoadRenderer(fx.ctx, fx.st)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	err = r.Invoice(&b, data)
	var mg *MissingGlyphs
	if err != nil && !errors.As(err, &mg) {
		t.Fatal(err)
	}
	if mg != nil {
		return b.Bytes(), mg.Runes
	}
	return b.Bytes(), nil
}

// TestMissingGlyphs prints a name in a script none of the fonts has
// (Ethiopic): the document is written whole, shows U+FFFD where the
// letters are, says so on its first page, keeps the letters in its text,
// and the renderer returns *MissingGlyphs naming them.
func TestMissingGlyphs(t *testing.T) {
	fx := newFixture(t)
	name := "አበበ Trading"
	if _, err := fx.st.CreateCustomer(fx.ctx, ledger.Customer{Code: "ET", Name: name, Currency: "EUR", TermsDays: 30}); err != nil {
		t.Fatal(err)
	}
	inv := fx.invoice(t, "ET", "2026-03-02", "", ledger.Line{Description: "Design", Quantity: qty("1"), UnitPrice: 10000})
	pdf, missing := fx.renderMissing(t, inv.Number)
	if string(missing) != "በአ" {
		t.Errorf("missing = %q, want በ and አ (in code point order)", missing)
	}
	qpdfCheck(t, pdf)
	text := readingText(t, pdf)
	mustContain(t, text, name, "Note: 2 character(s) cannot be printed", "U+1260, U+12A0")
	if strings.ContainsRune(text, '?') {
		t.Errorf("a missing glyph became a ?:\n%s", text)
	}
	if err := (&MissingGlyphs{Runes: missing}).Error(); !strings.Contains(err, "U+1260, U+12A0") {
		t.Errorf("the warning does not name the characters: %s", err)
	}
}

// BenchmarkScriptInvoicePDF renders invoices to a Chinese, an Arabic and
// a Hindi customer: fallback fonts registered, text shaped, subsets
// embedded. The fonts' unpacking and coverage happen once, before.
func BenchmarkScriptInvoicePDF(b *testing.B) {
	for _, script := range []string{"Simplified Chinese", "Arabic", "Hindi"} {
		b.Run(strings.ReplaceAll(script, " ", "-"), func(b *testing.B) {
			fx := newFixture(b)
			var c = scriptCases[0]
			for _, sc := range scriptCases {
				if sc.script == script {
					c = sc
				}
			}
			if err := fx.st.ChangeSetting(fx.ctx, "invoice.locale", c.locale); err != nil {
				b.Fatal(err)
			}
			if _, err := fx.st.CreateCustomer(fx.ctx, ledger.Customer{Code: "X", Name: c.name, Currency: c.currency, TermsDays: 30}); err != nil {
				b.Fatal(err)
			}
			inv := fx.invoice(b, "X", "2026-03-02", "", ledger.Line{Description: c.name, Quantity: qty("1"), UnitPrice: money(c.amount, c.currency).Minor})
			data, err := LoadInvoice(fx.ctx, fx.st, inv.Number)
			if err != nil {
				b.Fatal(err)
			}
			r, err := LoadRenderer(fx.ctx, fx.st)
			if err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			if err := r.Invoice(&buf, data); err != nil {
				b.Fatal(err)
			}
			b.ResetTimer()
			for range b.N {
				buf.Reset()
				if err := r.Invoice(&buf, data); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len())/1024, "KB/pdf")
		})
	}
}

// TestScriptsAgingAndStatement prints every script's customer in one aging
// PDF (landscape, a section per currency) and each one's statement: the
// names come back from pdftotext, and nothing is missing.
func TestScriptsAgingAndStatement(t *testing.T) {
	fx := newFixture(t)
	for i, c := range scriptCases {
		code := fmt.Sprintf("S%02d", i)
		if _, err := fx.st.CreateCustomer(fx.ctx, ledger.Customer{Code: code, Name: c.name, Currency: c.currency, TermsDays: 30, Address: c.name}); err != nil {
			t.Fatal(err)
		}
		fx.invoice(t, code, "2026-01-15", "", ledger.Line{Description: c.name, Quantity: qty("1"), UnitPrice: money(c.amount, c.currency).Minor})
	}
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
		t.Fatalf("aging PDF: %v", err)
	}
	text := readingText(t, b.Bytes())
	for _, c := range scriptCases {
		mustContain(t, text, printed(c.name))
	}
	for i, c := range scriptCases {
		sd, err := LoadStatement(fx.ctx, fx.st, fmt.Sprintf("S%02d", i), StatementOptions{To: day("2026-03-31")})
		if err != nil {
			t.Fatal(err)
		}
		b.Reset()
		if err := r.Statement(&b, sd); err != nil {
			t.Fatalf("%s statement: %v", c.script, err)
		}
		mustContain(t, readingText(t, b.Bytes()), printed(c.name))
	}
}

// TestScriptsConcurrent renders shaped and CJK invoices from several
// goroutines with one renderer, as statements for all do on every core:
// the shared fonts (their shapers are not safe for concurrent use) give
// every goroutine the same bytes.
func TestScriptsConcurrent(t *testing.T) {
	fx := newFixture(t)
	var datas []InvoiceData
	for i, c := range scriptCases {
		code := fmt.Sprintf("S%02d", i)
		if _, err := fx.st.CreateCustomer(fx.ctx, ledger.Customer{Code: code, Name: c.name, Currency: c.currency, TermsDays: 30}); err != nil {
			t.Fatal(err)
		}
		inv := fx.invoice(t, code, "2026-01-15", "", ledger.Line{Description: c.name, Quantity: qty("1"), UnitPrice: money(c.amount, c.currency).Minor})
		d, err := LoadInvoice(fx.ctx, fx.st, inv.Number)
		if err != nil {
			t.Fatal(err)
		}
		datas = append(datas, d)
	}
	r, err := LoadRenderer(fx.ctx, fx.st)
	if err != nil {
		t.Fatal(err)
	}
	want := make([][]byte, len(datas))
	for i, d := range datas {
		var b bytes.Buffer
		if err := r.Invoice(&b, d); err != nil {
			t.Fatal(err)
		}
		want[i] = b.Bytes()
	}
	errs := make(chan error, 4)
	for g := range 4 {
		go func() {
			for k := range datas {
				i := (k + g) % len(datas)
				var b bytes.Buffer
				if err := r.Invoice(&b, datas[i]); err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(b.Bytes(), want[i]) {
					errs <- fmt.Errorf("%s: a concurrent rendering differs", scriptCases[i].script)
					return
				}
			}
			errs <- nil
		}()
	}
	for range 4 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
