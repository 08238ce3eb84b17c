package app

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"paidup/internal/pgtest"
	"paidup/ledger"
	"paidup/reports"
)

var update = flag.Bool("update", false, "rewrite the golden files of the exports")

// exportApp is a ledger of a quarter with every kind of entry: invoices
// of two tax rates, a payment, a credit note, a write-off, a voided
// invoice and a voided payment, an unapplied credit applied later, a USD
// invoice; customers named with umlauts, a formula and a debtor number.
func exportApp(t *testing.T) *App {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 4, 2, 9, 30, 15, 123e6, time.UTC)
	a, err := Create(ctx, pgtest.LedgerPath(t, "export.db"))
	if err != nil {
		t.Fatal(err)
	}
	a = New(a.Store, func() time.Time { return now })
	t.Cleanup(func() { a.Close() })
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(a.ChangeSettings(ctx, map[string]string{"business.currency": "EUR", "datev.consultant": "29098", "datev.client": "55003",
		"accounts.1100": "1400 Forderungen aus L+L", "accounts.4000": "8400 Erlöse 19 %", "accounts.1000": "1200 Bank",
		"xero.tax_types": "19=19% (VAT on Income); 7=7% (VAT on Income)"}))
	for _, c := range []ledger.Customer{
		{Code: "10001", Name: "Müller GmbH", Currency: "EUR", TermsDays: 14, Address: "Hafenstraße 12\n20457 Hamburg\nGermany", Email: "ap@mueller.example"},
		{Code: "ACME", Name: "=HYPERLINK(\"x\")", Currency: "EUR", TermsDays: 30},
		{Code: "USCO", Name: "US Co", Currency: "USD", TermsDays: 30},
	} {
		_, err := a.CreateCustomer(ctx, c)
		must(err)
	}
	d := func(s string) time.Time { return ledger.Day(must2(time.Parse(ledger.DateLayout, s))) }
	eur := func(s string) ledger.Money { return must2(ledger.ParseMoney(s, "EUR")) }
	line := func(desc, qty, price, tax string) ledger.Line {
		return ledger.Line{Description: desc, Quantity: must2(ledger.ParseDecimal4(qty)), UnitPrice: must2(ledger.ParseMoney(price, "EUR")).Minor,
			TaxRate: must2(ledger.ParseDecimal4(tax))}
	}
	_, err = a.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "10001", Date: d("2026-01-10"),
		Lines: []ledger.Line{line("Beratung; \"vor Ort\"", "2", "500", "19"), line("Reise", "1", "100", "7")}})
	must(err)
	_, err = a.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "ACME", Date: d("2026-01-15"), Lines: []ledger.Line{line("x", "1", "200", "0")}})
	must(err)
	_, err = a.RecordPayment(ctx, ledger.PaymentInput{CustomerCode: "10001", Date: d("2026-02-01"), Amount: eur("1000"), Reference: "RF18 1234"})
	must(err)
	_, err = a.IssueCreditNote(ctx, ledger.CreditNoteInput{CustomerCode: "10001", Date: d("2026-02-05"), Lines: []ledger.Line{line("Rabatt", "1", "100", "19")}})
	must(err)
	_, err = a.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "ACME", Date: d("2026-02-10"), Lines: []ledger.Line{line("y", "1.5", "200", "0")}})
	must(err)
	must(a.Void(ctx, "INV-000003", d("2026-02-20"), "wrong customer"))
	_, err = a.WriteOff(ctx, "INV-000002", d("2026-03-01"), eur("50"), "small balance")
	must(err)
	_, err = a.RecordPayment(ctx, ledger.PaymentInput{CustomerCode: "ACME", Date: d("2026-03-05"), Amount: eur("500"), KeepUnapplied: true})
	must(err)
	_, err = a.ApplyCredit(ctx, "PAY-000002", d("2026-03-06"), []ledger.AllocationInput{{InvoiceNumber: "INV-000002", Amount: eur("150")}})
	must(err)
	_, err = a.RecordPayment(ctx, ledger.PaymentInput{CustomerCode: "10001", Date: d("2026-03-07"), Amount: eur("297")})
	must(err)
	must(a.Void(ctx, "PAY-000003", d("2026-03-20"), "bounced"))
	_, err = a.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "USCO", Date: d("2026-03-10"),
		Lines: []ledger.Line{{Description: "z", Quantity: ledger.D4(1), UnitPrice: 100000}}})
	must(err)
	must(a.SetRate(ctx, "USD", d("2026-03-09"), "0.92", "test"))
	return a
}

func must2[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

var q1 = ledger.ExportPeriod{From: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)}

// journalSums is the period's postings summed by account and customer,
// and counted: what every export must carry, once.
func journalSums(t *testing.T, a *App, p ledger.ExportPeriod) (map[string]int64, int) {
	t.Helper()
	sums, n := map[string]int64{}, 0
	err := a.Export(context.Background(), p, func(x *ledger.ExportReader) error {
		return x.EachJournalLine(func(l ledger.JournalLine) error {
			sums[strconv.Itoa(int(l.Account))+"/"+l.CustomerCode+"/"+l.Amount.Currency] += l.Amount.Minor
			n++
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	return sums, n
}

// golden compares got with testdata/export/name, or writes it (-update).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "export", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -run %s -update writes it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from its golden file:\n%s", name, got)
	}
}

// iifBlock is one transaction of an IIF file: its lines' fields by the
// names the !TRNS and !SPL header rows give.
type iifBlock struct {
	typ   string
	lines []map[string]string
}

// parseIIF reads an IIF file as Intuit's specification lays it out: tab
// separated; a row whose first field starts with '!' names the fields of
// the rows of that keyword that follow; TRNS opens a transaction, SPL
// lines belong to it, ENDTRNS closes it; list rows (ACCNT, CUST) stand
// alone. It fails on anything else.
func parseIIF(t *testing.T, b []byte) (lists map[string][]map[string]string, blocks []iifBlock) {
	t.Helper()
	if !utf8Valid1252(b) {
		t.Fatal("not Windows-1252")
	}
	text, _ := charmap.Windows1252.NewDecoder().Bytes(b)
	if !bytes.HasSuffix(text, []byte("\r\n")) {
		t.Fatal("IIF lines end in CRLF")
	}
	heads := map[string][]string{}
	lists = map[string][]map[string]string{}
	var cur *iifBlock
	for n, row := range strings.Split(strings.TrimSuffix(string(text), "\r\n"), "\r\n") {
		f := strings.Split(row, "\t")
		if strings.HasPrefix(f[0], "!") {
			heads[f[0][1:]] = f
			continue
		}
		h, ok := heads[f[0]]
		if !ok {
			t.Fatalf("line %d: %s before its !%s header", n+1, f[0], f[0])
		}
		if len(f) > len(h) {
			t.Fatalf("line %d: %d fields, its header has %d", n+1, len(f), len(h))
		}
		rec := map[string]string{}
		for i := 1; i < len(f); i++ {
			rec[h[i]] = f[i]
		}
		switch f[0] {
		case "TRNS":
			if cur != nil {
				t.Fatalf("line %d: TRNS inside a transaction", n+1)
			}
			cur = &iifBlock{typ: rec["TRNSTYPE"], lines: []map[string]string{rec}}
		case "SPL":
			if cur == nil || rec["TRNSTYPE"] != cur.typ {
				t.Fatalf("line %d: SPL outside its transaction", n+1)
			}
			cur.lines = append(cur.lines, rec)
		case "ENDTRNS":
			if cur == nil {
				t.Fatalf("line %d: ENDTRNS without TRNS", n+1)
			}
			blocks = append(blocks, *cur)
			cur = nil
		default:
			if cur != nil {
				t.Fatalf("line %d: %s inside a transaction", n+1, f[0])
			}
			lists[f[0]] = append(lists[f[0]], rec)
		}
	}
	if cur != nil {
		t.Fatal("a transaction without ENDTRNS")
	}
	return lists, blocks
}

func utf8Valid1252(b []byte) bool {
	for _, c := range b {
		if c == 0x81 || c == 0x8d || c == 0x8f || c == 0x90 || c == 0x9d {
			return false
		}
	}
	return true
}

// IIF: every posting once, each transaction balanced, the right types,
// customers listed by a unique name, a period of two currencies refused.
func TestExportIIF(t *testing.T) {
	a := exportApp(t)
	ctx := context.Background()
	var buf bytes.Buffer
	if _, err := a.ExportIIF(ctx, &buf, q1); err == nil || !strings.Contains(err.Error(), "postings in EUR and USD") {
		t.Fatalf("two currencies in one IIF: %v", err)
	}
	p := q1
	p.Currency = "EUR"
	buf.Reset()
	c, err := a.ExportIIF(ctx, &buf, p)
	if err != nil {
		t.Fatal(err)
	}
	sums, n := journalSums(t, a, p)
	lists, blocks := parseIIF(t, buf.Bytes())
	if c.Postings != n || len(blocks) != c.Entries {
		t.Fatalf("counts %+v, %d postings, %d blocks", c, n, len(blocks))
	}
	accByName := map[string]string{}
	for _, acc := range lists["ACCNT"] {
		accByName[acc["NAME"]] = acc["ACCNUM"]
	}
	if accByName["Forderungen aus L+L"] != "1400" || len(lists["ACCNT"]) != len(ledger.Accounts) {
		t.Fatalf("accounts %v", lists["ACCNT"])
	}
	custByName := map[string]bool{}
	for _, c := range lists["CUST"] {
		custByName[c["NAME"]] = true
	}
	if !custByName["Müller GmbH"] || !custByName[`'=HYPERLINK('x')`] || len(lists["CUST"]) != 2 {
		t.Fatalf("customers %v", lists["CUST"])
	}
	got := map[string]int64{}
	types := map[string]int{}
	lines := 0
	for _, b := range blocks {
		types[b.typ]++
		var sum int64
		for i, l := range b.lines {
			m, err := ledger.ParseMoney(l["AMOUNT"], "EUR")
			if err != nil {
				t.Fatal(err)
			}
			sum += m.Minor
			lines++
			if _, err := time.Parse("01/02/2006", l["DATE"]); err != nil {
				t.Fatal(err)
			}
			if i == 0 && (b.typ == "INVOICE" || b.typ == "CREDIT MEMO") && accByName[l["ACCNT"]] != "1400" {
				t.Fatalf("%s's TRNS line is not the receivable: %v", b.typ, l)
			}
			if b.typ == "PAYMENT" && i == 0 && (accByName[l["ACCNT"]] != "1200" || l["NAME"] == "") {
				t.Fatalf("a payment's TRNS line is the bank, with the customer: %v", l)
			}
			got[accByName[l["ACCNT"]]] += m.Minor
		}
		if sum != 0 {
			t.Fatalf("transaction %v sums to %d", b, sum)
		}
	}
	want := map[string]int64{}
	accounts, _ := a.AccountMap(ctx)
	for k, v := range sums {
		acc, _ := strconv.Atoi(strings.Split(k, "/")[0])
		want[accounts.Of(ledger.Account(acc)).Code] += v
	}
	if lines != n || !sameSums(got, want) {
		t.Fatalf("%d lines of %d postings; by account %v, journal %v", lines, n, got, want)
	}
	if types["INVOICE"] != 3 || types["CREDIT MEMO"] != 1 || types["PAYMENT"] != 3 || types["GENERAL JOURNAL"] != 4 {
		t.Fatalf("types %v", types)
	}
	golden(t, "q1-eur.iif", buf.Bytes())
	// The same ledger and period: the same bytes.
	var again bytes.Buffer
	if _, err := a.ExportIIF(ctx, &again, p); err != nil || !bytes.Equal(again.Bytes(), buf.Bytes()) {
		t.Fatalf("a second export differs (%v)", err)
	}
}

func sameSums(a, b map[string]int64) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	for k, v := range b {
		if a[k] != v {
			return false
		}
	}
	return true
}

// parseDATEV reads a Buchungsstapel as DATEV's format description lays it
// out: Windows-1252, ';' separated with '"' quoting, CRLF; line 1 the
// header (EXTF, 700, category 21, 31 fields), line 2 the 125 column
// names, then bookings.
func parseDATEV(t *testing.T, b []byte) (header []string, rows []map[string]string) {
	t.Helper()
	text, err := charmap.Windows1252.NewDecoder().Bytes(b)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(bytes.ReplaceAll(text, []byte("\r\n"), nil), []byte("\n")) {
		t.Fatal("a line break that is not CRLF")
	}
	cr := csv.NewReader(bufio.NewReader(bytes.NewReader(text)))
	cr.Comma, cr.FieldsPerRecord = ';', -1
	recs, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	header, cols := recs[0], recs[1]
	if len(header) != 31 || header[0] != "EXTF" || header[1] != "700" || header[2] != "21" || header[3] != "Buchungsstapel" || header[4] != "13" {
		t.Fatalf("header %q", header)
	}
	if len(cols) != 125 || cols[0] != "Umsatz (ohne Soll/Haben-Kz)" || cols[6] != "Konto" || cols[7] != "Gegenkonto (ohne BU-Schlüssel)" || cols[13] != "Buchungstext" {
		t.Fatalf("%d columns: %q", len(cols), cols)
	}
	for _, r := range recs[2:] {
		if len(r) != 125 {
			t.Fatalf("a booking of %d fields", len(r))
		}
		m := map[string]string{}
		for i, v := range r {
			m[cols[i]] = v
		}
		rows = append(rows, m)
	}
	return header, rows
}

// DATEV: the header, every posting's amount booked once between its
// accounts, foreign amounts with rate and home amount, one fiscal year.
func TestExportDATEV(t *testing.T) {
	a := exportApp(t)
	ctx := context.Background()
	var buf bytes.Buffer
	c, err := a.ExportDATEV(ctx, &buf, q1)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(buf.Bytes(), []byte("BU-Schl\xfcssel")) {
		t.Fatal("the columns are not written in Windows-1252")
	}
	header, rows := parseDATEV(t, buf.Bytes())
	if header[5] != "20260402093015123" || header[10] != "29098" || header[11] != "55003" || header[12] != "20260101" || header[13] != "4" ||
		header[14] != "20260101" || header[15] != "20260331" || header[21] != "EUR" {
		t.Fatalf("header %q", header)
	}
	sums, n := journalSums(t, a, q1)
	accounts, _ := a.AccountMap(ctx)
	want := map[string]int64{}
	for k, v := range sums {
		parts := strings.Split(k, "/")
		acc, _ := strconv.Atoi(parts[0])
		code := accounts.Of(ledger.Account(acc)).Code
		if parts[1] == "10001" {
			code = "10001"
		}
		want[code+"/"+parts[2]] += v
	}
	got := map[string]int64{}
	for _, r := range rows {
		if r["Soll/Haben-Kennzeichen"] != "S" {
			t.Fatalf("booking %v", r)
		}
		m, err := ledger.ParseMoney(strings.Replace(r["Umsatz (ohne Soll/Haben-Kz)"], ",", ".", 1), r["WKZ Umsatz"])
		if err != nil || m.Minor <= 0 {
			t.Fatalf("amount %q: %v", r["Umsatz (ohne Soll/Haben-Kz)"], err)
		}
		got[r["Konto"]+"/"+m.Currency] += m.Minor
		got[r["Gegenkonto (ohne BU-Schlüssel)"]+"/"+m.Currency] -= m.Minor
		if len(r["Belegdatum"]) != 4 {
			t.Fatalf("Belegdatum %q", r["Belegdatum"])
		}
		if m.Currency == "USD" && (r["Kurs"] != "1,086957" || r["Basis-Umsatz"] != "920,00" || r["WKZ Basis-Umsatz"] != "EUR") {
			t.Fatalf("USD booking %v", r)
		}
		if strings.HasPrefix(r["Buchungstext"], "=") {
			t.Fatalf("a formula got through: %q", r["Buchungstext"])
		}
	}
	for k, v := range want {
		if v == 0 {
			delete(want, k)
		}
	}
	for k, v := range got {
		if v == 0 {
			delete(got, k)
		}
	}
	if !sameSums(got, want) || c.Postings != n {
		t.Fatalf("by account %v, journal %v; %+v of %d postings", got, want, c, n)
	}
	golden(t, "q1.datev.csv", buf.Bytes())

	// One fiscal year a file.
	p := q1
	p.To = time.Date(2027, 1, 5, 0, 0, 0, 0, time.UTC)
	if _, err := a.ExportDATEV(ctx, &buf, p); err == nil || !strings.Contains(err.Error(), "export up to 2026-12-31, then from 2027-01-01") {
		t.Fatalf("two fiscal years: %v", err)
	}
	// A missing rate is named.
	p = q1
	p.From = time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	if err := a.SetRate(ctx, "USD", time.Date(2026, 3, 11, 0, 0, 0, 0, time.UTC), "0.93", "test"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ExportDATEV(ctx, &bytes.Buffer{}, p); err != nil {
		t.Fatal(err)
	}
}

// Xero: the columns of Xero's templates; invoices, credit notes and
// write-offs, voids as their reversals, payments as statement lines.
func TestExportXero(t *testing.T) {
	a := exportApp(t)
	ctx := context.Background()
	var inv, pay bytes.Buffer
	c, err := a.ExportXero(ctx, &inv, &pay, q1)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(inv.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(recs[0], ",") != strings.Join(reports.XeroInvoiceColumns, ",") {
		t.Fatalf("columns %q", recs[0])
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	totals := map[string]int64{}
	for _, r := range recs[1:] {
		u, err := ledger.ParseMoney(r[col["*UnitAmount"]], r[col["Currency"]])
		if err != nil {
			t.Fatal(err)
		}
		q, _ := ledger.ParseDecimal4(r[col["*Quantity"]])
		disc, _ := ledger.ParseDecimal4(r[col["Discount"]])
		net, _ := ledger.LineNet(q, u.Minor, disc)
		totals[r[col["*InvoiceNumber"]]] += net
		if strings.HasPrefix(r[col["*ContactName"]], "=") {
			t.Fatalf("a formula got through: %q", r[col["*ContactName"]])
		}
	}
	want := map[string]int64{"INV-000001": 110000, "INV-000002": 20000, "CN-000001": -10000, "INV-000003": 30000, "INV-000003-VOID": -30000,
		"WO-000001": -5000, "INV-000004": 100000}
	if !sameSums(totals, want) || c.Entries != len(want) {
		t.Fatalf("nets %v, %+v", totals, c)
	}
	if r := recs[1]; r[col["*InvoiceDate"]] != "10/01/2026" || r[col["*TaxType"]] != "19% (VAT on Income)" || r[col["*AccountCode"]] != "8400" ||
		r[col["POAddressLine2"]] != "20457 Hamburg" {
		t.Fatalf("first row %q", r)
	}
	prec, err := csv.NewReader(bytes.NewReader(pay.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(prec[0], ",") != "*Date,*Amount,Payee,Description,Reference,Currency" || len(prec) != 5 || c.Payments != 4 {
		t.Fatalf("payments %q", prec)
	}
	var sum int64
	for _, r := range prec[1:] {
		sum += must2(ledger.ParseMoney(r[1], "EUR")).Minor
	}
	if sum != 150000 {
		t.Fatalf("payments sum to %d: %q", sum, prec)
	}
	golden(t, "q1-xero-invoices.csv", inv.Bytes())
	golden(t, "q1-xero-payments.csv", pay.Bytes())

	// A refund is money out of the bank: a negative statement line, and
	// its void a positive one; the invoices file is unchanged.
	if _, err := a.IssueRefund(ctx, ledger.RefundInput{CustomerCode: "ACME", Date: time.Date(2026, 3, 25, 0, 0, 0, 0, time.UTC),
		Amount: must2(ledger.ParseMoney("100", "EUR")), From: []string{"PAY-000002"}}); err != nil {
		t.Fatal(err)
	}
	if err := a.Void(ctx, "REF-000001", time.Date(2026, 3, 26, 0, 0, 0, 0, time.UTC), "paid twice"); err != nil {
		t.Fatal(err)
	}
	var inv2, pay2 bytes.Buffer
	if _, err := a.ExportXero(ctx, &inv2, &pay2, q1); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(inv2.Bytes(), inv.Bytes()) {
		t.Error("a refund changed the Xero invoices file")
	}
	text := pay2.String()
	for _, want := range []string{"25/03/2026,-100.00,", ",refund REF-000001,", "26/03/2026,100.00,", "void of refund REF-000001: paid twice"} {
		if !strings.Contains(text, want) {
			t.Errorf("the payments file lacks %q:\n%s", want, text)
		}
	}
}
