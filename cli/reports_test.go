package cli

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"paidup/ledger"

	"paidup/internal/pgtest"
)

// reportsLedger makes a ledger with a profile, an EUR customer with a
// Polish name, a USD customer and a few documents, and returns its path.
func reportsLedger(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	db := pgtest.LedgerPath(t, "reports.db")
	st, err := ledger.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, kv := range [][2]string{{"business.name", "Nordlicht Design Studio"}, {"payment.iban", "DE89370400440532013000"}} {
		if err := st.ChangeSetting(ctx, kv[0], kv[1]); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []ledger.Customer{
		{Code: "MUL", Name: "Müller Łódź Sp. z o.o.", Currency: "EUR", TermsDays: 14},
		{Code: "US/1", Name: "Acme LLC", Currency: "USD", TermsDays: 30},
		{Code: "PAID", Name: "Settled Ltd", Currency: "USD", TermsDays: 30},
	} {
		if _, err := st.CreateCustomer(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	d := func(s string) time.Time { x, _ := ledger.ParseDate(s); return x }
	for _, in := range []ledger.InvoiceInput{
		{CustomerCode: "MUL", Date: d("2026-03-02"), Lines: []ledger.Line{{Description: "Workshop in Łódź", Quantity: ledger.D4(2), UnitPrice: 120000, TaxRate: ledger.D4(19)}}},
		{CustomerCode: "US/1", Date: d("2026-02-10"), Lines: []ledger.Line{{Description: "Design", Quantity: ledger.D4(1), UnitPrice: 50000}}},
		{CustomerCode: "PAID", Date: d("2026-01-10"), Lines: []ledger.Line{{Description: "Design", Quantity: ledger.D4(1), UnitPrice: 10000}}},
	} {
		if _, err := st.IssueInvoice(ctx, in); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.RecordPayment(ctx, ledger.PaymentInput{CustomerCode: "PAID", Date: d("2026-01-20"), Amount: ledger.NewMoney(10000, "USD")}); err != nil {
		t.Fatal(err)
	}
	return db
}

// needTool fails, never skips, when a tool the tests read PDFs with is missing.
func needTool(t *testing.T, bin, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(bin)
	if err != nil {
		t.Fatalf("this test needs %s: install the Debian package %s (scripts/deps.sh test does)", bin, pkg)
	}
	return p
}

// checkPDF runs qpdf --check on a file and returns its text (pdftotext).
func checkPDF(t *testing.T, path string) string {
	t.Helper()
	out, err := exec.Command(needTool(t, "qpdf", "qpdf"), "--check", path).CombinedOutput()
	if err != nil {
		t.Fatalf("qpdf --check %s: %v\n%s", path, err, out)
	}
	out, err = exec.Command(needTool(t, "pdftotext", "poppler-utils"), "-raw", "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext %s: %v\n%s", path, err, out)
	}
	return strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(string(out))
}

func testLogo(t *testing.T) string {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, 40, 20))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	img.Set(3, 3, color.NRGBA{A: 0})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "logo.png")
	if err := os.WriteFile(p, b.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCLISettings(t *testing.T) {
	db := reportsLedger(t)
	logo := testLogo(t)
	bad := filepath.Join(t.TempDir(), "bad.png")
	if err := os.WriteFile(bad, []byte("\x89PNG\r\n\x1a\nbroken"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		out  string // in stdout or stderr
	}{
		{"Set", []string{"settings", "set", "business.phone", "+49 40 1234567"}, 0, "business.phone = +49 40 1234567"},
		{"Get", []string{"settings", "get", "business.name"}, 0, "Nordlicht Design Studio\n"},
		{"SetLines", []string{"settings", "set", "business.address", `Hafenstraße 12\n20457 Hamburg`}, 0, `Hafenstraße 12\n20457 Hamburg`},
		{"GetLines", []string{"settings", "get", "business.address"}, 0, "Hafenstraße 12\n20457 Hamburg\n"},
		{"SetPaper", []string{"settings", "set", "invoice.paper", "Letter"}, 0, "invoice.paper = letter"},
		{"FlagsAfter", []string{"settings", "get", "invoice.paper", "--db", db}, 0, "letter"},
		{"ErrPaper", []string{"settings", "set", "invoice.paper", "a5"}, 1, "use a4 or letter"},
		{"ErrIBAN", []string{"settings", "set", "payment.iban", "DE89 3704 0044 0532 0130 01"}, 1, "check digits do not match"},
		{"ErrLocale", []string{"settings", "set", "invoice.locale", "xx-!!"}, 1, "want a language tag"},
		{"ErrUnknownKey", []string{"settings", "set", "busines.name", "x"}, 2, `unknown setting "busines.name"`},
		{"ErrUnset", []string{"settings", "get", "payment.bic"}, 1, "payment.bic is not set"},
		{"ErrNoAction", []string{"settings"}, 2, "settings needs list"},
		{"ErrSetArgs", []string{"settings", "set", "business.name"}, 2, "needs a KEY and one VALUE"},
		{"Logo", []string{"settings", "set", "business.logo", logo}, 0, "business.logo set from " + logo + ": PNG 40×20"},
		{"GetLogo", []string{"settings", "get", "business.logo"}, 0, "PNG 40×20, 1 KB"},
		{"ErrLogoMissing", []string{"settings", "set", "business.logo", "/nonexistent/logo.png"}, 1, "no such file"},
		{"ErrLogoCorrupt", []string{"settings", "set", "business.logo", bad}, 1, "PNG"},
		{"StillLogo", []string{"settings", "get", "business.logo"}, 0, "PNG 40×20"},
		{"List", []string{"settings", "list"}, 0, "business.logo PNG 40×20, 1 KB"},
		{"ListUnset", []string{"settings", "list"}, 0, "payment.bic (not set: BIC"},
		{"Clear", []string{"settings", "set", "business.phone", ""}, 0, "business.phone cleared"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := paidup(t, append([]string{"--db", db}, tt.args...)...)
			// Columns are aligned with runs of spaces: compare with one.
			squeezed := regexp.MustCompile(` {2,}`).ReplaceAllString(out+errOut, " ")
			if code != tt.code || !strings.Contains(squeezed, tt.out) {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s\nwant %q", code, tt.code, out, errOut, tt.out)
			}
			if code != 0 && strings.Count(strings.TrimSpace(errOut), "\n") > 0 && code == 1 {
				t.Errorf("an error takes one line on stderr:\n%s", errOut)
			}
		})
	}
}

func TestCLIInvoicePDF(t *testing.T) {
	db := reportsLedger(t)
	t.Chdir(t.TempDir())
	code, _, errOut := paidup(t, "--db", db, "invoice", "pdf", "INV-000001")
	if code != 0 || !strings.Contains(errOut, "wrote INV-000001.pdf") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	text := checkPDF(t, "INV-000001.pdf")
	for _, want := range []string{"INV-000001", "Müller Łódź Sp. z o.o.", "2.856,00 €", "Workshop in Łódź", "Scan to pay"} {
		if !strings.Contains(text, want) && !strings.Contains(text, strings.ReplaceAll(want, "2.856,00 €", "€2,856.00")) {
			t.Errorf("invoice text lacks %q:\n%s", want, text)
		}
	}
	// Flags after the arguments, a named file.
	if code, _, errOut := paidup(t, "invoice", "pdf", "INV-000002", "-o", "acme.pdf", "--db", db); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	checkPDF(t, "acme.pdf")
	// -o - writes the PDF to stdout and nothing else.
	code, out, errOut := paidup(t, "--db", db, "invoice", "pdf", "INV-000001", "-o", "-")
	if code != 0 || !strings.HasPrefix(out, "%PDF-") || errOut != "" {
		t.Fatalf("exit %d, stdout %.20q, stderr %q", code, out, errOut)
	}
	for _, tt := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"invoice"}, 2, "invoice needs an action"},
		{[]string{"invoice", "pdf"}, 2, "needs one invoice or credit note NUMBER"},
		{[]string{"invoice", "pdf", "INV-999999"}, 1, "no document"},
		{[]string{"invoice", "pdf", "PAY-000001"}, 1, "not an invoice"},
	} {
		code, _, errOut := paidup(t, append([]string{"--db", db}, tt.args...)...)
		if code != tt.code || !strings.Contains(errOut, tt.msg) || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q on one line", tt.args, code, errOut, tt.code, tt.msg)
		}
	}
}

func TestCLIStatement(t *testing.T) {
	db := reportsLedger(t)
	t.Chdir(t.TempDir())
	code, _, errOut := paidup(t, "--db", db, "statement", "MUL", "--to", "2026-03-31")
	if code != 0 || !strings.Contains(errOut, "wrote statement-MUL-2026-03-31.pdf") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	text := checkPDF(t, "statement-MUL-2026-03-31.pdf")
	for _, want := range []string{"Statement", "Open items on", "Müller Łódź Sp. z o.o.", "INV-000001", "Remittance"} {
		if !strings.Contains(text, want) {
			t.Errorf("statement text lacks %q:\n%s", want, text)
		}
	}
	// --from alone makes it an activity statement.
	code, _, errOut = paidup(t, "statement", "US/1", "--from", "2026-02-01", "--to", "2026-03-31", "-o", "act.pdf", "--db", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if text := checkPDF(t, "act.pdf"); !strings.Contains(text, "Balance brought forward") || !strings.Contains(text, "Acme LLC") {
		t.Errorf("activity statement:\n%s", text)
	}

	dir := filepath.Join(t.TempDir(), "out")
	code, out, errOut := paidup(t, "--db", db, "statement", "--all", "-o", dir, "--to", "2026-03-31")
	if code != 0 || !strings.Contains(out, "wrote 2 open-item statements to "+dir) {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	files, err := filepath.Glob(filepath.Join(dir, "*.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	// PAID has nothing open; "US/1" cannot be a file name as it is.
	want := []string{filepath.Join(dir, "statement-MUL-2026-03-31.pdf"), filepath.Join(dir, "statement-US_1-2026-03-31.pdf")}
	if strings.Join(files, ",") != strings.Join(want, ",") {
		t.Fatalf("files %v, want %v", files, want)
	}
	for _, f := range files {
		checkPDF(t, f)
	}
	code, out, errOut = paidup(t, "--db", db, "statement", "--all", "-o", dir, "--type", "activity", "--from", "2026-01-01", "--to", "2026-03-31")
	if code != 0 || !strings.Contains(out, "wrote 2 activity statements") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	// The same statements in one PDF to print: each customer's pages in
	// order, each numbering its own.
	book := filepath.Join(t.TempDir(), "all statements.pdf")
	code, out, errOut = paidup(t, "--db", db, "statement", "--all", "--one-file", "-o", book, "--to", "2026-03-31")
	if code != 0 || !strings.Contains(out, "wrote 2 open-item statements to "+book) {
		t.Fatalf("--one-file: exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	text = checkPDF(t, book)
	mul, us := strings.Index(text, "Müller Łódź Sp. z o.o."), strings.Index(text, "Acme LLC")
	if mul < 0 || us < 0 || strings.Count(text, "Page 1 of 1") != 2 || strings.Count(text, "Remittance") != 2 {
		t.Errorf("one-file statements:\n%s", text)
	}

	for _, tt := range []struct {
		args []string
		msg  string
	}{
		{[]string{"statement"}, "needs one CUSTOMER_CODE"},
		{[]string{"statement", "MUL", "--all", "-o", dir}, "give no CUSTOMER_CODE"},
		{[]string{"statement", "--all"}, "--all needs -o DIR"},
		{[]string{"statement", "--all", "-o", "-"}, "--all needs -o DIR"},
		{[]string{"statement", "MUL", "--one-file", "-o", "x.pdf"}, "--one-file goes with --all"},
		{[]string{"statement", "--all", "--one-file"}, "--all --one-file needs -o FILE"},
		{[]string{"statement", "MUL", "--type", "weekly"}, "--type must be open-item or activity"},
		{[]string{"statement", "MUL", "--type", "open-item", "--from", "2026-01-01"}, "--from is for --type activity"},
		{[]string{"statement", "MUL", "--from", "2026-04-01", "--to", "2026-03-31"}, "is after --to"},
		{[]string{"statement", "MUL", "--to", "31.03.2026"}, "want YYYY-MM-DD"},
	} {
		code, _, errOut := paidup(t, append([]string{"--db", db}, tt.args...)...)
		if code != 2 || !strings.Contains(errOut, tt.msg) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tt.args, code, errOut, tt.msg)
		}
	}
	if code, _, errOut := paidup(t, "--db", db, "statement", "NOPE"); code != 1 || !strings.Contains(errOut, `no customer with code "NOPE"`) {
		t.Errorf("unknown customer: exit %d, %q", code, errOut)
	}
}
