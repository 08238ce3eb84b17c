package reminders

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"paidup/ledger"
)

func mailLedger(t testing.TB) *ledger.Store {
	t.Helper()
	s := stepsLedger(t)
	setting(t, s, "smtp.host", "127.0.0.1")
	setting(t, s, "smtp.security", "none")
	return s
}

func queueAndSend(t testing.TB, r *Runner, asOf string) *Report {
	t.Helper()
	ctx := context.Background()
	if _, _, err := r.Queue(ctx, day(asOf)); err != nil {
		t.Fatal(err)
	}
	rep, err := r.Send(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func statuses(t testing.TB, s *ledger.Store) map[string]ledger.OutboxStatus {
	t.Helper()
	rows, err := s.Outbox(context.Background(), ledger.OutboxFilter{})
	must(t, err)
	out := map[string]ledger.OutboxStatus{}
	for _, r := range rows {
		out[r.CustomerCode] = r.Status
	}
	return out
}

var allFour = []string{"ap@acme.example", "billing@beta.example", "delta@delta.example", "gamma@gamma.example"}

func TestRunSendsOnce(t *testing.T) {
	s := mailLedger(t)
	m := &recordingMailer{}
	r, pdfs := newRunner(t, s, m)
	rep := queueAndSend(t, r, "2026-03-31")
	if !rep.OK() || rep.Sent != 4 {
		t.Fatalf("report %+v", rep)
	}
	if got := m.recipients(); !reflect.DeepEqual(got, allFour) {
		t.Fatalf("sent to %v", got)
	}
	// Invoice PDFs of the listed items; statements at firm and final.
	sort.Strings(pdfs.invoices) // drawn ahead of sending, on several goroutines
	sort.Strings(pdfs.statements)
	if want := []string{"INV-000001", "INV-000002", "INV-000003", "INV-000004", "INV-000005"}; !reflect.DeepEqual(pdfs.invoices, want) {
		t.Fatalf("invoice PDFs %v", pdfs.invoices)
	}
	if want := []string{"DELTA 2026-03-31", "GAMMA 2026-03-31"}; !reflect.DeepEqual(pdfs.statements, want) {
		t.Fatalf("statements %v", pdfs.statements)
	}
	delta := m.sent[2]
	if len(delta.Attachments) != 2 || delta.Attachments[0].Name != "Invoice INV-000005.pdf" || delta.Attachments[1].Name != "Statement DELTA 2026-03-31.pdf" {
		t.Fatalf("DELTA's attachments %+v", delta.Attachments)
	}
	if delta.MessageID != "<paidup.3.20260331T120000Z@nordlicht.example>" || delta.From != "accounts@nordlicht.example" || delta.FromName != "Nordlicht Design" {
		t.Fatalf("DELTA's message %+v", delta)
	}
	// A second run, the next day and the day after, sends nothing new.
	for _, d := range []string{"2026-03-31", "2026-04-01"} {
		if rep := queueAndSend(t, r, d); len(rep.Outcomes) != 0 {
			t.Fatalf("run as of %s sent %+v", d, rep.Outcomes)
		}
	}
	if len(m.sent) != 4 {
		t.Fatalf("%d messages after three runs", len(m.sent))
	}
	log, err := s.Outbox(context.Background(), ledger.OutboxFilter{Customer: "ACME"})
	must(t, err)
	if len(log) != 1 || log[0].Status != ledger.OutboxSent || log[0].Response != "250 2.0.0 Ok: queued as 1" || log[0].Attempts != 1 {
		t.Fatalf("ACME's log %+v", log)
	}
}

func TestRunTransientRetried(t *testing.T) {
	s := mailLedger(t)
	m := &recordingMailer{fail: func(n int, _ *Message) error {
		if n <= 2 { // the first message is greylisted twice
			return &SendError{Fate: Transient, Code: 451, Err: errors.New("451 4.7.1 greylisted, try again")}
		}
		return nil
	}}
	r, _ := newRunner(t, s, m)
	rep := queueAndSend(t, r, "2026-03-31")
	if !rep.OK() || rep.Sent != 4 || rep.Outcomes[0].Attempts != 3 {
		t.Fatalf("report %+v", rep)
	}
}

func TestRunTransientDeferred(t *testing.T) {
	s := mailLedger(t)
	beta := func(_ int, m *Message) error {
		if m.To == "billing@beta.example" {
			return &SendError{Fate: Transient, Code: 452, Err: errors.New("452 4.2.2 mailbox full")}
		}
		return nil
	}
	m := &recordingMailer{fail: beta}
	r, _ := newRunner(t, s, m)
	rep := queueAndSend(t, r, "2026-03-31")
	// A reply about one message does not stop the others.
	if rep.OK() || rep.Sent != 3 || rep.Deferred != 1 || rep.Stopped != nil {
		t.Fatalf("report %+v", rep)
	}
	if st := statuses(t, s)["BETA"]; st != ledger.OutboxPending {
		t.Fatalf("BETA is %s", st)
	}
	m.fail = nil
	rep = queueAndSend(t, r, "2026-04-01")
	if !rep.OK() || rep.Sent != 1 || m.sent[3].To != "billing@beta.example" {
		t.Fatalf("the next run: %+v", rep)
	}
}

func TestRunPermanentNotRetried(t *testing.T) {
	s := mailLedger(t)
	m := &recordingMailer{fail: func(_ int, m *Message) error {
		if m.To == "gamma@gamma.example" {
			return &SendError{Fate: Permanent, Code: 550, Err: errors.New("550 5.1.1 no such user")}
		}
		return nil
	}}
	r, _ := newRunner(t, s, m)
	rep := queueAndSend(t, r, "2026-03-31")
	if rep.Failed != 1 || rep.Sent != 3 || m.tries != 4 {
		t.Fatalf("report %+v after %d tries", rep, m.tries)
	}
	if o := rep.Outcomes[3]; o.Status != ledger.OutboxFailed || !strings.Contains(o.Response, "550 5.1.1") {
		t.Fatalf("GAMMA %+v", o)
	}
	m.fail = nil
	if rep := queueAndSend(t, r, "2026-04-01"); len(rep.Outcomes) != 0 {
		t.Fatalf("a failed message was sent again: %+v", rep)
	}
	// The user fixes the address and says to send it again.
	rows, err := s.Outbox(context.Background(), ledger.OutboxFilter{Status: []ledger.OutboxStatus{ledger.OutboxFailed}})
	must(t, err)
	must(t, s.ResolveOutbox(context.Background(), rows[0].ID, ledger.OutboxPending, "address fixed", "ap@gamma.example"))
	rep, err = r.Send(context.Background())
	must(t, err)
	if rep.Sent != 1 || m.sent[3].To != "ap@gamma.example" || m.sent[3].MessageID != rows[0].MessageID {
		t.Fatalf("resend %+v %+v", rep, m.sent[3])
	}
}

func TestRunUnknownHeldForReview(t *testing.T) {
	s := mailLedger(t)
	m := &recordingMailer{fail: func(_ int, m *Message) error {
		if m.To == "billing@beta.example" {
			return &SendError{Fate: Unknown, Conn: true, Err: errors.New("read tcp: connection reset by peer")}
		}
		return nil
	}}
	r, _ := newRunner(t, s, m)
	rep := queueAndSend(t, r, "2026-03-31")
	if rep.Unknown != 1 || rep.Sent != 3 || m.tries != 4 {
		t.Fatalf("report %+v, %d tries", rep, m.tries)
	}
	m.fail = nil
	if rep := queueAndSend(t, r, "2026-04-01"); len(rep.Outcomes) != 0 {
		t.Fatalf("an unknown message was sent again: %+v", rep)
	}
	review, err := r.NeedsReview(context.Background())
	must(t, err)
	if len(review) != 1 || review[0].CustomerCode != "BETA" || review[0].Status != ledger.OutboxUnknown {
		t.Fatalf("review %+v", review)
	}
	must(t, s.ResolveOutbox(context.Background(), review[0].ID, ledger.OutboxSent, "customer confirmed", ""))
	if review, _ := r.NeedsReview(context.Background()); len(review) != 0 {
		t.Fatalf("still to review: %+v", review)
	}
}

func TestRunStopsWhenServerGone(t *testing.T) {
	s := mailLedger(t)
	down := errors.New("dial tcp 127.0.0.1:25: connect: connection refused")
	m := &recordingMailer{fail: func(n int, _ *Message) error {
		if n > 1 {
			return &SendError{Fate: Transient, Conn: true, Err: down}
		}
		return nil
	}}
	r, _ := newRunner(t, s, m)
	rep := queueAndSend(t, r, "2026-03-31")
	// One sent, one tried three times, two left untried.
	if rep.Sent != 1 || rep.Deferred != 1 || rep.Left != 2 || rep.Stopped == nil || m.tries != 1+fastRetry.Attempts {
		t.Fatalf("report %+v after %d tries", rep, m.tries)
	}
	for code, st := range statuses(t, s) {
		if code != "ACME" && st != ledger.OutboxPending {
			t.Fatalf("%s is %s", code, st)
		}
	}
	m.fail = nil
	rep, err := r.Send(context.Background())
	must(t, err)
	if rep.Sent != 3 || !reflect.DeepEqual(m.recipients(), allFour) {
		t.Fatalf("the rest: %+v, sent to %v", rep, m.recipients())
	}
}

func TestRunSetupErrorStops(t *testing.T) {
	s := mailLedger(t)
	m := &recordingMailer{fail: func(int, *Message) error {
		return &SendError{Fate: Setup, Code: 535, Conn: true, Err: errors.New("535 5.7.8 authentication failed")}
	}}
	r, _ := newRunner(t, s, m)
	rep := queueAndSend(t, r, "2026-03-31")
	if rep.Stopped == nil || !strings.Contains(rep.Stopped.Error(), "535") || m.tries != 1 || rep.Left != 3 {
		t.Fatalf("report %+v, %d tries", rep, m.tries)
	}
}

func TestRunBuildFailure(t *testing.T) {
	s := mailLedger(t)
	m := &recordingMailer{}
	r, pdfs := newRunner(t, s, m)
	pdfs.fail = "INV-000003"
	rep := queueAndSend(t, r, "2026-03-31")
	if rep.Failed != 1 || rep.Sent != 3 || !strings.Contains(rep.Outcomes[1].Response, "invoice PDF INV-000003") {
		t.Fatalf("report %+v", rep)
	}
}

func TestQueueNeedsSender(t *testing.T) {
	s := stepsLedger(t)
	r, _ := newRunner(t, s, &recordingMailer{})
	if _, _, err := r.Queue(context.Background(), day("2026-03-31")); err == nil || !strings.Contains(err.Error(), "smtp.host") {
		t.Fatalf("got %v", err)
	}
	if rows, _ := s.Outbox(context.Background(), ledger.OutboxFilter{}); len(rows) != 0 {
		t.Fatal("queued without a server to send to")
	}
}

func TestRunCancelled(t *testing.T) {
	s := mailLedger(t)
	ctx, cancel := context.WithCancel(context.Background())
	m := &recordingMailer{}
	m.fail = func(n int, _ *Message) error {
		if n == 2 {
			cancel() // Ctrl-C while the second message goes out
		}
		return nil
	}
	r, _ := newRunner(t, s, m)
	_, _, err := r.Queue(ctx, day("2026-03-31"))
	must(t, err)
	rep, err := r.Send(ctx)
	must(t, err)
	if rep.Sent != 2 || rep.Left != 2 || !errors.Is(rep.Stopped, context.Canceled) {
		t.Fatalf("report %+v", rep)
	}
	// Both messages the server took are recorded; nothing is left 'sending'.
	got := map[ledger.OutboxStatus]int{}
	for _, st := range statuses(t, s) {
		got[st]++
	}
	if got[ledger.OutboxSent] != 2 || got[ledger.OutboxPending] != 2 {
		t.Fatalf("statuses %v", got)
	}
}

func TestRunManyInvoicesGetStatement(t *testing.T) {
	s := newLedger(t)
	setting(t, s, "smtp.host", "127.0.0.1")
	setting(t, s, "smtp.from", "accounts@nordlicht.example")
	customer(t, s, "BIG", "ap@big.example")
	for i := 0; i <= MaxInvoicePDFs; i++ {
		invoice(t, s, "BIG", "2026-03-20", 1000)
	}
	m := &recordingMailer{}
	r, pdfs := newRunner(t, s, m)
	if rep := queueAndSend(t, r, "2026-03-31"); rep.Sent != 1 {
		t.Fatalf("report %+v", rep)
	}
	if a := m.sent[0].Attachments; len(a) != 1 || a[0].Name != "Statement BIG 2026-03-31.pdf" || len(pdfs.invoices) != 0 {
		t.Fatalf("%d invoices: attachments %+v", MaxInvoicePDFs+1, a)
	}
	if !strings.Contains(m.sent[0].Text, "statement of open items") {
		t.Fatalf("the text does not mention the statement:\n%s", m.sent[0].Text)
	}
}

func TestRunPendingRechecked(t *testing.T) {
	ctx := context.Background()
	s := mailLedger(t)
	m := &recordingMailer{fail: func(int, *Message) error {
		return &SendError{Fate: Transient, Conn: true, Err: errors.New("connection refused")}
	}}
	r, _ := newRunner(t, s, m)
	if rep := queueAndSend(t, r, "2026-03-31"); rep.Sent != 0 || rep.Stopped == nil {
		t.Fatalf("report %+v", rep)
	}
	// Days later, with the server back: BETA has paid, GAMMA disputes,
	// DELTA asked for no more reminders. Their stale reminders must not go.
	_, err := s.RecordPayment(ctx, ledger.PaymentInput{CustomerCode: "BETA", Date: day("2026-04-02"), Amount: ledger.NewMoney(120000, "USD")})
	must(t, err)
	_, err = s.OpenDispute(ctx, "INV-000004", "never ordered")
	must(t, err)
	must(t, s.SetCustomerReminders(ctx, "DELTA", ledger.CustomerReminders{Off: true}))
	m.fail = nil
	rep, err := r.Send(ctx)
	must(t, err)
	if rep.Sent != 1 || rep.Held != 3 || !rep.OK() || m.sent[0].To != "ap@acme.example" {
		t.Fatalf("report %+v", rep)
	}
	want := map[string]string{"BETA": "INV-000003 was paid since", "DELTA": "turned off", "GAMMA": "INV-000004 is disputed"}
	for _, o := range rep.Outcomes[1:] {
		if o.Status != ledger.OutboxCancelled || !strings.Contains(o.Response, want[o.Customer]) {
			t.Fatalf("%s: %+v", o.Customer, o)
		}
	}
}
