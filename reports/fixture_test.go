package reports

import (
	"bytes"
	"context"
	"flag"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"paidup/internal/pgtest"
	"paidup/ledger"
)

var update = flag.Bool("update", false, "rewrite the golden PDFs in testdata/")

// fixture is a ledger with a full business profile and customers in EUR
// (with a Polish name), JPY, KWD and USD.
type fixture struct {
	st  *ledger.Store
	ctx context.Context
}

func day(s string) time.Time {
	d, err := ledger.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// logoPNG is a 240×96 PNG with a transparent background (the renderer
// must flatten it onto white): a green disc and three aurora bars.
func logoPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 240, 96))
	green := color.NRGBA{R: 21, G: 94, B: 58, A: 255}
	teal := color.NRGBA{R: 32, G: 160, B: 140, A: 255}
	for y := 0; y < 96; y++ {
		for x := 0; x < 240; x++ {
			dx, dy := x-48, y-48
			switch {
			case dx*dx+dy*dy <= 44*44 && dx*dx+dy*dy >= 30*30:
				img.Set(x, y, green)
			case dx*dx+dy*dy < 16*16:
				img.Set(x, y, teal)
			case x >= 108 && ((y >= 22 && y < 34 && x < 236) || (y >= 42 && y < 54 && x < 206) || (y >= 62 && y < 74 && x < 176)):
				img.Set(x, y, teal)
			}
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := ledger.Open(ctx, pgtest.LedgerPath(t, "reports.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.Now = func() time.Time { return time.Date(2026, 3, 31, 12, 0, 0, 0, time.UTC) }
	t.Cleanup(func() { st.Close() })
	fx := &fixture{st: st, ctx: ctx}
	for _, kv := range [][2]string{
		{"business.name", "Nordlicht Design Studio"},
		{"business.address", "Hafenstraße 12\n20457 Hamburg\nGermany"},
		{"business.email", "accounts@nordlicht.example"},
		{"business.phone", "+49 40 1234567"},
		{"business.tax_id", "DE123456789"},
		{"payment.bank", "Hamburger Sparkasse"},
		{"payment.iban", "DE89 3704 0044 0532 0130 00"},
		{"payment.bic", "HASPDEHHXXX"},
		{"payment.link", "https://pay.example/nordlicht"},
		{"invoice.footer", "Nordlicht Design Studio GmbH · Amtsgericht Hamburg HRB 12345"},
		{"invoice.locale", "de-DE"},
		// German numbers and dates, English words: the layout tests read
		// English; labels_test.go prints every document language.
		{"invoice.language", "en"},
		{"invoice.notes", "Vielen Dank für Ihren Auftrag."},
	} {
		if err := st.ChangeSetting(ctx, kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.SetSettingFile(ctx, "business.logo", logoPNG(t)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []ledger.Customer{
		{Code: "MUL", Name: "Müller Łódź Sp. z o.o.", Currency: "EUR", TermsDays: 14, Email: "ksiegowosc@muller.example",
			Address: "ul. Piotrkowska 104\n90-926 Łódź\nPoland", TaxID: "PL7251234567"},
		{Code: "JP", Name: "Tanaka Shōji K.K.", Currency: "JPY", TermsDays: 30},
		{Code: "KW", Name: "Al-Sabah Trading W.L.L.", Currency: "KWD", TermsDays: 30},
		{Code: "US", Name: "Acme LLC", Currency: "USD", TermsDays: 30},
	} {
		if _, err := st.CreateCustomer(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	return fx
}

func (fx *fixture) invoice(t testing.TB, cust, date, ref string, lines ...ledger.Line) ledger.Document {
	t.Helper()
	d, err := fx.st.IssueInvoice(fx.ctx, ledger.InvoiceInput{CustomerCode: cust, Date: day(date), Reference: ref, Lines: lines})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func (fx *fixture) pay(t testing.TB, cust, date string, amount ledger.Money, apply ...ledger.AllocationInput) ledger.Document {
	t.Helper()
	p, err := fx.st.RecordPayment(fx.ctx, ledger.PaymentInput{CustomerCode: cust, Date: day(date), Amount: amount, Reference: "TRF " + date, Apply: apply})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func money(s, cur string) ledger.Money {
	m, err := ledger.ParseMoney(s, cur)
	if err != nil {
		panic(err)
	}
	return m
}

func qty(s string) ledger.Decimal4 {
	d, err := ledger.ParseDecimal4(s)
	if err != nil {
		panic(err)
	}
	return d
}

// mullerInvoice is the golden invoice: a long wrapping description, a
// discount, two tax rates, a PO number and a part payment.
func (fx *fixture) mullerInvoice(t testing.TB) ledger.Document {
	inv := fx.invoice(t, "MUL", "2026-03-02", "PO-4711",
		ledger.Line{Description: "Brand identity workshop (two days, on site in Łódź), including preparation, moderation materials and a written summary of the outcomes",
			Quantity: qty("2"), UnitPrice: 120000, TaxRate: qty("19")},
		ledger.Line{Description: "Logo design for Müller Łódź", Quantity: qty("1"), UnitPrice: 250000, Discount: qty("10"), TaxRate: qty("19")},
		ledger.Line{Description: "Travel expenses", Quantity: qty("2.5"), UnitPrice: 4500, TaxRate: qty("7")})
	fx.pay(t, "MUL", "2026-03-10", money("1000.00", "EUR"), ledger.AllocationInput{InvoiceNumber: inv.Number, Amount: money("1000.00", "EUR")})
	return inv
}

func (fx *fixture) render(t testing.TB, number string) []byte {
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
	if err := r.Invoice(&b, data); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// tool finds a command the tests need, failing (never skipping) with the
// Debian package to install when it is missing.
func tool(t testing.TB, bin, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(bin)
	if err != nil {
		t.Fatalf("this test needs %s: install the Debian package %s (scripts/deps.sh test does)", bin, pkg)
	}
	return p
}

func writeTemp(t testing.TB, pdf []byte) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(f, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	return f
}

// pdfText extracts the text of a PDF (page 0: all pages) with poppler's
// pdftotext, spaces normalised: no-break spaces become spaces and runs of
// blanks one space, so amounts compare as Money.Format prints them.
func pdfText(t testing.TB, pdf []byte, page int) string {
	t.Helper()
	// -raw keeps the order of the content stream: a rotated stamp stays
	// one word, and table cells stay in row order.
	args := []string{"-raw", "-enc", "UTF-8"}
	if page > 0 {
		args = append(args, "-f", strconv.Itoa(page), "-l", strconv.Itoa(page))
	}
	out, err := exec.Command(tool(t, "pdftotext", "poppler-utils"), append(args, writeTemp(t, pdf), "-")...).CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	return normSpace(string(out))
}

func normSpace(s string) string {
	s = strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s)
	var lines []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// qpdfCheck runs qpdf --check, which parses the whole file: structure,
// cross-references, streams.
func qpdfCheck(t testing.TB, pdf []byte) {
	t.Helper()
	out, err := exec.Command(tool(t, "qpdf", "qpdf"), "--check", writeTemp(t, pdf)).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "No syntax or stream encoding errors") {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
}

// pageCount reads the number of pages with poppler's pdfinfo.
func pageCount(t testing.TB, pdf []byte) int {
	t.Helper()
	out, err := exec.Command(tool(t, "pdfinfo", "poppler-utils"), writeTemp(t, pdf)).CombinedOutput()
	if err != nil {
		t.Fatalf("pdfinfo: %v\n%s", err, out)
	}
	for _, l := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(l, "Pages:"); ok {
			n, err := strconv.Atoi(strings.TrimSpace(rest))
			if err != nil {
				t.Fatalf("pdfinfo: %v", err)
			}
			return n
		}
	}
	t.Fatalf("pdfinfo gave no page count:\n%s", out)
	return 0
}

// golden compares a PDF with testdata/name byte for byte, or rewrites it
// with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./reports -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		bad := filepath.Join(t.TempDir(), name)
		os.WriteFile(bad, got, 0o644)
		t.Fatalf("%s differs from the golden file (%d vs %d bytes); the new one is %s. If the change is intended, run go test ./reports -run %s -update",
			path, len(got), len(want), bad, t.Name())
	}
}

func jpegLogo(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{R: uint8(x), G: uint8(y), B: 90, A: 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// png16 is a 16-bit RGBA PNG, which fpdf cannot embed as it is.
func png16(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA64(image.Rect(0, 0, w, h))
	for y := 0; y < h; y += 3 {
		for x := 0; x < w; x += 3 {
			img.Set(x, y, color.NRGBA64{R: uint16(x * 20), G: uint16(y * 60), B: 9000, A: 40000})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
