package cli

import (
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"paidup/internal/pgtest"
	"paidup/ledger"
)

// Credit control on the command line: a limit warns and lets the invoice
// through, a hold refuses it until overridden with a reason, the rules
// hold a late payer, and the history tells it all.
func TestCLICreditControl(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "credit.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "customer", "add", "NGUYEN", "--name", "Thương mại Nguyễn Đức", "--currency", "EUR", "--terms", "14")
	wantIn(t, run(0, "customer", "set", "NGUYEN", "--credit-limit", "100"), "credit limit 100.00 EUR")
	code, out, errs := paidup(t, "--db", db, "invoice", "new", "--customer", "NGUYEN", "--date", "2026-01-02", "--line", "Design;1;100.01;0", "--issue")
	if code != 0 || !strings.Contains(errs, "over its credit limit of 100.00 EUR by 0.01 EUR") || !strings.Contains(out, "INV-") {
		t.Fatalf("over the limit by a cent: exit %d\n%s\n%s", code, out, errs)
	}
	wantIn(t, run(0, "customer", "set", "NGUYEN", "--hold", "cheque bounced"), "on hold")
	code, _, errs = paidup(t, "--db", db, "invoice", "new", "--customer", "NGUYEN", "--line", "More;1;5", "--issue")
	if code != 1 || !strings.Contains(errs, "on hold") || !strings.Contains(errs, "--override-hold") {
		t.Fatalf("a held customer invoiced: exit %d, %s", code, errs)
	}
	// The refused invoice stays a draft; issued with a reason it goes.
	var rows []documentRowJSON
	mustJSON(t, run(0, "invoice", "list", "--status", "draft", "--format", "json"), &rows)
	if len(rows) != 1 {
		t.Fatalf("drafts %+v", rows)
	}
	wantIn(t, run(0, "invoice", "issue", "2", "--override-hold", "paid in advance by card"), "INV-")
	var watch []creditJSON
	mustJSON(t, run(0, "customer", "holds", "--format", "json"), &watch)
	if len(watch) != 1 || !watch[0].OnHold || watch[0].Over != "5.01" || watch[0].HoldReason != "cheque bounced" {
		t.Fatalf("holds %+v", watch)
	}
	run(0, "note", "add", "NGUYEN", "called,", "will", "pay", "Friday")
	wantIn(t, run(0, "customer", "set", "NGUYEN", "--release", "paid"), "no longer on hold")
	var hist []historyJSON
	mustJSON(t, run(0, "customer", "history", "NGUYEN", "--format", "json"), &hist)
	var kinds []string
	for _, h := range hist {
		kinds = append(kinds, h.Kind)
	}
	if got := strings.Join(kinds, " "); !strings.HasPrefix(got, "invoice") || !strings.Contains(got, "hold") ||
		!strings.Contains(got, "override") || !strings.Contains(got, "note") || !strings.HasSuffix(got, "release") {
		t.Fatalf("history %s", got)
	}
	// The rule: more than 10 days late.
	run(0, "settings", "set", "credit.hold_after_days", "10")
	_, _, errs = paidup(t, "--db", db, "customer", "holds", "--apply")
	if !strings.Contains(errs, "put on hold by rule: NGUYEN") {
		t.Fatalf("rule: %s", errs)
	}
	run(0, "check")
	for _, args := range [][]string{{"customer", "set", "NGUYEN"}, {"customer", "set", "NGUYEN", "--hold", "x", "--release"}, {"customer", "history"}, {"note", "add", "NGUYEN"}} {
		if code, _, _ := paidup(t, append([]string{"--db", db}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// paidup risk lists every customer with a score, a segment and reasons.
func TestCLIRisk(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "risk.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "customer", "add", "SLOW", "--name", "Slow Ltd", "--currency", "EUR", "--terms", "30")
	for _, d := range []string{"2025-10-01", "2025-11-01", "2025-12-01"} {
		run(0, "invoice", "new", "--customer", "SLOW", "--date", d, "--line", "Work;1;100;0", "--issue")
	}
	var risks []riskJSON
	mustJSON(t, run(0, "risk", "--as-of", "2026-03-31", "--format", "json"), &risks)
	if len(risks) != 1 || risks[0].Customer != "SLOW" || risks[0].Score < 45 || risks[0].Segment == "" || len(risks[0].Reasons) == 0 {
		t.Fatalf("risk %+v", risks)
	}
	wantIn(t, run(0, "risk", "--as-of", "2026-03-31"), "SLOW Slow Ltd", "of invoices paid late")
}

// A promise on the command line: recorded against an invoice, its
// reminders wait, and once the date passes without payment it is broken.
func TestCLIPromise(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "promise.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "customer", "add", "NGUYEN", "--name", "Thương mại Nguyễn Đức", "--currency", "EUR", "--terms", "14", "--email", "kt@nguyen.example")
	run(0, "invoice", "new", "--customer", "NGUYEN", "--date", "2026-01-02", "--line", "Design;1;100;0", "--issue")
	var p promiseJSON
	mustJSON(t, run(0, "promise", "add", "INV-000001", "--made", "2026-01-20", "--date", "2026-01-30", "--note", "on the phone", "--format", "json"), &p)
	if p.Amount != "100.00" || p.Status != "open" || len(p.Invoices) != 1 {
		t.Fatalf("promise %+v", p)
	}
	wantIn(t, run(0, "remind", "--as-of", "2026-01-31", "--dry-run"), "promised to be paid: reminders wait until 2026-02-02")
	var ps []promiseJSON
	mustJSON(t, run(0, "promise", "list", "--format", "json"), &ps)
	if len(ps) != 1 || ps[0].Status != "broken" || ps[0].Paid != "0.00" {
		t.Fatalf("after the date: %+v", ps)
	}
	for _, args := range [][]string{{"promise"}, {"promise", "add", "INV-000001"}, {"promise", "list", "--status", "late"}} {
		if code, _, _ := paidup(t, append([]string{"--db", db}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}

// The dossier is a sound PDF that names the debtor, the open items, the
// promise broken and the reminder history, deterministic for a date.
func TestCLIDossier(t *testing.T) {
	dir := t.TempDir()
	db := newLedger(t, pgtest.LedgerPath(t, "dossier.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "settings", "set", "business.name", "Nordlicht Design")
	run(0, "customer", "add", "NGUYEN", "--name", "Thương mại Nguyễn Đức", "--currency", "EUR", "--terms", "14")
	run(0, "invoice", "new", "--customer", "NGUYEN", "--date", "2026-01-02", "--line", "Thiết kế logo;1;1250.00;0", "--issue")
	run(0, "promise", "add", "INV-000001", "--made", "2026-01-20", "--date", "2026-01-30", "--note", "on the phone")
	run(0, "promise", "list")
	run(0, "note", "add", "NGUYEN", "sent to the lawyer")
	pdf := dir + "/a.pdf"
	run(0, "dossier", "NGUYEN", "--as-of", "2026-12-31", "-o", pdf)
	text := checkPDF(t, pdf)
	for _, want := range []string{"Collections dossier", "Thương mại Nguyễn Đức", "INV-000001", "1,250.00", "16 Jan 2026", "broken", "on the phone", "sent to the lawyer", "Page 1 of"} {
		if !strings.Contains(text, want) {
			t.Errorf("the dossier lacks %q:\n%s", want, text)
		}
	}
	again := dir + "/b.pdf"
	run(0, "dossier", "NGUYEN", "--as-of", "2026-12-31", "-o", again)
	if a, b := readFile(t, pdf), readFile(t, again); a != b {
		t.Errorf("two dossiers of the same date differ")
	}
	if code, _, errs := paidup(t, "--db", db, "dossier", "NOBODY"); code != 1 || !strings.Contains(errs, "NOBODY") {
		t.Errorf("unknown customer: exit %d %q", code, errs)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The journal export: every posting of the period once, each entry and
// each document balanced, formulas neutralised, on a demo ledger.
func TestCLIExportJournal(t *testing.T) {
	dir := t.TempDir()
	db := pgtest.LedgerPath(t, "journal.db")
	mustRun(t, 0, "--db", db, "demo", "--invoices", "300", "--as-of", "2026-03-31")
	mustRun(t, 0, "--db", db, "customer", "add", "EVIL", "--name", "=HYPERLINK(\"http://x\")", "--currency", "EUR")
	mustRun(t, 0, "--db", db, "invoice", "new", "--customer", "EVIL", "--date", "2026-03-30", "--line", "x;1;10;0", "--issue")
	path := dir + "/j.csv"
	wantIn(t, mustRun(t, 0, "--db", db, "export", "journal", "--from", "2025-01-01", "--to", "2026-03-31", "-o", path), "postings from 2025-01-01 to 2026-03-31")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	cents := func(s string) int64 {
		if s == "" {
			return 0
		}
		m, err := ledger.ParseMoney(s, "EUR")
		if err != nil {
			t.Fatalf("amount %q: %v", s, err)
		}
		return m.Minor
	}
	entries, docs := map[string]int64{}, map[string]int64{}
	seen := map[string]bool{}
	evil := false
	for _, r := range recs[1:] {
		key := r[col["entry"]] + "/" + r[col["line"]]
		if seen[key] {
			t.Fatalf("posting %s twice", key)
		}
		seen[key] = true
		d, c := cents(r[col["debit"]]), cents(r[col["credit"]])
		if (d == 0) == (c == 0) && d+c != 0 {
			t.Fatalf("row %v has both or neither of debit and credit", r)
		}
		entries[r[col["entry"]]+r[col["currency"]]] += d - c
		docs[r[col["document"]]+r[col["currency"]]] += d - c
		if r[col["date"]] < "2025-01-01" || r[col["date"]] > "2026-03-31" {
			t.Fatalf("row outside the period: %v", r)
		}
		if strings.Contains(r[col["customer_name"]], "HYPERLINK") {
			evil = true
			if strings.HasPrefix(r[col["customer_name"]], "=") {
				t.Fatalf("a formula got through: %q", r[col["customer_name"]])
			}
		}
	}
	for k, v := range entries {
		if v != 0 {
			t.Fatalf("entry %s sums to %d", k, v)
		}
	}
	for k, v := range docs {
		if v != 0 {
			t.Fatalf("document %s sums to %d", k, v)
		}
	}
	if len(recs) < 500 || !evil {
		t.Fatalf("%d rows; the customer named like a formula found: %v", len(recs), evil)
	}
}

// Rates from the ECB's file and the aging in the home currency; a
// currency without a rate is named, not taken at 1.
func TestCLIRatesAndHomeAging(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "rates.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "settings", "set", "business.currency", "EUR")
	run(0, "customer", "add", "ACME", "--name", "Acme", "--currency", "USD")
	run(0, "customer", "add", "NORD", "--name", "Nord", "--currency", "EUR")
	run(0, "invoice", "new", "--customer", "ACME", "--date", "2026-03-02", "--line", "x;1;1000;0", "--issue")
	run(0, "invoice", "new", "--customer", "NORD", "--date", "2026-03-02", "--line", "x;1;500;0", "--issue")
	code, _, errs := paidup(t, "--db", db, "aging", "--as-of", "2026-03-29", "--home")
	if code != 1 || !strings.Contains(errs, "no exchange rate from USD to EUR on or before 2026-03-29") {
		t.Fatalf("no rate yet: exit %d %q", code, errs)
	}
	wantIn(t, run(0, "rates", "import", "../testdata/rates/eurofxref-hist-sample.csv"), "imported 20 rates")
	// 1,000.00 USD at 1/1.0790 (Friday's) = 926.78 EUR, and 500.00 EUR.
	wantIn(t, run(0, "aging", "--as-of", "2026-03-29", "--home"), "In EUR (home currency):", "total      1,426.78 EUR",
		"1 USD = 0.9267840593 EUR (rate of 2026-03-27)")
	wantIn(t, run(0, "rates", "list", "USD"), "2026-03-31  USD       0.924556213")
	// The journal with home amounts: the USD invoice of 2 March has no rate
	// that day (the sample starts on 26 March), so the export says so.
	code, _, errs = paidup(t, "--db", db, "export", "journal", "--from", "2026-03-01", "--to", "2026-03-31", "--home", "-o", "-")
	if code != 1 || !strings.Contains(errs, "no exchange rate from USD to EUR on or before 2026-03-02") {
		t.Fatalf("journal without a rate: exit %d %q", code, errs)
	}
	run(0, "rates", "set", "USD", "2026-03-02", "0.92")
	out := run(0, "export", "journal", "--from", "2026-03-01", "--to", "2026-03-31", "--home", "-o", "-")
	wantIn(t, out, "home_amount,home_currency", ",1000.00,,USD,ACME,Acme,invoice INV-000001,920.00,EUR", ",,500.00,EUR,,,invoice INV-000002,-500.00,EUR")
}
