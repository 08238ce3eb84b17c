package bank

import (
	"strings"
	"testing"
	"time"

	"paidup/ledger"
)

func eur(minor int64) ledger.Money { return ledger.NewMoney(minor, "EUR") }

func testIndex() *Index {
	d := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	return NewIndex([]ledger.OpenInvoice{
		{Number: "INV-000010", Customer: "A", Open: eur(10000), Date: d, Due: d},
		{Number: "INV-000011", Customer: "A", Open: eur(5000), Date: d, Due: d.AddDate(0, 0, 1)},
		{Number: "INV-000012", Customer: "B", Open: eur(10000), Date: d, Due: d},
		{Number: "INV-000013", Customer: "B", Open: eur(7000), Date: d.AddDate(0, 2, 0), Due: d.AddDate(0, 2, 0)},
	}, map[string]string{"DE01": "A", "DE02": "B"})
}

func line(text, iban string, minor int64) ledger.BankLine {
	return ledger.BankLine{ID: 1, BankID: "X", Date: time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC), Amount: eur(minor), IBAN: iban, Text: text}
}

func TestDecideRules(t *testing.T) {
	x := testIndex()
	for _, c := range []struct {
		name     string
		l        ledger.BankLine
		o        Options
		status   ledger.BankStatus
		invoices string
		reason   string
	}{
		{"exact", line("INV-000010", "", 10000), Options{}, ledger.BankMatched, "INV-000010", "exactly"},
		{"auto-post off", line("INV-000010", "", 10000), Options{NoAutoPost: true}, ledger.BankReview, "INV-000010", "automatic posting is off"},
		{"another customer's account", line("INV-000010", "DE02", 10000), Options{}, ledger.BankReview, "INV-000010", "is B's, not A's"},
		{"two equal, both named", line("10 / 12", "", 10000), Options{}, ledger.BankReview, "INV-000010", "fits 2"},
		{"overpaid", line("inv 10", "", 12000), Options{}, ledger.BankReview, "INV-000010", "unapplied credit"},
		{"part", line("inv 10", "", 4000), Options{}, ledger.BankReview, "INV-000010", "part payment"},
		{"short beyond tolerance", line("inv 10", "", 9900), Options{Tolerance: 50}, ledger.BankReview, "INV-000010", "part payment"},
		{"short within tolerance", line("inv 10", "", 9990), Options{Tolerance: 50}, ledger.BankReview, "INV-000010", "bank charges"},
		{"known payer, combination", line("", "DE01", 15000), Options{}, ledger.BankReview, "INV-000010 INV-000011", "together"},
		{"issued after the payment", line("INV-000013", "", 7000), Options{}, ledger.BankUnmatched, "", "not known"},
		{"stranger", line("thanks", "DE99", 10000), Options{}, ledger.BankUnmatched, "", "not known"},
		{"money out", line("INV-000010", "", -10000), Options{}, ledger.BankUnmatched, "", "money out"},
	} {
		d := x.Decide(c.l, c.o)
		if d.Status != c.status || strings.Join(d.Invoices(), " ") != c.invoices || !strings.Contains(d.Reason(), c.reason) {
			t.Errorf("%s: %s %v %q", c.name, d.Status, d.Invoices(), d.Reason())
		}
	}
	// What a posting took is no longer open to the next line.
	d := x.Decide(line("INV-000010", "DE01", 10000), Options{})
	x.Posted(d)
	if again := x.Decide(line("INV-000010", "", 10000), Options{}); again.Status == ledger.BankMatched {
		t.Errorf("paid twice: %s", again.Reason())
	}
}

func TestDecideByName(t *testing.T) {
	d := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	x := NewIndex([]ledger.OpenInvoice{
		{Number: "INV-000020", Customer: "MUE", Name: "Müller & Söhne GmbH", Open: eur(30000), Date: d, Due: d},
		{Number: "INV-000021", Customer: "MUE", Name: "Müller & Söhne GmbH", Open: eur(40000), Date: d, Due: d},
		{Number: "INV-000022", Customer: "MUB", Name: "Müller Bau AG", Open: eur(30000), Date: d, Due: d},
	}, map[string]string{})
	l := line("Zahlung", "DE77", 30000)
	l.Name = "MUELLER UND SOEHNE"
	if got := x.Decide(l, Options{}); got.Customer != "MUE" {
		t.Errorf("Müller spelt Mueller: %s", got.Reason())
	}
	l.Name = "MILLER SONS"
	if got := x.Decide(l, Options{}); got.Status != ledger.BankUnmatched {
		t.Errorf("another name matched: %s", got.Reason())
	}
	l.Name = "MULLER SOHNE GMBH"
	got := x.Decide(l, Options{})
	if got.Status != ledger.BankReview || got.Customer != "MUE" || strings.Join(got.Invoices(), " ") != "INV-000020" || got.Confidence != 60 {
		t.Errorf("by name: %s %s %v %d %s", got.Status, got.Customer, got.Invoices(), got.Confidence, got.Reason())
	}
	l.Name = "Müller"
	if got := x.Decide(l, Options{}); got.Customer != "" {
		t.Errorf("part of two customers' names decided %s", got.Customer)
	}
}
