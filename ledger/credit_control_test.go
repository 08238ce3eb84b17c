package ledger

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// A limit is exceeded by the cent that takes the balance past it, and
// the balance counts unapplied credits against open invoices.
func TestCreditLimitToTheCent(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	c, err := s.CreateCustomer(ctx, Customer{Code: "ACME", Name: "Acme", Currency: "EUR", TermsDays: 30, CreditLimit: NewMoney(10000, "EUR")})
	if err != nil {
		t.Fatal(err)
	}
	mustInvoice(t, s, c.Code, "2026-03-01", line(1, 10999, 0))
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "ACME", Date: day("2026-03-02"), Amount: NewMoney(1000, "EUR"), KeepUnapplied: true}); err != nil {
		t.Fatal(err)
	}
	p, err := s.CreditPosition(ctx, "ACME")
	if err != nil {
		t.Fatal(err)
	}
	if p.Balance != NewMoney(9999, "EUR") || p.Limit != NewMoney(10000, "EUR") {
		t.Fatalf("position %+v", p)
	}
	if over := p.Over(NewMoney(1, "EUR")); !over.IsZero() {
		t.Fatalf("to the limit exactly is over by %v", over)
	}
	if over := p.Over(NewMoney(2, "EUR")); over != NewMoney(1, "EUR") {
		t.Fatalf("a cent past the limit is over by %v", over)
	}
	watch, err := s.CreditWatch(ctx)
	if err != nil || len(watch) != 0 {
		t.Fatalf("within the limit, watched: %+v %v", watch, err)
	}
	mustInvoice(t, s, "ACME", "2026-03-03", line(1, 2, 0))
	if watch, err = s.CreditWatch(ctx); err != nil || len(watch) != 1 || watch[0].Over(Money{}) != NewMoney(1, "EUR") {
		t.Fatalf("over by a cent, watched: %+v %v", watch, err)
	}
}

// A customer on hold is not invoiced without a reason; with one, the
// invoice is issued and the reason kept; released, it is invoiced again.
func TestHoldRefusesInvoices(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "ACME", "EUR")
	if err := s.SetHold(ctx, "ACME", ""); ErrorCode(err) != EINVALID {
		t.Fatalf("a hold without a reason: %v", err)
	}
	if err := s.SetHold(ctx, "ACME", "cheques bounced"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetHold(ctx, "ACME", "again"); ErrorCode(err) != ECONFLICT {
		t.Fatalf("a second hold: %v", err)
	}
	_, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "ACME", Date: day("2026-03-01"), Lines: []Line{line(1, 100, 0)}})
	if !errors.Is(err, ErrOnHold) || !strings.Contains(err.Error(), "cheques bounced") {
		t.Fatalf("invoice to a held customer: %v", err)
	}
	if n, _ := s.CountDocuments(ctx, DocumentFilter{Kind: KindInvoice}); n != 0 {
		t.Fatalf("%d invoices after the refusal", n)
	}
	d, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "ACME", Date: day("2026-03-01"), Lines: []Line{line(1, 100, 0)},
		OverrideHold: "agreed with the owner: prepaid"})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.AddNote(ctx, "ACME", "called, will pay Friday"); err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseHold(ctx, "ACME", "paid up"); err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseHold(ctx, "ACME", ""); ErrorCode(err) != ECONFLICT {
		t.Fatalf("release twice: %v", err)
	}
	mustInvoice(t, s, "ACME", "2026-03-02", line(1, 100, 0))
	hist, err := s.CustomerHistory(ctx, "ACME")
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, e := range hist {
		kinds = append(kinds, e.Kind)
		if e.Kind == "override" && (e.Number != d.Number || !strings.Contains(e.Text, "prepaid")) {
			t.Errorf("override event %+v", e)
		}
	}
	// Invoices are dated (midnight); holds, overrides and notes are moments
	// of the test clock (2026-03-31 12:00).
	want := "invoice invoice hold override note release"
	if got := strings.Join(kinds, " "); got != want {
		t.Fatalf("history %s, want %s", got, want)
	}
	mustCheck(t, s)
}

// The rules put late payers on hold by themselves, naming the rule.
func TestHoldRules(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "LATE", "EUR")
	mustCustomer(t, s, "BIG", "EUR")
	mustCustomer(t, s, "FINE", "EUR")
	mustInvoice(t, s, "LATE", "2026-01-01", line(1, 100, 0))     // due 2026-01-31: 59 days late on 2026-03-31
	mustInvoice(t, s, "BIG", "2026-02-20", line(1, 2000001, 0))  // due 2026-03-22, 20,000.01 overdue
	mustInvoice(t, s, "FINE", "2026-03-20", line(1, 5000000, 0)) // not due yet
	for k, v := range map[string]string{"credit.hold_after_days": "45", "credit.hold_over_amount": "20000"} {
		if err := s.ChangeSetting(ctx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	held, err := s.ApplyHoldRules(ctx, day("2026-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, h := range held {
		got[h.CustomerCode] = h.Reason
	}
	if len(got) != 2 || !strings.Contains(got["LATE"], "59 days late") || !strings.Contains(got["BIG"], "overdue 20,000.01 EUR") {
		t.Fatalf("held %v", got)
	}
	if again, err := s.ApplyHoldRules(ctx, day("2026-03-31")); err != nil || len(again) != 0 {
		t.Fatalf("the rules held again: %+v %v", again, err)
	}
	watch, err := s.CreditWatch(ctx)
	if err != nil || len(watch) != 2 || watch[0].Hold == nil || watch[0].Hold.SetBy != "rule" {
		t.Fatalf("watch %+v %v", watch, err)
	}
}
