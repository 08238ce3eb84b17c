package ledger

import (
	"context"
	"strings"
	"testing"
)

// A refund pays out unapplied credit (an overpayment, then a credit
// note), balanced; more than the credit is refused; the credit cannot be
// voided under it; a debit line on the statement is matched to it and
// unmatched again; voiding it gives the credit back. check holds at
// every step.
func TestRefunds(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustOK := func(what string) {
		t.Helper()
		rep, err := s.Check(ctx)
		if err != nil || !rep.OK() {
			t.Fatalf("%s: check %+v %v", what, rep, err)
		}
	}
	if _, err := s.CreateCustomer(ctx, Customer{Code: "ACME", Name: "Acme", Currency: "USD", TermsDays: 30}); err != nil {
		t.Fatal(err)
	}
	inv, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "ACME", Date: day("2026-03-01"),
		Lines: []Line{{Description: "Work", Quantity: D4(1), UnitPrice: 10000}}})
	if err != nil {
		t.Fatal(err)
	}
	pay, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "ACME", Date: day("2026-03-05"), Amount: usd("150.00")})
	if err != nil {
		t.Fatal(err)
	}
	cn, err := s.IssueCreditNote(ctx, CreditNoteInput{CustomerCode: "ACME", Date: day("2026-03-06"), KeepUnapplied: true,
		Lines: []Line{{Description: "Goodwill", Quantity: D4(1), UnitPrice: 3000}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.IssueRefund(ctx, RefundInput{CustomerCode: "ACME", Date: day("2026-03-10"), Amount: usd("80.01")}); err == nil ||
		!strings.Contains(err.Error(), "ACME has 80.00 USD of unapplied credit") {
		t.Fatalf("more than the credit: %v", err)
	}
	if _, err := s.IssueRefund(ctx, RefundInput{CustomerCode: "ACME", Date: day("2026-03-10"), Amount: usd("10.00"), From: []string{inv.Number}}); err == nil {
		t.Fatal("an invoice refunded")
	}
	ref, err := s.IssueRefund(ctx, RefundInput{CustomerCode: "ACME", Date: day("2026-03-10"), Amount: usd("60.00"), Reference: "overpaid"})
	if err != nil {
		t.Fatal(err)
	}
	if ref.Kind != KindRefund || ref.Number != "REF-000001" || ref.Total != usd("60.00") || !ref.Open.IsZero() {
		t.Fatalf("refund %+v", ref)
	}
	mustOK("after the refund")
	if p, _ := s.Document(ctx, pay.Number); !p.Open.IsZero() {
		t.Errorf("the payment's credit is paid out first (oldest): open %s", p.Open)
	}
	if c, _ := s.Document(ctx, cn.Number); c.Open != usd("20.00") {
		t.Errorf("the credit note's rest: open %s", c.Open)
	}
	if err := s.Void(ctx, pay.Number, day("2026-03-11"), "bounced"); err == nil || !strings.Contains(err.Error(), "void the refund first") {
		t.Fatalf("a refunded credit voided: %v", err)
	}
	// The customer's statement shows the refund and still reconciles.
	act, err := s.CustomerActivity(ctx, "ACME", day("2026-03-01"), day("2026-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range act.Events {
		found = found || e.Number == ref.Number
	}
	if !found || act.Closing != usd("-20.00") {
		t.Errorf("activity: refund shown %v, closing %s", found, act.Closing)
	}

	// The money leaves on the statement: a debit line matched to it.
	if _, err := s.ImportBankLines(ctx, "sha", []BankLine{bankLine("A", "D1", "2026-03-11", "-60.00"), bankLine("A", "D2", "2026-03-11", "-59.00")}); err != nil {
		t.Fatal(err)
	}
	d1, _ := s.BankLineByRef(ctx, "D1")
	d2, _ := s.BankLineByRef(ctx, "D2")
	if rs, err := s.UnmatchedRefunds(ctx); err != nil || len(rs) != 1 || rs[0].Number != ref.Number || rs[0].Customer != "ACME" {
		t.Fatalf("unmatched refunds %+v %v", rs, err)
	}
	if err := s.MatchBankRefund(ctx, d2.ID, ref.Number, 100, "x"); err == nil || !strings.Contains(err.Error(), "59.00") {
		t.Errorf("another amount: %v", err)
	}
	if err := s.MatchBankRefund(ctx, d1.ID, ref.Number, 100, "refund REF-000001"); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.BankLineByRef(ctx, "D1"); l.Status != BankMatched || l.Payment != ref.Number {
		t.Errorf("matched line %+v", l)
	}
	if rs, _ := s.UnmatchedRefunds(ctx); len(rs) != 0 {
		t.Errorf("still unmatched: %+v", rs)
	}
	if err := s.MatchBankRefund(ctx, d2.ID, ref.Number, 100, "x"); err == nil {
		t.Error("one refund matched twice")
	}
	// Undo unlinks; the refund stays.
	if err := s.UndoBankLine(ctx, d1.ID, day("2026-03-11"), "wrong"); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.BankLineByRef(ctx, "D1"); l.Status != BankReview {
		t.Errorf("after undo %+v", l)
	}
	if r, _ := s.Document(ctx, ref.Number); r.Status != StatusIssued {
		t.Errorf("the refund after undo: %s", r.Status)
	}
	mustOK("after the match and its undo")
	// Voided, the credit is the customer's again.
	if err := s.Void(ctx, ref.Number, day("2026-03-12"), "never sent"); err != nil {
		t.Fatal(err)
	}
	if p, _ := s.Document(ctx, pay.Number); p.Open != usd("50.00") {
		t.Errorf("the payment's credit back: open %s", p.Open)
	}
	mustOK("after voiding the refund")
	if _, err := s.IssueRefund(ctx, RefundInput{CustomerCode: "ACME", Date: day("2026-03-12"), Amount: usd("80.00"), From: []string{cn.Number, pay.Number}}); err != nil {
		t.Fatal(err)
	}
	mustOK("after a refund of every credit")
}
