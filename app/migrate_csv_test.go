package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"paidup/ledger"
)

var migratePaidOn = time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)

// csvApp is a new ledger whose home currency is cur.
func csvApp(t *testing.T, cur string) *App {
	t.Helper()
	a := gnucashApp(t, "csv.db")
	if err := a.ChangeSetting(context.Background(), "business.currency", cur); err != nil {
		t.Fatal(err)
	}
	return a
}

// openOf is what is open of document number here, in minor units.
func openOf(t *testing.T, a *App, number string) int64 {
	t.Helper()
	d, err := a.Document(context.Background(), number)
	if err != nil {
		t.Fatalf("%s: %v", number, err)
	}
	return d.Open.Minor
}

// QuickBooks' transaction list (grouped by customer, with its title rows
// and totals, UTF-8 with a byte-order mark, US dates and grouped
// thousands) and its customer list move in: customers with their terms
// and addresses in Vietnamese and Chinese, invoices whole, payments set
// against the oldest invoices, a payment partly on account, a credit memo
// still open, a sales receipt left out; what is open is QuickBooks'
// figure, per document and in total, and the ledger checks clean.
func TestMigrateQuickBooks(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join("..", "testdata", "migrate", "quickbooks")
	files := []string{filepath.Join(dir, "Customers.csv"), filepath.Join(dir, "Transaction List by Customer.csv")}
	a := csvApp(t, "USD")

	rep, err := a.MigrateQuickBooks(ctx, files, "", migratePaidOn, true, true)
	if err != nil || !rep.Result.DryRun {
		t.Fatal(err)
	}
	if n, _ := a.CountCustomers(ctx, ""); n != 0 {
		t.Fatalf("a dry run wrote %d customers", n)
	}
	rep, err = a.MigrateQuickBooks(ctx, files, "", migratePaidOn, true, false)
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Result
	// Payments: 2,000.00 and 4711 (Acme), PMT-77, and what was paid of
	// 1006 with no payment in the list; 4711 paid 1007 ahead of it, set
	// against it on the invoice's date.
	if r.Customers != 3 || r.Invoices != 6 || r.Credits != 1 || r.Payments != 4 || r.Applications != 1 {
		t.Fatalf("moved %+v", r)
	}
	if rep.Before["USD"] != 495000 || r.Open["USD"] != 495000 {
		t.Fatalf("USD open: %d in QuickBooks, %d here", rep.Before["USD"], r.Open["USD"])
	}
	out := strings.Join(rep.Lines(), "\n")
	for _, s := range []string{"moved in from QuickBooks: 3 customers, 6 invoices, 1 credit note, 4 payments, 1 credit set against invoices later",
		"USD open: 4,950.00 USD in QuickBooks, 4,950.00 USD here", "Sales Receipt 1005: a Sales Receipt"} {
		if !strings.Contains(out, s) {
			t.Errorf("report lacks %q:\n%s", s, out)
		}
	}
	for num, want := range map[string]int64{"1001": 125000, "1002": 40000, "1003": 300000, "1004": 0, "1006": 60000, "CM-1": 30000, "4711": 0, "1007": 0, "PMT-77": 0} {
		if got := openOf(t, a, num); got != want {
			t.Errorf("%s: %d open here, %d in QuickBooks", num, got, want)
		}
	}
	inv, err := a.Document(ctx, "1002")
	if err != nil || inv.Total.Minor != 240000 || !inv.Date.Equal(time.Date(2026, 2, 10, 0, 0, 0, 0, time.UTC)) ||
		!inv.DueDate.Equal(time.Date(2026, 3, 12, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("1002: %+v %v", inv, err)
	}
	vn, err := a.CustomerByCode(ctx, codeOf("Công ty TNHH Sài Gòn Xanh"))
	if err != nil || vn.Name != "Công ty TNHH Sài Gòn Xanh" || vn.TermsDays != 30 || !strings.Contains(vn.Address, "12 Nguyễn Huệ") {
		t.Errorf("Vietnamese customer: %+v %v", vn, err)
	}
	cn, err := a.CustomerByCode(ctx, "北京科技有限公司")
	if err != nil || cn.Name != "北京科技有限公司" || cn.TermsDays != 0 || !strings.Contains(cn.Address, "朝阳区建国路88号") {
		t.Errorf("Chinese customer: %+v %v", cn, err)
	}
	if c, err := a.Check(ctx); err != nil || !c.OK() {
		t.Fatalf("check: %v %v", err, c)
	}
}

// Bad rows refuse the whole move, each named by file, line and column:
// a date that is no date, a fraction of a cent; nothing is written.
func TestMigrateQuickBooksRefusesBadRows(t *testing.T) {
	ctx := context.Background()
	a := csvApp(t, "USD")
	_, err := a.MigrateQuickBooks(ctx, []string{filepath.Join("..", "testdata", "migrate", "quickbooks", "Transactions (bad rows).csv")}, "", migratePaidOn, true, false)
	var probs MigrationProblems
	if !errors.As(err, &probs) {
		t.Fatalf("bad rows: %v", err)
	}
	got := strings.Join(probs, "\n")
	for _, s := range []string{"Transactions (bad rows).csv:7: column 2 (Date): \"13/15/2026\" is not a date",
		"Transactions (bad rows).csv:19: column 8 (Amount): amount \"880.505\" in USD: more than 2 decimals"} {
		if !strings.Contains(got, s) {
			t.Errorf("problems lack %q:\n%s", s, got)
		}
	}
	if n, _ := a.CountCustomers(ctx, ""); n != 0 {
		t.Fatalf("a refused move wrote %d customers", n)
	}
	// An unquoted comma in an amount shifts the row: refused, not read askew.
	f := filepath.Join(t.TempDir(), "Transactions.csv")
	if err := os.WriteFile(f, []byte("Date,Transaction Type,Num,Name,Amount,Open Balance\n01/15/2026,Invoice,3001,Acme,1,000.00,1,000.00\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := a.MigrateQuickBooks(ctx, []string{f}, "", migratePaidOn, true, false); err == nil || !strings.Contains(err.Error(), "Transactions.csv:2: column 7: the row has 8 fields but the headings 6") {
		t.Errorf("an unquoted comma: %v", err)
	}
	// Day-first dates read month first are told so.
	if _, err := csvDate("03/20/2026", false); err == nil || !strings.Contains(err.Error(), "--month-first") {
		t.Errorf("a month-first date read day first: %v", err)
	}
}

// A file saved in Windows-1252 (as QuickBooks Desktop writes it) is
// refused saying so, and read right with its encoding named: never
// mojibake.
func TestMigrateQuickBooksWindows1252(t *testing.T) {
	ctx := context.Background()
	// QuickBooks Desktop's headings; a job is its customer's; a cheque
	// number that is also an invoice's number is the payment's reference.
	text := "Type,Date,Num,Name,Memo,Amount,Open Balance\r\n" +
		"Invoice,01/15/2026,2001,Café Zoë Müller:Fête 2026,Traiteur,\"1,000.00\",\"1,000.00\"\r\n" +
		"Invoice,01/20/2026,2002,Café Zoë Müller,,250.00,0.00\r\n" +
		"Payment,01/25/2026,2001,Café Zoë Müller,Chèque,-250.00,0.00\r\n" +
		"Statement Charge,01/31/2026,,Café Zoë Müller,Frais,40.00,40.00\r\n" +
		"General Journal,01/31/2026,GJ-1,Café Zoë Müller,,15.00,15.00\r\n"
	enc, err := charmap.Windows1252.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	f := filepath.Join(t.TempDir(), "Transactions.csv")
	if err := os.WriteFile(f, []byte(enc), 0o600); err != nil {
		t.Fatal(err)
	}
	a := csvApp(t, "USD")
	_, err = a.MigrateQuickBooks(ctx, []string{f}, "", migratePaidOn, true, false)
	if err == nil || !strings.Contains(err.Error(), "Transactions.csv: line 2: not UTF-8") || !strings.Contains(err.Error(), "--encoding windows-1252") {
		t.Fatalf("a Windows-1252 file read as UTF-8: %v", err)
	}
	rep, err := a.MigrateQuickBooks(ctx, []string{f}, "windows-1252", migratePaidOn, true, false)
	if err != nil {
		t.Fatal(err)
	}
	d, err := a.Document(ctx, "2001")
	if err != nil || d.CustomerName != "Café Zoë Müller" || d.Open.Minor != 100000 {
		t.Fatalf("2001: %+v %v", d, err)
	}
	if openOf(t, a, "QB-SC-5") != 4000 {
		t.Error("the statement charge is not owed")
	}
	if s := strings.Join(rep.Skipped, "\n"); !strings.Contains(s, "Transactions.csv:6: General Journal GJ-1: a General Journal, not an invoice, payment or credit memo (15.00 open there, not moved in)") {
		t.Errorf("the journal entry's open amount not said:\n%s", s)
	}
	p, err := a.Document(ctx, "QB-PMT-4")
	if err != nil || p.Reference != "2001 Chèque" || p.Total.Minor != 25000 || openOf(t, a, "2002") != 0 {
		t.Fatalf("the payment: %+v %v", p, err)
	}
}

// Invoice Ninja's four exports move in: clients in EUR, VND (no minor
// unit) and CNY with their numbers as codes, invoices with their tax
// rate worked out of their taxes, payments applied to the invoices they
// name (one partly refunded, on account), a credit used up and one still
// open; drafts and cancelled payments are left out; what is open is
// Invoice Ninja's figure in each currency, and the ledger checks clean.
func TestMigrateInvoiceNinja(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join("..", "testdata", "migrate", "invoiceninja")
	var files []string
	for _, f := range []string{"payments.csv", "invoices.csv", "credits.csv", "clients.csv"} { // any order
		files = append(files, filepath.Join(dir, f))
	}
	a := csvApp(t, "EUR")
	rep, err := a.MigrateInvoiceNinja(ctx, files, "", migratePaidOn, false, false)
	if err != nil {
		t.Fatal(err)
	}
	r := rep.Result
	if r.Customers != 3 || r.Invoices != 4 || r.Credits != 2 || r.Payments != 4 {
		t.Fatalf("moved %+v", r)
	}
	for cur, want := range map[string]int64{"EUR": 118500, "VND": 5000000, "CNY": 0} {
		if rep.Before[cur] != want || r.Open[cur] != want {
			t.Errorf("%s open: %d in Invoice Ninja, %d here, want %d", cur, rep.Before[cur], r.Open[cur], want)
		}
	}
	out := strings.Join(rep.Lines(), "\n")
	for _, s := range []string{"EUR open: 1,185.00 EUR in Invoice Ninja, 1,185.00 EUR here", "invoices.csv:4: INV-0003: Draft in Invoice Ninja",
		"payments.csv:6: payment 0005: Cancelled in Invoice Ninja"} {
		if !strings.Contains(out, s) {
			t.Errorf("report lacks %q:\n%s", s, out)
		}
	}
	for num, want := range map[string]int64{"INV-0001": 119000, "INV-0002": 29500, "INV-0004": 5000000, "INV-0005": 0, "CR-0001": 0, "CR-0002": 10000, "0004": 20000} {
		if got := openOf(t, a, num); got != want {
			t.Errorf("%s: %d open here, %d in Invoice Ninja", num, got, want)
		}
	}
	inv, err := a.Document(ctx, "INV-0004")
	if err != nil || inv.Total.Minor != 11000000 || inv.Tax.Minor != 1000000 || inv.CustomerName != "Công ty Cổ phần Hà Nội Số" {
		t.Errorf("INV-0004: %+v %v", inv, err)
	}
	c, err := a.CustomerByCode(ctx, "0003")
	if err != nil || c.Name != "上海贸易有限公司" || c.Currency != "CNY" {
		t.Errorf("0003: %+v %v", c, err)
	}
	if ck, err := a.Check(ctx); err != nil || !ck.OK() {
		t.Fatalf("check: %v %v", err, ck)
	}
	// The same files again: refused whole, nothing changed.
	before, _ := a.TableCounts(ctx)
	if _, err := a.MigrateInvoiceNinja(ctx, files, "", migratePaidOn, false, false); err == nil {
		t.Fatal("a second move went in")
	}
	after, _ := a.TableCounts(ctx)
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Fatalf("a refused move wrote: %v → %v", before, after)
	}
}

// Invoice Ninja's report keys as headings (invoice.number …) read as its
// English headings do; bad rows refuse all, each named.
func TestMigrateInvoiceNinjaKeysAndBadRows(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join("..", "testdata", "migrate", "invoiceninja")
	b, err := os.ReadFile(filepath.Join(dir, "invoices.csv"))
	if err != nil {
		t.Fatal(err)
	}
	head, body, _ := strings.Cut(string(b), "\n")
	head = strings.NewReplacer(`"Name"`, `"client.name"`, `"Currency"`, `"client.currency_id"`, `"Invoice Number"`, `"invoice.number"`,
		`"Amount"`, `"invoice.amount"`, `"Balance"`, `"invoice.balance"`, `"Date"`, `"invoice.date"`, `"Due Date"`, `"invoice.due_date"`,
		`"Status"`, `"invoice.status"`, `"Tax Amount"`, `"invoice.total_taxes"`).Replace(head)
	keyed := filepath.Join(t.TempDir(), "invoice-report.csv")
	if err := os.WriteFile(keyed, []byte(head+"\n"+body), 0o600); err != nil {
		t.Fatal(err)
	}
	a := csvApp(t, "EUR")
	rep, err := a.MigrateInvoiceNinja(ctx, []string{keyed}, "", migratePaidOn, false, true)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Result.Invoices != 4 || rep.Before["EUR"] != 148500 || rep.Result.Open["EUR"] != 148500 {
		t.Fatalf("keyed headings: %+v %v", rep.Result, rep.Before)
	}

	_, err = a.MigrateInvoiceNinja(ctx, []string{filepath.Join(dir, "invoices (bad rows).csv")}, "", migratePaidOn, false, false)
	var probs MigrationProblems
	if !errors.As(err, &probs) {
		t.Fatalf("bad rows: %v", err)
	}
	got := strings.Join(probs, "\n")
	for _, s := range []string{`invoices (bad rows).csv:2: column 8 (Date): "2026-02-30" is not a date`,
		`invoices (bad rows).csv:3: column 4 (Amount): amount "595.005" in EUR: more than 2 decimals`} {
		if !strings.Contains(got, s) {
			t.Errorf("problems lack %q:\n%s", s, got)
		}
	}
	if n, _ := a.CountCustomers(ctx, ""); n != 0 {
		t.Fatalf("a refused move wrote %d customers", n)
	}
}

// Invoice Ninja's invoice-items export gives the invoices their lines and
// tax rates: with the invoices export, or alone in its place; a line with
// a discount in money makes its invoice one line of its total, listed.
func TestMigrateInvoiceNinjaItems(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join("..", "testdata", "migrate", "invoiceninja")
	for _, files := range [][]string{{"invoice_items.csv", "invoices.csv", "clients.csv", "payments.csv", "credits.csv"}, {"invoice_items.csv", "payments.csv", "credits.csv"}} {
		t.Run(files[1], func(t *testing.T) {
			var paths []string
			for _, f := range files {
				paths = append(paths, filepath.Join(dir, f))
			}
			a := csvApp(t, "EUR")
			rep, err := a.MigrateInvoiceNinja(ctx, paths, "", migratePaidOn, false, false)
			if err != nil {
				t.Fatal(err)
			}
			if r := rep.Result; r.Invoices != 4 || r.Open["EUR"] != 118500 || r.Open["VND"] != 5000000 || rep.Before["EUR"] != 118500 {
				t.Fatalf("moved %+v, open there %v", r, rep.Before)
			}
			if s := strings.Join(rep.Skipped, "\n"); !strings.Contains(s, "invoice_items.csv:4: INV-0002: a discount in money on a line") {
				t.Errorf("not listed: the discount in money:\n%s", s)
			}
			inv, err := a.Document(ctx, "INV-0001")
			if err != nil {
				t.Fatal(err)
			}
			if len(inv.Lines) != 2 || inv.Lines[0].Description != "Beratung vor Ort, Januar" || inv.Lines[0].Quantity != ledger.D4(2) ||
				inv.Lines[0].UnitPrice != 40000 || inv.Lines[0].TaxRate != ledger.D4(19) || inv.Tax.Minor != 19000 {
				t.Errorf("INV-0001: %+v", inv)
			}
			if inv, err := a.Document(ctx, "INV-0004"); err != nil || len(inv.Lines) != 1 || inv.Lines[0].Quantity != ledger.D4(10) ||
				inv.Lines[0].Description != "Phát triển phần mềm" || inv.Tax.Minor != 1000000 {
				t.Errorf("INV-0004, one line of the export's: %+v %v", inv, err)
			}
			if inv, err := a.Document(ctx, "INV-0002"); err != nil || len(inv.Lines) != 1 || inv.Tax.Minor != 9500 || inv.Total.Minor != 59500 {
				t.Errorf("INV-0002: %+v %v", inv, err)
			}
			if ck, err := a.Check(ctx); err != nil || !ck.OK() {
				t.Fatalf("check: %v %v", err, ck)
			}
		})
	}
}

// QuickBooks' sales report (Sales by Customer Detail) gives the invoices
// their lines; the sales tax it leaves out comes back as the rate that
// gives each invoice's total (8% on 1004 and 1006); an invoice whose lines
// come to more than its total there (1003) comes as one line, listed.
func TestMigrateQuickBooksLines(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join("..", "testdata", "migrate", "quickbooks")
	a := csvApp(t, "USD")
	rep, err := a.MigrateQuickBooks(ctx, []string{filepath.Join(dir, "Sales by Customer Detail.csv"), filepath.Join(dir, "Transaction List by Customer.csv"),
		filepath.Join(dir, "Customers.csv")}, "", migratePaidOn, true, false)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Result.Invoices != 6 || rep.Result.Open["USD"] != 495000 {
		t.Fatalf("moved %+v", rep.Result)
	}
	if s := strings.Join(rep.Skipped, "\n"); !strings.Contains(s, "1003: its lines come to 3100.00 here, 3000.00 in QuickBooks") {
		t.Errorf("not listed: 1003's lines:\n%s", s)
	}
	inv, err := a.Document(ctx, "1001")
	if err != nil || len(inv.Lines) != 1 || inv.Lines[0].Quantity != ledger.D4(10) || inv.Lines[0].UnitPrice != 12500 || inv.Tax.Minor != 0 {
		t.Errorf("1001: %+v %v", inv, err)
	}
	for num, tax := range map[string]int64{"1004": 6522, "1006": 7407} {
		inv, err := a.Document(ctx, num)
		if err != nil || len(inv.Lines) != 1 || inv.Lines[0].TaxRate != ledger.D4(8) || inv.Tax.Minor != tax {
			t.Errorf("%s: %+v %v", num, inv, err)
		}
	}
	if inv, err := a.Document(ctx, "1003"); err != nil || len(inv.Lines) != 1 || inv.Total.Minor != 300000 {
		t.Errorf("1003: %+v %v", inv, err)
	}
	if ck, err := a.Check(ctx); err != nil || !ck.OK() {
		t.Fatalf("check: %v %v", err, ck)
	}
}
