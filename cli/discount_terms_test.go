package cli

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"paidup/ledger"
)

// TestCLIDiscountTerms: on a real ledger file, a customer with 2/10 terms,
// an invoice that takes them and shows them, a payment of the discounted
// amount on the last day that settles it, the discount in metrics and in
// the journal (each document's postings sum to zero), paidup check clean,
// and the payment's void taking the discount back.
func TestCLIDiscountTerms(t *testing.T) {
	db := newLedger(t, filepath.Join(t.TempDir(), "l.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		code, out, errs := paidup(t, append([]string{"--db", db}, args...)...)
		if code != want {
			t.Fatalf("paidup %s: exit %d (want %d)\n%s%s", strings.Join(args, " "), code, want, out, errs)
		}
		return out + errs
	}
	run(0, "customer", "add", "ACME", "--name", "Acme", "--currency", "EUR", "--discount-terms", "2/10")
	if out := run(0, "customer", "show", "ACME"); !strings.Contains(out, "2 % within 10 days (2/10)") {
		t.Errorf("customer show:\n%s", out)
	}
	// Bad terms: a clear error, and no customer added.
	run(1, "customer", "add", "BAD", "--name", "Bad", "--currency", "EUR", "--discount-terms", "2")
	run(1, "customer", "show", "BAD")
	run(0, "invoice", "new", "--customer", "ACME", "--date", "2026-01-10", "--line", "Work;1;1000.00;19", "--issue")
	out := run(0, "invoice", "show", "INV-000001")
	if !strings.Contains(out, "2 % discount (€23.80) if paid by 2026-01-20: pay €1,166.20") && !strings.Contains(out, "if paid by 2026-01-20") {
		t.Errorf("invoice show:\n%s", out)
	}
	// Terms of its own, and none.
	run(0, "invoice", "new", "--customer", "ACME", "--date", "2026-01-10", "--line", "Work;1;100.00;0", "--discount-terms", "none", "--issue")
	if out := run(0, "invoice", "show", "INV-000002"); strings.Contains(out, "discount") {
		t.Errorf("an invoice issued with --discount-terms none shows a discount:\n%s", out)
	}
	run(0, "payment", "record", "ACME", "1166.20", "--date", "2026-01-20", "--to", "INV-000001")
	var shown map[string]any
	if err := json.Unmarshal([]byte(run(0, "invoice", "show", "INV-000001", "--format", "json")), &shown); err != nil {
		t.Fatal(err)
	}
	if shown["open"] != "0.00" || shown["discount_terms"] != "2/10" || shown["discount_taken"] != "23.80" {
		t.Errorf("invoice show --format json: %v", shown)
	}
	var ms []map[string]any
	if err := json.Unmarshal([]byte(run(0, "metrics", "--as-of", "2026-01-31", "--format", "json")), &ms); err != nil {
		t.Fatal(err)
	}
	if len(ms) != 1 || ms[0]["discounts_taken"] != "1" || ms[0]["discount_amount"] != "23.80" {
		t.Errorf("metrics: %v", ms)
	}
	// The journal: Dr 4900 20.00, Dr 2200 3.80, Cr 1100 23.80 on DSC-000001.
	jf := filepath.Join(t.TempDir(), "j.csv")
	run(0, "export", "journal", "--from", "2026-01-01", "--to", "2026-01-31", "-o", jf)
	sums := journalSums(t, jf)
	if s := sums["DSC-000001"]; s.sum != 0 || s.acc[4900] != 2000 || s.acc[2200] != 380 || s.acc[1100] != -2380 {
		t.Errorf("journal of DSC-000001: %+v", s)
	}
	for doc, s := range sums {
		if s.sum != 0 {
			t.Errorf("journal of %s sums to %d", doc, s.sum)
		}
	}
	run(0, "check")
	run(0, "void", "PAY-000001", "--reason", "bounced", "--date", "2026-01-21")
	if err := json.Unmarshal([]byte(run(0, "invoice", "show", "INV-000001", "--format", "json")), &shown); err != nil {
		t.Fatal(err)
	}
	if shown["open"] != "1190.00" || shown["discount_taken"] != "0.00" {
		t.Errorf("after the payment's void: %v", shown)
	}
	run(0, "check")
	// One day late: the discounted amount leaves the discount open.
	run(0, "payment", "record", "ACME", "1166.20", "--date", "2026-01-21", "--to", "INV-000001")
	if err := json.Unmarshal([]byte(run(0, "invoice", "show", "INV-000001", "--format", "json")), &shown); err != nil {
		t.Fatal(err)
	}
	if shown["open"] != "23.80" || shown["discount_taken"] != "0.00" {
		t.Errorf("paid a day late: %v", shown)
	}
	run(0, "check")
}

type docSums struct {
	sum int64
	acc map[int]int64
}

// journalSums reads an exported journal: per document, the sum of its
// postings and the net of each account.
func journalSums(t *testing.T, path string) map[string]docSums {
	t.Helper()
	recs := readCSVFile(t, path)
	out := map[string]docSums{}
	for _, r := range recs[1:] {
		s := out[r[4]]
		if s.acc == nil {
			s.acc = map[int]int64{}
		}
		amt := int64(0)
		if r[8] != "" {
			m, err := ledger.ParseMoney(r[8], r[10])
			if err != nil {
				t.Fatal(err)
			}
			amt = m.Minor
		} else {
			m, err := ledger.ParseMoney(r[9], r[10])
			if err != nil {
				t.Fatal(err)
			}
			amt = -m.Minor
		}
		var acc int
		for _, c := range r[6] {
			acc = acc*10 + int(c-'0')
		}
		s.sum += amt
		s.acc[acc] += amt
		out[r[4]] = s
	}
	return out
}

func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}
