package reminders

import (
	"context"
	"sync"
	"testing"

	"paidup/ledger"
	"paidup/reminders/mailpittest"
)

// TestTwoSendersShareTheOutbox runs two reminder runs at once on one
// ledger, each through its own connection to the ledger and to the mail
// server, as two desks would: every message arrives exactly once, neither
// run takes the other's message in flight for one in doubt, and both end
// clean. On the PostgreSQL run the claims meet FOR UPDATE SKIP LOCKED.
func TestTwoSendersShareTheOutbox(t *testing.T) {
	const n = 40
	ctx := context.Background()
	srv := mailpittest.Start(t, mailpittest.Options{})
	s := manyLedger(t, n)
	pointAt(t, s, srv)
	other := openLedger(t, s.Path()) // the second desk
	desk1, _ := smtpRunner(t, s)
	desk2, _ := smtpRunner(t, other)
	desk2.RunID = "desk-2.example pid 4242" // another computer
	if _, ids, err := desk1.Queue(ctx, day("2026-03-31")); err != nil || len(ids) != n {
		t.Fatalf("queued %d: %v", len(ids), err)
	}

	var mu sync.Mutex
	var alarms []string
	// While a message is on its way, the other desk must not see it as
	// in doubt.
	watch := func(r *Runner) func(int64) {
		return func(id int64) {
			review, err := r.NeedsReview(ctx)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				alarms = append(alarms, err.Error())
			}
			for _, m := range review {
				alarms = append(alarms, string(m.Status)+" message in doubt while being sent: "+m.ClaimedBy)
			}
		}
	}
	desk1.beforeSend, desk2.beforeSend = watch(desk2), watch(desk1)

	var wg sync.WaitGroup
	reps := make([]*Report, 2)
	errs := make([]error, 2)
	for i, r := range []*Runner{desk1, desk2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reps[i], errs[i] = r.Send(ctx)
		}()
	}
	wg.Wait()
	for i := range reps {
		if errs[i] != nil || !reps[i].OK() {
			t.Fatalf("desk %d: %v %+v", i+1, errs[i], reps[i])
		}
	}
	if alarms != nil {
		t.Fatalf("false alarms: %v", alarms)
	}
	if reps[0].Sent+reps[1].Sent != n {
		t.Fatalf("sent %d + %d, want %d in all", reps[0].Sent, reps[1].Sent, n)
	}
	t.Logf("desk 1 sent %d, desk 2 sent %d", reps[0].Sent, reps[1].Sent)
	got := byMessageID(t, srv) // fails on a message that arrived twice
	rows, err := s.Outbox(ctx, ledger.OutboxFilter{})
	must(t, err)
	if len(got) != n || len(rows) != n {
		t.Fatalf("%d messages arrived for %d rows", len(got), len(rows))
	}
	for _, row := range rows {
		if _, ok := got[row.MessageID]; !ok || row.Status != ledger.OutboxSent || row.Attempts != 1 {
			t.Fatalf("row %d %s after %d attempts: arrived %v", row.ID, row.Status, row.Attempts, ok)
		}
	}
}
