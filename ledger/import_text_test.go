package ledger

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// iconvFile writes text converted to the encoding with iconv, the tool a
// user's files come from, into a file of the test.
func iconvFile(t *testing.T, to, text string) string {
	t.Helper()
	cmd := exec.Command("iconv", "-f", "UTF-8", "-t", to)
	cmd.Stdin = strings.NewReader(text)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("iconv -t %s: %v", to, err)
	}
	return writeFile(t, "in-"+to+".csv", out)
}

func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// refused imports a file that must be refused whole, with nothing
// written, and returns its problems as text.
func refused(t *testing.T, s *Store, kind, path string, opts ImportOptions) string {
	t.Helper()
	before := fingerprint(t, s)
	res, err := importFile(t, s, kind, path, opts)
	if !errors.Is(err, ErrImportRefused) || !strings.Contains(err.Error(), "nothing was imported") {
		t.Fatalf("%s: want refused, got %v", path, err)
	}
	if after := fingerprint(t, s); after != before {
		t.Fatalf("%s: a refused import changed the ledger", path)
	}
	var lines []string
	for _, p := range res.Problems {
		lines = append(lines, p.String())
	}
	return strings.Join(lines, "\n")
}

func wantHas(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Fatalf("want %q in:\n%s", w, got)
		}
	}
}

const cafeCustomers = "code,name,currency,address\nC1,Crème Brûlée Café,EUR,Rue de l’Été\nC2,Müller,EUR,\n"

// TestImportRefusesOtherEncodings: a Windows-1252 file was imported
// without a word (its raw bytes stored, every reminder then failing); a
// UTF-16 file got "missing column" without the reason. Each is refused
// naming the encoding, the line and the column, and read as meant with
// Encoding.
func TestImportRefusesOtherEncodings(t *testing.T) {
	s := newTestStore(t)
	cp1252 := iconvFile(t, "WINDOWS-1252", cafeCustomers)
	got := refused(t, s, "customers", cp1252, ImportOptions{})
	wantHas(t, got, cp1252+":2: column 2 (name): not UTF-8: byte 0xE8 at character 3 ('è' in Windows-1252)", "Windows-1252", "--encoding windows-1252")
	latin1 := iconvFile(t, "ISO-8859-1", strings.ReplaceAll(cafeCustomers, "’", "'"))
	wantHas(t, refused(t, s, "customers", latin1, ImportOptions{}), ":2: column 2 (name): not UTF-8")
	for _, enc := range []struct{ iconv, found, flag string }{
		{"UTF-16", "UTF-16 LE (byte-order mark FF FE)", "UTF-16LE"}, // glibc writes little-endian with a mark
		{"UTF-16LE", "UTF-16 LE (no byte-order mark", "UTF-16LE"},
		{"UTF-16BE", "UTF-16 BE (no byte-order mark", "UTF-16BE"},
	} {
		p := iconvFile(t, enc.iconv, cafeCustomers)
		wantHas(t, refused(t, s, "customers", p, ImportOptions{}), p+":1: the file is in "+enc.found, "--encoding "+enc.flag)
		res, err := importFile(t, s, "customers", p, ImportOptions{Encoding: enc.flag, DryRun: true})
		if err != nil || res.Imported != 2 {
			t.Fatalf("%s with --encoding %s: %v %v", enc.iconv, enc.flag, err, res.Problems)
		}
	}
	if _, err := importFile(t, s, "customers", cp1252, ImportOptions{Encoding: "no-such"}); err == nil {
		t.Fatal("an unknown encoding was taken")
	}
	res, err := importFile(t, s, "customers", cp1252, ImportOptions{Encoding: "windows-1252"})
	if err != nil || res.Imported != 2 {
		t.Fatalf("windows-1252 converted: %v %v", err, res.Problems)
	}
	c, err := s.CustomerByCode(context.Background(), "C1")
	if err != nil || c.Name != "Crème Brûlée Café" || c.Address != "Rue de l’Été" {
		t.Fatalf("converted customer: %+v %v", c, err)
	}
}

// TestImportRefusesControlCharacters: NUL and control characters were
// stored in names. They are refused, naming line, column and character;
// a line break stays allowed in an address.
func TestImportRefusesControlCharacters(t *testing.T) {
	s := newTestStore(t)
	p := writeFile(t, "ctl.csv", []byte("code,name,currency,address,extra\n"+
		"C1,Nul\x00Name,EUR,,\n"+
		"C2,Bell\aName,EUR,,\n"+
		"C3,\"Two\nLines\",EUR,,\n"+
		"C4,Fine,EUR,\"1 Main St\nSpringfield\",\x01ignored\n"))
	got := refused(t, s, "customers", p, ImportOptions{})
	wantHas(t, got, p+":2: column 2 (name): contains U+0000 (NUL) at character 4",
		p+":3: column 2 (name): contains U+0007 (a control character) at character 5",
		p+":4: column 2 (name): contains a line break at character 4")
	if strings.Contains(got, "C4") || strings.Count(got, "\n") != 2 {
		t.Fatalf("more refused than the three rows:\n%s", got)
	}
	res, err := importFile(t, s, "customers", p, ImportOptions{SkipBad: true})
	if err != nil || res.Imported != 1 || len(res.Skipped) != 3 {
		t.Fatalf("skip-bad: %v %+v", err, res)
	}
	// An invoice with a bad line is refused whole, even with SkipBad.
	inv := writeFile(t, "inv.csv", []byte("number,customer_code,issue_date,currency,amount,description\n"+
		"A-1,C4,2026-03-01,EUR,10.00,ok\nA-1,C4,2026-03-01,EUR,5.00,bad\x1bline\n"))
	res, err = importFile(t, s, "invoices", inv, ImportOptions{SkipBad: true})
	if err != nil || res.Imported != 0 || len(res.Skipped) != 1 || !strings.Contains(res.Skipped[0].String(), ":3: column 6 (description): contains U+001B") {
		t.Fatalf("invoice with a control character: %v %+v", err, res)
	}
}

// TestImportNamesDelimiterAndDecimalStyle: a semicolon file got "missing
// column" without the reason, and "1.234,56" was "more than 2 decimals".
func TestImportNamesDelimiterAndDecimalStyle(t *testing.T) {
	s := fixtureStore(t)
	semi := writeFile(t, "semi.csv", []byte("customer_code;date;amount\nMUL;2026-03-05;1.234,56\n"))
	got := refused(t, s, "payments", semi, ImportOptions{})
	wantHas(t, got, semi+`:1: the file is separated by semicolons (";"), not commas`)
	if strings.Contains(got, "missing column") {
		t.Fatalf("the missing columns are said too:\n%s", got)
	}
	// An unquoted thousands comma splits the amount: "1" was imported.
	split := writeFile(t, "split.csv", []byte("customer_code,date,amount\nMUL,2026-03-05,1,234.56\nMUL,2026-03-06,5.00,\n"))
	got = refused(t, s, "payments", split, ImportOptions{})
	wantHas(t, got, split+":2: column 4: the row has 4 fields but the header 3: a value with an unquoted comma")
	if strings.Contains(got, ":3:") {
		t.Fatalf("a trailing empty field refused:\n%s", got)
	}
	tab := writeFile(t, "tab.csv", []byte("customer_code\tdate\tamount\nMUL\t2026-03-05\t1\n"))
	wantHas(t, refused(t, s, "payments", tab, ImportOptions{}), "separated by tabs")
	for amount, want := range map[string]string{
		`"1.234,56"`: "a decimal comma and '.' between thousands (1.234,56)",
		`"1,234.56"`: "',' between thousands (1,234.56)",
		`"1234,56"`:  "a decimal comma (1234,56)",
		`"1 234.50"`: "a space, apostrophe or '_' between thousands",
		"1.234.567":  "'.' between thousands",
		"12.345":     "more than 2 decimals",
	} {
		p := writeFile(t, "p.csv", []byte("customer_code,date,amount\nMUL,2026-03-05,"+amount+"\n"))
		wantHas(t, refused(t, s, "payments", p, ImportOptions{}), p+":2: column 3 (amount): amount", want)
	}
}

// TestImportDatesInRange: 0000-01-01 and 9999-12-31 were taken.
func TestImportDatesInRange(t *testing.T) {
	s := fixtureStore(t)
	p := writeFile(t, "d.csv", []byte("customer_code,date,amount\nMUL,9999-12-31,1.00\nMUL,0000-01-01,1.00\n"))
	wantHas(t, refused(t, s, "payments", p, ImportOptions{}),
		p+`:2: column 2 (date): date "9999-12-31": out of range: Paidup takes dates from 1900-01-01 to 2199-12-31`,
		p+`:3: column 2 (date): date "0000-01-01": out of range`)
	inv := writeFile(t, "i.csv", []byte("number,customer_code,issue_date,due_date,currency,amount\nZ-1,MUL,2026-01-01,10000-01-14,EUR,1.00\n"))
	wantHas(t, refused(t, s, "invoices", inv, ImportOptions{}), inv+`:2: column 4 (due_date): date "10000-01-14": want YYYY-MM-DD`)
}

// TestImportPaymentRepeats: a payments file without references imported
// twice counted the money twice; a row repeated within one file was
// "already in the ledger" with a number that was not.
func TestImportPaymentRepeats(t *testing.T) {
	s := fixtureStore(t)
	body := "customer_code,date,amount,reference\nMUL,2026-03-10,10.00,\nMUL,2026-03-10,10.00,\nACME,2026-03-11,5.00,\n"
	p := writeFile(t, "bank.csv", []byte(body))
	// Two rows alike in one file are two payments.
	res, err := importFile(t, s, "payments", p, ImportOptions{})
	if err != nil || res.Imported != 3 {
		t.Fatalf("first import: %v %+v", err, res)
	}
	// The same file again: every row is a repeat.
	got := refused(t, s, "payments", p, ImportOptions{})
	wantHas(t, got, p+":2: column 3 (amount): looks like payment PAY-", "imported before from this very file", "--new-payments",
		p+":3: column 3 (amount)", p+":4: column 3 (amount)")
	// A file with one more row alike: the third such row is new, but the
	// file is another (another SHA-256), so none is a repeat.
	other := writeFile(t, "bank2.csv", []byte(body+"MUL,2026-03-10,10.00,\n"))
	if res, err := importFile(t, s, "payments", other, ImportOptions{DryRun: true}); err != nil || res.Imported != 4 {
		t.Fatalf("another file: %v %+v", err, res)
	}
	// The user says they are new.
	res, err = importFile(t, s, "payments", p, ImportOptions{NewPayments: true})
	if err != nil || res.Imported != 3 {
		t.Fatalf("--new-payments: %v %+v", err, res)
	}
	// With a reference: a row repeated in the file says so.
	dup := writeFile(t, "dup.csv", []byte("customer_code,date,amount,reference\nACME,2026-03-12,7.00,TX-9\nACME,2026-03-12,7.00,TX-9\n"))
	got = refused(t, s, "payments", dup, ImportOptions{})
	wantHas(t, got, dup+":3: column 4 (reference): this row repeats line 2 of the file (same customer, date, amount and reference)")
	if strings.Contains(got, "already in the ledger") {
		t.Fatalf("said to be in the ledger:\n%s", got)
	}
	mustCheck(t, s)
}

// TestFormsRefuseControlCharacters: what a form or the command line types
// is held to what a file brings in.
func TestFormsRefuseControlCharacters(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	if _, err := s.CreateCustomer(ctx, Customer{Code: "B", Name: "Bell\aName", Currency: "EUR"}); ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "name contains U+0007") {
		t.Fatalf("a name with a bell: %v", err)
	}
	if _, err := s.CreateCustomer(ctx, Customer{Code: "A", Name: "A", Currency: "EUR", Address: "1 Main St\nSpringfield"}); err != nil {
		t.Fatalf("a two-line address: %v", err)
	}
	_, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "A", Date: day("2026-03-01"), Lines: []Line{{Description: "x\x00y", Quantity: D4(1), UnitPrice: 100}}})
	if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "description contains U+0000 (NUL)") {
		t.Fatalf("a NUL in a description: %v", err)
	}
	_, err = s.RecordPayment(ctx, PaymentInput{CustomerCode: "A", Date: day("2026-03-01"), Amount: NewMoney(100, "EUR"), Reference: "R\n1"})
	if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "reference contains a line break") {
		t.Fatalf("a line break in a reference: %v", err)
	}
}
