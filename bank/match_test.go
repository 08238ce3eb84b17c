package bank

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"paidup/demo"
	"paidup/internal/pgtest"
	"paidup/ledger"
)

var asOf = time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC)

func demoLedger(t *testing.T) *ledger.Store {
	t.Helper()
	ctx := context.Background()
	st, err := ledger.Open(ctx, pgtest.LedgerPath(t, "bank.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.Now = func() time.Time { return asOf.Add(12 * time.Hour) }
	if _, err := demo.Fill(ctx, st, demo.Options{Invoices: 400, Seed: 14, AsOf: asOf}); err != nil {
		t.Fatal(err)
	}
	return st
}

// payer is one payment of the statement written for the test: what the
// payer sent, and what matching must make of it.
type payer struct {
	name, iban, e2e, strd, text string
	amount                      ledger.Money
	status                      ledger.BankStatus
	invoices                    []string // applied (matched) or suggested (review)
	ambiguous                   bool
}

// camtOf writes payments as a camt.053.001.08 statement, one entry each.
func camtOf(ps []payer, from int) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>
<GrpHdr><MsgId>T</MsgId><CreDtTm>2026-03-31T20:00:00</CreDtTm></GrpHdr>
<Stmt><Id>S1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id></Acct>
`)
	for i, p := range ps {
		ind, party, acct := "CRDT", "Dbtr", "DbtrAcct"
		amt := p.amount
		if amt.Minor < 0 {
			ind, party, acct, amt = "DBIT", "Cdtr", "CdtrAcct", amt.Neg()
		}
		fmt.Fprintf(&b, `<Ntry><Amt Ccy="%s">%s</Amt><CdtDbtInd>%s</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><Dt>2026-03-31</Dt></BookgDt><AcctSvcrRef>REF-%04d</AcctSvcrRef>
<NtryDtls><TxDtls><Refs><EndToEndId>%s</EndToEndId></Refs>
<RltdPties><%s><Pty><Nm>%s</Nm></Pty></%s><%s><Id><IBAN>%s</IBAN></Id></%s></RltdPties>
<RmtInf><Ustrd>%s</Ustrd>`, amt.Currency, amt.Plain(), ind, from+i, xmlText(p.e2e), party, xmlText(p.name), party, acct, p.iban, acct, xmlText(p.text))
		if p.strd != "" {
			fmt.Fprintf(&b, `<Strd><CdtrRefInf><Ref>%s</Ref></CdtrRefInf></Strd>`, p.strd)
		}
		b.WriteString("</RmtInf></TxDtls></NtryDtls></Ntry>\n")
	}
	b.WriteString("</Stmt></BkToCstmrStmt></Document>\n")
	return b.String()
}

func xmlText(s string) string { return strings.NewReplacer("&", "&amp;", "<", "&lt;").Replace(s) }

// customersWith picks distinct customers with at least n open invoices of
// distinct amounts in one currency, oldest due first.
func customersWith(open []ledger.OpenInvoice, n, count int, skip map[string]bool) [][]ledger.OpenInvoice {
	by := map[string][]ledger.OpenInvoice{}
	var codes []string
	for _, o := range open {
		if len(by[o.Customer]) == 0 {
			codes = append(codes, o.Customer)
		}
		by[o.Customer] = append(by[o.Customer], o)
	}
	sort.Strings(codes)
	var out [][]ledger.OpenInvoice
	for _, c := range codes {
		invs := by[c]
		amounts := map[int64]bool{}
		for _, o := range invs {
			amounts[o.Open.Minor] = true
		}
		if skip[c] || len(invs) < n || len(amounts) != len(invs) {
			continue
		}
		skip[c] = true
		out = append(out, invs)
		if len(out) == count {
			break
		}
	}
	return out
}

func rf(t *testing.T, number string) string {
	ref, ok := ledger.RFReference(number)
	if !ok {
		t.Fatalf("no RF reference for %s", number)
	}
	return ledger.FormatRF(ref)
}

// oddly writes an invoice number as payers do: lower case, the prefix cut
// off from the digits by a space, the digits in two groups.
func oddly(number string) string {
	digits := strings.TrimLeft(number, "ABCDEFGHIJKLMNOPQRSTUVWXYZ-")
	prefix := strings.ToLower(strings.TrimRight(number[:len(number)-len(digits)], "-"))
	return prefix + " " + digits[:3] + " " + digits[3:]
}

func TestMatchDemoStatement(t *testing.T) {
	ctx := context.Background()
	st := demoLedger(t)
	if err := st.SetSetting(ctx, ToleranceSetting, "5"); err != nil {
		t.Fatal(err)
	}
	open, err := st.OpenInvoices(ctx)
	if err != nil {
		t.Fatal(err)
	}
	taken := map[string]bool{}
	one := customersWith(open, 1, 3, taken) // A, B, D
	two := customersWith(open, 2, 2, taken) // C, E
	if len(one) < 3 || len(two) < 2 {
		t.Fatalf("the demo ledger has too few customers with open invoices: %d, %d", len(one), len(two))
	}
	a, b, d := one[0][0], one[1][0], one[2][0]
	c1, c2 := two[0][0], two[0][1]
	e1, e2 := two[1][0], two[1][1]
	// Two invoices of the same amount: one for E (paid with no
	// reference from E's known account), two for a new customer F.
	cur := e1.Open.Currency
	issue := func(code string) string {
		doc, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: code, Date: asOf.AddDate(0, 0, -10),
			Lines: []ledger.Line{{Description: "Workshop", Quantity: ledger.D4(1), UnitPrice: 77777}}})
		if err != nil {
			t.Fatal(err)
		}
		return doc.Number
	}
	eSame1, eSame2 := issue(e1.Customer), issue(e1.Customer)
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "FTWIN", Name: "Twin Invoices GmbH", Currency: cur, TermsDays: 14}); err != nil {
		t.Fatal(err)
	}
	f1, f2 := issue("FTWIN"), issue("FTWIN")
	same, _ := st.Document(ctx, eSame1)
	money := func(o ledger.OpenInvoice, less int64) ledger.Money {
		return ledger.NewMoney(o.Open.Minor-less, o.Open.Currency)
	}
	ps := []payer{
		{name: "Exact RF", iban: "DE02120300000000202051", strd: rf(t, a.Number), amount: money(a, 0),
			status: ledger.BankMatched, invoices: []string{a.Number}},
		{name: "Odd Spacing", iban: "DE02120300000000202052", text: "Rechnung " + oddly(b.Number) + " vielen Dank", amount: money(b, 0),
			status: ledger.BankMatched, invoices: []string{b.Number}},
		{name: "Two At Once", iban: "DE02120300000000202053", text: c1.Number + ", " + c2.Number, amount: ledger.NewMoney(c1.Open.Minor+c2.Open.Minor, c1.Open.Currency),
			status: ledger.BankMatched, invoices: []string{c1.Number, c2.Number}},
		{name: "Bank Fee", iban: "DE02120300000000202054", e2e: d.Number, amount: money(d, 150),
			status: ledger.BankReview, invoices: []string{d.Number}},
		{name: "Known Payer", iban: "DE02120300000000202055", strd: rf(t, e1.Number), amount: money(e1, 0),
			status: ledger.BankMatched, invoices: []string{e1.Number}},
		{name: "Known Payer", iban: "DE02120300000000202055", text: "Danke", amount: money(e2, 0),
			status: ledger.BankReview, invoices: []string{e2.Number}},
		{name: "Known Payer", iban: "DE02120300000000202055", text: "Workshop", amount: same.Total,
			status: ledger.BankReview, ambiguous: true},
		{name: "Twin Invoices GmbH", iban: "DE02120300000000202056", text: "für " + f1 + " oder " + f2, amount: same.Total,
			status: ledger.BankReview, ambiguous: true},
		{name: "Stadtwerke", iban: "DE44500105175407324931", text: "Strom", amount: ledger.NewMoney(-25050, cur),
			status: ledger.BankUnmatched},
		{name: "Stranger", iban: "DE02120300000000202057", text: "Spende", amount: ledger.NewMoney(4200, cur),
			status: ledger.BankUnmatched},
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "march.xml")
	if err := os.WriteFile(file, []byte(camtOf(ps, 1)), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := ImportFile(ctx, st, file, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Added != len(ps) || res.Repeated != 0 {
		t.Fatalf("import: %+v", res)
	}
	if again, err := ImportFile(ctx, st, file, ""); err != nil || again.Added != 0 || again.Repeated != len(ps) {
		t.Fatalf("the same statement again: %+v, %v", again, err)
	}

	dry, err := Match(ctx, st, true, nil)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Match(ctx, st, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(ps) || len(dry) != len(ps) {
		t.Fatalf("%d decisions (dry run %d), want %d", len(out), len(dry), len(ps))
	}
	for i, o := range out {
		p := ps[i]
		t.Logf("%s: %s %v (%d%%) %s", o.Line.BankID, o.Status, o.Invoices(), o.Confidence, o.Reason())
		if o.Err != nil {
			t.Errorf("%s: %v", p.name, o.Err)
		}
		if o.Status != p.status || o.Ambiguous != p.ambiguous {
			t.Errorf("%s: %s (ambiguous %v), want %s (ambiguous %v): %s", p.name, o.Status, o.Ambiguous, p.status, p.ambiguous, o.Reason())
		}
		if p.invoices != nil && strings.Join(o.Invoices(), " ") != strings.Join(p.invoices, " ") {
			t.Errorf("%s: invoices %v, want %v", p.name, o.Invoices(), p.invoices)
		}
		if dry[i].Status != o.Status || dry[i].Reason() != o.Reason() {
			t.Errorf("%s: dry run %s, run %s", p.name, dry[i].Status, o.Status)
		}
		if o.Status == ledger.BankMatched {
			if o.Payment == "" {
				t.Errorf("%s: matched but not posted", p.name)
			}
			for _, n := range p.invoices {
				if doc, err := st.Document(ctx, n); err != nil || doc.Open.Minor != 0 {
					t.Errorf("%s: %s still has %s open (%v)", p.name, n, doc.Open, err)
				}
			}
		}
		if o.Confidence <= 0 && o.Status != ledger.BankUnmatched || len(o.Reasons) == 0 {
			t.Errorf("%s: confidence %d, reasons %q", p.name, o.Confidence, o.Reasons)
		}
	}

	// Nothing is matched twice; review stays review.
	if again, err := Match(ctx, st, false, nil); err != nil || len(again) != 6 {
		t.Fatalf("second run: %d lines, %v", len(again), err)
	}

	// The fee: accepted, paid and the shortfall written off.
	if _, _, err := Accept(ctx, st, "REF-0004", nil); err != nil {
		t.Fatal(err)
	}
	if doc, _ := st.Document(ctx, d.Number); doc.Open.Minor != 0 {
		t.Errorf("%s has %s open after the fee was written off", d.Number, doc.Open)
	}
	// The ambiguous one is refused without a choice, and taken with one.
	if _, _, err := Accept(ctx, st, "REF-0007", nil); err == nil {
		t.Error("an ambiguous line was accepted without naming the invoice")
	}
	if _, _, err := Accept(ctx, st, "REF-0007", []string{eSame2}); err != nil {
		t.Fatal(err)
	}
	if doc, _ := st.Document(ctx, eSame2); doc.Open.Minor != 0 {
		t.Errorf("%s: %s open after the accepted payment", eSame2, doc.Open)
	}
	if doc, _ := st.Document(ctx, eSame1); doc.Open.Minor == 0 {
		t.Errorf("%s was paid too", eSame1)
	}
	if err := Ignore(ctx, st, "REF-0010", "a donation"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Accept(ctx, st, "REF-0010", []string{f1}); err == nil {
		t.Error("an ignored line was accepted")
	}
	// The twins' payer is learned by accepting; the IBAN now names FTWIN.
	if _, _, err := Accept(ctx, st, "REF-0008", []string{f1}); err != nil {
		t.Fatal(err)
	}
	payers, _ := st.BankPayers(ctx)
	if payers["DE02120300000000202056"] != "FTWIN" || payers["DE02120300000000202055"] != e1.Customer {
		t.Errorf("payers learned: %v", payers)
	}

	// An overlapping statement: two lines known, one new.
	over := []payer{ps[8], ps[9], {name: "Late", iban: "DE02120300000000202058", text: "x", amount: ledger.NewMoney(100, cur)}}
	if err := os.WriteFile(file, []byte(camtOf(over, 9)), 0o600); err != nil {
		t.Fatal(err)
	}
	if res, err := ImportFile(ctx, st, file, ""); err != nil || res.Added != 1 || res.Repeated != 2 {
		t.Fatalf("overlapping statement: %+v, %v", res, err)
	}
	rep, err := st.Check(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("ledger check: %v", rep.Problems)
	}
}

// A malformed statement imports nothing.
func TestImportMalformedNothing(t *testing.T) {
	ctx := context.Background()
	st, err := ledger.Open(ctx, pgtest.LedgerPath(t, "bad.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	data, err := os.ReadFile("testdata/statement.sta")
	if err != nil {
		t.Fatal(err)
	}
	bad := strings.Replace(string(data), ":61:260331C42,00", ":61:260399C42,00", 1)
	file := filepath.Join(t.TempDir(), "bad.sta")
	if err := os.WriteFile(file, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := ImportFile(ctx, st, file, ""); err == nil || !strings.Contains(err.Error(), "mt940 line 12") {
		t.Fatalf("error %v, want one naming mt940 line 12", err)
	}
	if ls, err := st.BankLines(ctx, ledger.BankLineFilter{}); err != nil || len(ls) != 0 {
		t.Fatalf("%d lines imported from a refused file (%v)", len(ls), err)
	}
}

// A ZIP of statements is one import: every statement in it, or none.
func TestImportZip(t *testing.T) {
	ctx := context.Background()
	st, err := ledger.Open(ctx, pgtest.LedgerPath(t, "zip.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	write := func(name string, files map[string]string) string {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		for _, n := range []string{"a/camt053_v02.xml", "a/statement.sta", "b/statement_v1.ofx"} {
			body, ok := files[n]
			if !ok {
				continue
			}
			w, err := zw.Create(n)
			if err != nil {
				t.Fatal(err)
			}
			w.Write([]byte(body))
		}
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	files := map[string]string{}
	for _, n := range []string{"a/camt053_v02.xml", "a/statement.sta", "b/statement_v1.ofx"} {
		b, err := os.ReadFile(filepath.Join("testdata", filepath.Base(n)))
		if err != nil {
			t.Fatal(err)
		}
		files[n] = string(b)
	}
	bad := map[string]string{"a/camt053_v02.xml": files["a/camt053_v02.xml"], "b/statement_v1.ofx": strings.Replace(files["b/statement_v1.ofx"], "<TRNAMT>75", "<TRNAMT>x", 1)}
	if _, err := ImportFile(ctx, st, write("bad.zip", bad), ""); err == nil || !strings.Contains(err.Error(), "zip b/statement_v1.ofx: ofx line 58") {
		t.Fatalf("bad archive: %v", err)
	}
	if ls, _ := st.BankLines(ctx, ledger.BankLineFilter{}); len(ls) != 0 {
		t.Fatalf("%d lines from a refused archive", len(ls))
	}
	res, err := ImportFile(ctx, st, write("march.zip", files), "")
	if err != nil || res.Added != 8 || res.Format != "zip" {
		t.Fatalf("archive: %+v %v", res, err)
	}
	ls, _ := st.BankLines(ctx, ledger.BankLineFilter{})
	accounts := map[string]int{}
	for _, l := range ls {
		accounts[l.Account]++
	}
	if accounts["DE89370400440532013000"] != 2 || accounts["0532013000"] != 3 || accounts["3456789012"] != 3 {
		t.Errorf("accounts: %v", accounts)
	}
}
