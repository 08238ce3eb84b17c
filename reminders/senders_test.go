package reminders

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"paidup/ledger"
	"paidup/reminders/mailpittest"
)

// TestSendersShareTheOutbox runs eight reminder runs at once on one
// ledger, each through its own connection to the ledger and to the mail
// server, as eight desks would: every message arrives exactly once, no
// run takes another's message in flight for one in doubt, and all end
// clean. On the PostgreSQL run the claims meet FOR UPDATE SKIP LOCKED.
func TestSendersShareTheOutbox(t *testing.T) {
	const n, desks = 120, 8
	ctx := context.Background()
	srv := mailpittest.Start(t, mailpittest.Options{})
	s := manyLedger(t, n)
	pointAt(t, s, srv)
	runners := make([]*Runner, desks)
	for i := range runners {
		st := s
		if i > 0 {
			st = openLedger(t, s.Path()) // another desk's connection
		}
		runners[i], _ = smtpRunner(t, st)
		if i%2 == 1 {
			runners[i].RunID = fmt.Sprintf("desk-%d.example pid %d", i, 4000+i) // another computer
		}
	}
	if _, ids, err := runners[0].Queue(ctx, day("2026-03-31")); err != nil || len(ids) != n {
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
	for i, r := range runners {
		r.beforeSend = watch(runners[(i+1)%desks])
	}

	var wg sync.WaitGroup
	reps := make([]*Report, desks)
	errs := make([]error, desks)
	for i, r := range runners {
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
	sent, each := 0, make([]int, desks)
	for i, r := range reps {
		sent += r.Sent
		each[i] = r.Sent
	}
	if sent != n {
		t.Fatalf("sent %v: %d in all, want %d", each, sent, n)
	}
	t.Logf("the desks sent %v", each)
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
