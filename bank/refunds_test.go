package bank

import (
	"strings"
	"testing"
	"time"

	"paidup/ledger"
)

// Money out against refunds: the number or a known account is certain, a
// name or a lone refund of the amount waits for review, two of the same
// amount are never chosen between, another amount is no refund.
func TestDecideRefunds(t *testing.T) {
	d := time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC)
	refunds := []ledger.BankRefund{
		{Number: "REF-000001", Customer: "A", Name: "Acme Widgets GmbH", Amount: eur(5000), Date: d},
		{Number: "REF-000002", Customer: "B", Name: "Beta Ltd", Amount: eur(7000), Date: d},
		{Number: "REF-000003", Customer: "C", Name: "Gamma", Amount: eur(7000), Date: d},
		{Number: "REF-000004", Customer: "B", Name: "Beta Ltd", Amount: eur(9000), Date: d.AddDate(0, 1, 0)},
	}
	named := func(text, iban, name string, minor int64) ledger.BankLine {
		l := line(text, iban, minor)
		l.Name = name
		return l
	}
	for _, c := range []struct {
		name   string
		l      ledger.BankLine
		o      Options
		status ledger.BankStatus
		refund string
		reason string
	}{
		{"number", named("Erstattung REF 000001", "", "", -5000), Options{}, ledger.BankMatched, "REF-000001", "refund number REF-000001 in the line"},
		{"number, auto-post off", named("REF-000001", "", "", -5000), Options{NoAutoPost: true}, ledger.BankReview, "REF-000001", "automatic posting is off"},
		{"number, another amount", named("REF-000001", "", "", -5001), Options{}, ledger.BankUnmatched, "", "no refund of this amount"},
		{"known account", named("", "DE02", "", -7000), Options{}, ledger.BankMatched, "REF-000002", "is B's"},
		{"name", named("", "", "GAMMA", -7000), Options{}, ledger.BankReview, "REF-000003", "name"},
		{"two of the amount", named("", "", "", -7000), Options{}, ledger.BankReview, "", "a person chooses"},
		{"one of the amount", named("", "", "", -5000), Options{}, ledger.BankReview, "REF-000001", "exactly refund REF-000001"},
		{"refund dated after the line", named("REF-000004", "", "", -9000), Options{}, ledger.BankUnmatched, "", "no refund"},
	} {
		x := testIndex().WithRefunds(refunds)
		got := x.Decide(c.l, c.o)
		if got.Status != c.status || got.Refund != c.refund || !strings.Contains(got.Reason(), c.reason) {
			t.Errorf("%s: %s %q (%d%%): %s", c.name, got.Status, got.Refund, got.Confidence, got.Reason())
		}
		if got.Status == ledger.BankMatched {
			x.Posted(got)
			if again := x.Decide(c.l, c.o); again.Refund == c.refund {
				t.Errorf("%s: a refund matched twice", c.name)
			}
		}
	}
}
