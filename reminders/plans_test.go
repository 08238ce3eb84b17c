package reminders

import (
	"context"
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
