package reminders

import (
	"context"
	"strings"
	"testing"
	"time"

	"paidup/ledger"
	"paidup/reminders/mailpittest"
)

// Through a real SMTP server: an invoice in a payment plan is not
// reminded while its instalments are paid on time (each date plus the
// grace); once one is missed the plan defaults (its terms: one missed
// ends it) and the reminder goes out, once.
func TestSMTPPlanHoldsRemindersBack(t *testing.T) {
	ctx := context.Background()
	srv := mailpittest.Start(t, mailpittest.Options{})
	s := manyLedger(t, 2) // C0001 and C0002, each an invoice due 2026-03-01
	pointAt(t, s, srv)
	rows, err := s.FindDocuments(ctx, ledger.DocumentFilter{Kind: ledger.KindInvoice, Customer: "C0001"})
	if err != nil || len(rows) != 1 {
		t.Fatalf("%+v %v", rows, err)
	}
	p, err := s.CreatePlan(ctx, ledger.PlanInput{Invoice: rows[0].Number, MadeOn: day("2026-03-10"),
		Dates: []time.Time{day("2026-03-31"), day("2026-04-30")}, GraceDays: 3, CancelAfter: 1})
	if err != nil {
		t.Fatal(err)
	}
	r, _ := smtpRunner(t, s)
	rep := queueAndSend(t, r, "2026-03-31")
	if rep.Sent != 1 || rep.Outcomes[0].Customer != "C0002" {
		t.Fatalf("before the first instalment: %+v", rep)
	}
	if _, err := s.RecordPayment(ctx, ledger.PaymentInput{CustomerCode: "C0001", Date: day("2026-04-02"), Amount: p.Instalments[0].Amount}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"2026-04-04", "2026-05-03"} {
		if rep := queueAndSend(t, r, d); sentTo(rep, "C0001") {
			t.Fatalf("on %s, the first instalment paid and the second not yet missed: %+v", d, rep)
		}
	}
	rep = queueAndSend(t, r, "2026-05-04")
	if !sentTo(rep, "C0001") {
		t.Fatalf("after the second instalment was missed: %+v", rep)
	}
	ps, err := s.Plans(ctx, ledger.PlanFilter{Customer: "C0001"})
	if err != nil || len(ps) != 1 || ps[0].Status != ledger.PlanDefaulted {
		t.Fatalf("plan %+v %v", ps, err)
	}
	if rep := queueAndSend(t, r, "2026-05-04"); sentTo(rep, "C0001") {
		t.Fatalf("reminded twice: %+v", rep)
	}
}

func sentTo(rep *Report, code string) bool {
	for _, o := range rep.Outcomes {
		if o.Customer == code {
			return true
		}
	}
	return false
}

// A plan whose terms never end it: a missed instalment lets the
// reminder through, and the reminder names the instalment missed.
func TestPlanMissedInstalmentInReminder(t *testing.T) {
	ctx := context.Background()
	s := manyLedger(t, 1) // C0001, an invoice due 2026-03-01
	rows, err := s.FindDocuments(ctx, ledger.DocumentFilter{Kind: ledger.KindInvoice, Customer: "C0001"})
	if err != nil || len(rows) != 1 {
		t.Fatalf("%+v %v", rows, err)
	}
	if _, err := s.CreatePlan(ctx, ledger.PlanInput{Invoice: rows[0].Number, MadeOn: day("2026-03-10"),
		Dates: []time.Time{day("2026-03-20"), day("2026-04-20")}, GraceDays: 2}); err != nil {
		t.Fatal(err)
	}
	r, _ := newRunner(t, s, nil)
	p, err := r.Preview(ctx, day("2026-03-22"))
	if err != nil || len(p.Emails) != 0 || len(p.Skipped) != 1 || !strings.Contains(p.Skipped[0].Reason, "in payment plan #1") {
		t.Fatalf("within the grace: %+v %v", p, err)
	}
	p, err = r.Preview(ctx, day("2026-03-23"))
	if err != nil || len(p.Emails) != 1 {
		t.Fatalf("after the grace: %+v %v", p, err)
	}
	for _, body := range []string{p.Emails[0].Text, p.Emails[0].HTML} {
		if !strings.Contains(body, "payment plan #1: instalment 1, 5.00 USD, was due 2026-03-20") {
			t.Fatalf("the reminder does not name the instalment:\n%s", body)
		}
		// The payment instructions ask for the instalment, not the invoice.
		if !strings.Contains(body, "Amount: 5.00 USD") || !strings.Contains(body, "Instalment: 1 of payment plan #1, due 2026-03-20") {
			t.Fatalf("the payment instructions do not ask for the instalment:\n%s", body)
		}
	}
}
