package reminders

import (
	"context"
	"slices"
	"strings"
	"testing"

	"paidup/ledger"
	"paidup/reminders/mailpittest"
)

// Through a real SMTP server: an invoice under a promise is not reminded
// until the promise's date plus the grace has passed; then the promise is
// broken (nothing was paid) and the reminder goes out, once.
func TestSMTPPromiseHoldsRemindersBack(t *testing.T) {
	ctx := context.Background()
	srv := mailpittest.Start(t, mailpittest.Options{})
	s := manyLedger(t, 2) // C0001 and C0002, each an invoice due 2026-03-01
	pointAt(t, s, srv)
	rows, err := s.FindDocuments(ctx, ledger.DocumentFilter{Kind: ledger.KindInvoice, Customer: "C0001"})
	if err != nil || len(rows) != 1 {
		t.Fatalf("%+v %v", rows, err)
	}
	if _, err := s.AddPromise(ctx, ledger.PromiseInput{Invoices: []string{rows[0].Number}, MadeOn: day("2026-03-10"), PayBy: day("2026-03-31")}); err != nil {
		t.Fatal(err)
	}
	r, _ := smtpRunner(t, s)
	rep := queueAndSend(t, r, "2026-03-31")
	if rep.Sent != 1 || rep.Outcomes[0].Customer != "C0002" {
		t.Fatalf("during the promise: %+v", rep)
	}
	// 3 April is the last day of the grace (3 days).
	if rep := queueAndSend(t, r, "2026-04-03"); rep.Sent != 0 {
		t.Fatalf("within the grace: %+v", rep)
	}
	rep = queueAndSend(t, r, "2026-04-04")
	if rep.Sent != 1 || rep.Outcomes[0].Customer != "C0001" {
		t.Fatalf("after the grace: %+v", rep)
	}
	ps, err := s.Promises(ctx, ledger.PromiseFilter{Customer: "C0001"})
	if err != nil || len(ps) != 1 || ps[0].Status != ledger.PromiseBroken {
		t.Fatalf("promise %+v %v", ps, err)
	}
	msgs := byMessageID(t, srv)
	if got := len(msgs); got != 2 {
		t.Fatalf("%d messages arrived, want 2", got)
	}
	// The reminder speaks of the broken promise, and goes once: the
	// next day's run sends nothing more for it.
	var subjects []string
	for _, m := range msgs {
		subjects = append(subjects, m.Subject)
	}
	if !slices.ContainsFunc(subjects, func(s string) bool {
		return strings.HasPrefix(s, "Your promise to pay ") && strings.Contains(s, " by 2026-03-31")
	}) {
		t.Fatalf("no reminder of the broken promise: %q", subjects)
	}
	if rep := queueAndSend(t, r, "2026-04-05"); rep.Sent != 0 {
		t.Fatalf("the broken promise reminded twice: %+v", rep)
	}
}
