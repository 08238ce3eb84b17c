package reminders

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"paidup/ledger"
)

// Runner is a reminder run over a ledger: Preview shows what is due,
// Queue writes it to the outbox in one transaction, Send delivers the
// outbox. A run from cron does Queue then Send.
type Runner struct {
	Store    *ledger.Store
	Config   Config
	Mailer   Mailer   // for Send and Test
	Renderer Renderer // for Send
	Retry    Retry    // zero: DefaultRetry
	// Now is the clock of Date headers; nil means time.Now.
	Now func() time.Time
	// Progress, when set, hears of each message handled by Send.
	Progress func(done, total int)
	// RunID signs the rows this run claims; "" is RunID(), this process.
	RunID string

	// beforeSend runs after a row is claimed and before its message goes
	// out: the crash and fault tests stop the world there.
	beforeSend func(id int64)
}

func (r *Runner) runID() string {
	if r.RunID != "" {
		return r.RunID
	}
	return RunID()
}

func (r *Runner) now() time.Time {
	if r.Now != nil {
		return r.Now()
	}
	return time.Now()
}

// LoadPolicies returns the policies a run uses: "" is the default (the
// stored "default" policy, else the built-in one), others by name.
func LoadPolicies(ctx context.Context, st *ledger.Store) (map[string]*Policy, error) {
	stored, err := st.ReminderPolicies(ctx)
	if err != nil {
		return nil, err
	}
	out := map[string]*Policy{"": DefaultPolicy()}
	for name, js := range stored {
		p, err := ParsePolicy([]byte(js))
		if err != nil {
			return nil, fmt.Errorf("stored policy %s: %w", name, err)
		}
		if name == "default" {
			name = ""
		}
		out[name] = p
	}
	return out, nil
}

// query is the ledger question of a run as of a day: invoices due by the
// day the earliest step of any policy reaches.
func query(asOf time.Time, policies map[string]*Policy) ledger.ReminderQuery {
	first := 0
	for _, p := range policies {
		first = min(first, p.MinOffset())
	}
	return ledger.ReminderQuery{AsOf: asOf, DueBy: ledger.Day(asOf).AddDate(0, 0, -first)}
}

// newPlanner is a run's planner, with each customer's risk segment when
// reminders.segment_policy gives segments policies of their own.
func (r *Runner) newPlanner(ctx context.Context, asOf time.Time, policies map[string]*Policy) (*planner, error) {
	pl := &planner{asOf: ledger.Day(asOf), policies: policies, business: r.Config.Business}
	pl.accrued = func(ids []int64) (map[int64]ledger.ChargeLine, error) {
		return r.Store.AccruedCharges(ctx, pl.asOf, ids)
	}
	v, err := r.Store.Setting(ctx, "reminders.segment_policy", "")
	if err != nil {
		return nil, err
	}
	if pl.segmentPolicy, err = ledger.ParseSegmentPolicy(v); err != nil {
		return nil, ledger.Errorf(ledger.EINVALID, "setting reminders.segment_policy: %v", err)
	}
	if len(pl.segmentPolicy) == 0 {
		return pl, nil
	}
	for seg, name := range pl.segmentPolicy {
		if policies[name] == nil {
			return nil, ledger.Errorf(ledger.ENOTFOUND, "setting reminders.segment_policy: segment %q uses reminder policy %q, which does not exist", seg, name)
		}
	}
	risks, err := r.Store.Risks(ctx, asOf)
	if err != nil {
		return nil, err
	}
	pl.segments = make(map[string]string, len(risks))
	for _, k := range risks {
		pl.segments[k.CustomerCode] = k.Segment
	}
	return pl, nil
}

// Preview plans a run as of the end of asOf without writing anything.
func (r *Runner) Preview(ctx context.Context, asOf time.Time) (*Plan, error) {
	asOf = r.asOf(asOf)
	policies, err := LoadPolicies(ctx, r.Store)
	if err != nil {
		return nil, err
	}
	custs, err := r.Store.ReminderCandidates(ctx, query(asOf, policies))
	if err != nil {
		return nil, err
	}
	pl, err := r.newPlanner(ctx, asOf, policies)
	if err != nil {
		return nil, err
	}
	return pl.plan(custs)
}

// PreviewLetters plans a run as of asOf as letters to print and post:
// as Preview, but customers without an email address are planned too.
func (r *Runner) PreviewLetters(ctx context.Context, asOf time.Time) (*Plan, error) {
	asOf = r.asOf(asOf)
	policies, err := LoadPolicies(ctx, r.Store)
	if err != nil {
		return nil, err
	}
	custs, err := r.Store.ReminderCandidates(ctx, query(asOf, policies))
	if err != nil {
		return nil, err
	}
	pl, err := r.newPlanner(ctx, asOf, policies)
	if err != nil {
		return nil, err
	}
	pl.letters = true
	return pl.plan(custs)
}

// DueCount is how much a run would send: emails (one per customer), the
// invoices they remind of, and the invoices held back (disputed, no
// address, reminders off, closed since).
type DueCount struct {
	AsOf                   time.Time
	Emails, Invoices, Held int
}

// Due counts what a run as of the end of asOf would send, as Preview
// plans it but rendering nothing and holding a few hundred customers at a
// time: a dashboard on a million invoices wants the numbers, not the text.
func (r *Runner) Due(ctx context.Context, asOf time.Time) (DueCount, error) {
	asOf = r.asOf(asOf)
	n := DueCount{AsOf: asOf}
	policies, err := LoadPolicies(ctx, r.Store)
	if err != nil {
		return n, err
	}
	pl, err := r.newPlanner(ctx, asOf, policies)
	if err != nil {
		return n, err
	}
	pl.countOnly = true
	err = r.Store.EachReminderCandidates(ctx, query(asOf, policies), func(cs []ledger.ReminderCustomer) error {
		p, err := pl.plan(cs)
		if err != nil {
			return err
		}
		n.Emails += len(p.Emails)
		n.Invoices += p.Invoices()
		for _, k := range p.Skipped {
			n.Held += k.Count
		}
		return nil
	})
	return n, err
}

func (r *Runner) asOf(d time.Time) time.Time {
	if d.IsZero() {
		return ledger.Day(r.Store.Now())
	}
	return ledger.Day(d)
}

// Queue plans a run and writes its emails to the outbox in one
// transaction, before anything is sent; it returns the plan and the new
// rows' ids.
func (r *Runner) Queue(ctx context.Context, asOf time.Time) (*Plan, []int64, error) {
	if err := r.Config.CheckSend(); err != nil {
		return nil, nil, err
	}
	asOf = r.asOf(asOf)
	// Promises whose date has passed are decided first: a broken one's
	// invoices are reminded again in this very run.
	if _, err := r.Store.SettlePromises(ctx, asOf); err != nil {
		return nil, nil, err
	}
	// So are payment plans: a defaulted one's invoices are due at once.
	if _, err := r.Store.SettlePlans(ctx, asOf); err != nil {
		return nil, nil, err
	}
	policies, err := LoadPolicies(ctx, r.Store)
	if err != nil {
		return nil, nil, err
	}
	pl, err := r.newPlanner(ctx, asOf, policies)
	if err != nil {
		return nil, nil, err
	}
	var plan *Plan
	ids, err := r.Store.QueueReminders(ctx, query(asOf, policies), func(custs []ledger.ReminderCustomer) ([]ledger.OutboxDraft, error) {
		p, err := pl.plan(custs)
		if err != nil {
			return nil, err
		}
		plan = p
		return drafts(p), nil
	}, func(id int64, created time.Time) string { return messageID(id, created, r.Config.Sender.From) })
	if err != nil {
		return nil, nil, err
	}
	return plan, ids, nil
}

func drafts(p *Plan) []ledger.OutboxDraft {
	out := make([]ledger.OutboxDraft, 0, len(p.Emails))
	for _, e := range p.Emails {
		d := ledger.OutboxDraft{CustomerID: e.CustomerID, Step: e.Step, Recipient: e.Recipient,
			Subject: e.Subject, Text: e.Text, HTML: e.HTML, Statement: e.Statement}
		for _, it := range e.Items {
			d.Items = append(d.Items, ledger.OutboxItem{DocumentID: it.DocumentID, Number: it.Number, Step: it.Step,
				Open: it.Open, DaysPastDue: it.DaysPastDue})
		}
		out = append(out, d)
	}
	return out
}

// Outcome is what became of one message in a Send.
type Outcome struct {
	ID       int64
	Customer string
	To       string
	Subject  string
	Status   ledger.OutboxStatus
	Response string // the server's answer, or the error
	Attempts int    // in this run
}

// Report is the result of a Send.
type Report struct {
	Outcomes []Outcome
	Sent     int
	Failed   int // refused for good: shown, never retried
	Deferred int // transient failures: pending for the next run
	Unknown  int // fate unknown: waits for the user's word
	Held     int // planned earlier, no longer true (paid, disputed since): cancelled
	Left     int // pending messages not tried because the run stopped
	Stopped  error
}

// OK reports whether everything was sent.
func (rep *Report) OK() bool {
	return rep.Failed == 0 && rep.Deferred == 0 && rep.Unknown == 0 && rep.Left == 0 && rep.Stopped == nil
}

// Send delivers every pending outbox row, oldest first, over the
// Mailer's one connection. Each row is claimed ('sending', committed)
// before its message goes out and settled after: sent, failed for good,
// pending again after transient failures retried with backoff, or
// unknown. The run stops early when the server is unusable or
// unreachable; what it did not try stays pending.
func (r *Runner) Send(ctx context.Context) (*Report, error) {
	if r.Mailer == nil {
		return nil, errors.New("send: no mailer")
	}
	rows, err := r.Store.Outbox(ctx, ledger.OutboxFilter{Status: []ledger.OutboxStatus{ledger.OutboxPending}})
	if err != nil {
		return nil, err
	}
	rep := &Report{}
	retry := r.Retry
	if retry.Attempts == 0 {
		retry = DefaultRetry
	}
	ahead := r.prefetch(ctx, rows)
	defer ahead.stop()
	claimed := false // rows[i] was claimed by the FinishOutbox of rows[i-1]
	var b built      // the message of rows[have]
	have := -1
	// Outcomes are recorded even when the run is being cancelled (Ctrl-C,
	// SIGTERM): a message the server took must not be left 'sending'.
	record := context.WithoutCancel(ctx)
	for i, row := range rows {
		if ctx.Err() != nil {
			if claimed { // by the last FinishOutbox: give it back
				if _, err := r.Store.FinishOutbox(record, row.ID, ledger.OutboxPending, "not sent: the run was stopped", 0, r.runID()); err != nil {
					return rep, err
				}
			}
			rep.Stopped, rep.Left = ctx.Err(), len(rows)-i
			break
		}
		if have != i {
			b, have = ahead.get(i), i
		}
		if !claimed {
			ok, err := r.Store.ClaimOutbox(ctx, row.ID, r.runID())
			if err != nil {
				return rep, err
			}
			if !ok {
				continue // another run has it
			}
		}
		out, stop := r.deliver(ctx, row, b.msg, b.err, retry)
		rep.add(out)
		// Claim the next row in the same commit when its message is
		// ready, so that only its sending follows its claim; never wait
		// for a PDF while this row's outcome is still unrecorded.
		var next int64
		if stop == nil && i+1 < len(rows) {
			if nb, ready := ahead.ready(i + 1); ready {
				next, b, have = rows[i+1].ID, nb, i+1
			}
		}
		got, err := r.Store.FinishOutbox(record, row.ID, out.Status, out.Response, next, r.runID())
		if err != nil {
			return rep, err
		}
		claimed = next != 0 && got
		if r.Progress != nil {
			r.Progress(i+1, len(rows))
		}
		if stop != nil {
			rep.Stopped = stop
			rep.Left = len(rows) - i - 1
			break
		}
	}
	return rep, nil
}

func (rep *Report) add(o Outcome) {
	rep.Outcomes = append(rep.Outcomes, o)
	switch o.Status {
	case ledger.OutboxSent:
		rep.Sent++
	case ledger.OutboxFailed:
		rep.Failed++
	case ledger.OutboxUnknown:
		rep.Unknown++
	case ledger.OutboxCancelled:
		rep.Held++
	default:
		rep.Deferred++
	}
}

// deliver sends one claimed row, retrying transient failures; stop is
// set when no later message can get through either.
func (r *Runner) deliver(ctx context.Context, row ledger.OutboxMessage, msg *Message, buildErr error, retry Retry) (out Outcome, stop error) {
	out = Outcome{ID: row.ID, Customer: row.CustomerCode, To: row.Recipient, Subject: row.Subject}
	var held errHeld
	switch {
	case errors.As(buildErr, &held):
		out.Status, out.Response = ledger.OutboxCancelled, held.Error()
		return out, nil
	case buildErr != nil:
		out.Status, out.Response = ledger.OutboxFailed, "not sent: "+buildErr.Error()
		return out, nil
	}
	// Every attempt together stays within the message's time (smtp.timeout):
	// a server that hangs must not hold the run for minutes.
	// (Real time, not r.Now: that is the clock of the Date header.)
	deadline := time.Now().Add(r.Config.SMTP.budget())
	sendCtx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	for attempt := 1; ; attempt++ {
		if r.beforeSend != nil {
			r.beforeSend(row.ID)
		}
		out.Attempts = attempt
		resp, err := r.Mailer.Send(sendCtx, msg)
		if err == nil {
			out.Status, out.Response = ledger.OutboxSent, resp
			return out, nil
		}
		fate, se := fateOf(err)
		out.Response = se.Error()
		switch fate {
		case Permanent:
			out.Status = ledger.OutboxFailed
			return out, nil
		case Unknown:
			out.Status = ledger.OutboxUnknown
			return out, nil
		case Setup:
			out.Status = ledger.OutboxPending
			return out, fmt.Errorf("the mail server cannot be used as set up: %w", se)
		}
		out.Status = ledger.OutboxPending
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		if attempt >= retry.Attempts || time.Now().Add(retry.wait(attempt)).After(deadline) {
			if se.Conn {
				return out, fmt.Errorf("the mail server is unreachable after %d attempts: %w", attempt, se)
			}
			return out, nil
		}
		if err := sleep(ctx, retry.wait(attempt)); err != nil {
			return out, err
		}
	}
}

// errHeld marks a row that must not go out any more (OutboxHold).
type errHeld struct{ reason string }

func (e errHeld) Error() string { return "not sent: " + e.reason }

// message builds the email of an outbox row, PDFs and all, after making
// sure what it says is still true.
func (r *Runner) message(ctx context.Context, row ledger.OutboxMessage) (*Message, error) {
	hold, err := r.Store.OutboxHold(ctx, row.ID)
	if err != nil {
		return nil, err
	}
	if hold != "" {
		return nil, errHeld{hold}
	}
	atts, err := attachments(ctx, r.Renderer, row)
	if err != nil {
		return nil, err
	}
	s := r.Config.Sender
	m := &Message{MessageID: row.MessageID, Date: r.now(), From: s.From, FromName: s.FromName, ReplyTo: s.ReplyTo,
		To: row.Recipient, ToName: row.CustomerName, Subject: row.Subject, Text: row.Text, HTML: row.HTML, Attachments: atts}
	if s.BccSelf {
		m.Bcc = []string{s.From}
	}
	return m, nil
}

// NeedsReview lists the messages in doubt, whose fate nobody knows: left
// 'sending' by a run that is gone (another run's message on its way is
// not in doubt: see InFlight)
// by a run that died, or 'unknown' after a connection broke mid-answer.
// They are never sent again without the user's word (ResolveOutbox).
func (r *Runner) NeedsReview(ctx context.Context) ([]ledger.OutboxMessage, error) {
	review, _, err := SplitInDoubt(ctx, r.Store)
	return review, err
}

// SplitInDoubt reads the messages whose fate is not settled: inDoubt
// waits for the user's word, inFlight is being sent by a run still at
// work and needs nothing. Claims are dated by the ledger's clock.
func SplitInDoubt(ctx context.Context, st *ledger.Store) (inDoubt, inFlight []ledger.OutboxMessage, err error) {
	now := st.Now()
	rows, err := st.Outbox(ctx, ledger.OutboxFilter{Status: []ledger.OutboxStatus{ledger.OutboxSending, ledger.OutboxUnknown}})
	if err != nil {
		return nil, nil, err
	}
	for _, m := range rows {
		if busy, _ := InFlight(m, now); busy {
			inFlight = append(inFlight, m)
		} else {
			inDoubt = append(inDoubt, m)
		}
	}
	return inDoubt, inFlight, nil
}

// Test sends a test message to addr and returns the server's answer.
func (r *Runner) Test(ctx context.Context, addr string) (string, error) {
	if err := r.Config.CheckSend(); err != nil {
		return "", err
	}
	now := r.now()
	s := r.Config.Sender
	m := &Message{
		MessageID: fmt.Sprintf("<paidup.test.%d@%s>", now.UnixNano(), domainOf(s.From)),
		Date:      now, From: s.From, FromName: s.FromName, ReplyTo: s.ReplyTo, To: addr,
		Subject: "Paidup test message",
		Text: fmt.Sprintf("This is a test message from Paidup, sent %s through %s.\n\n"+
			"If it reached you, Paidup can send payment reminders from %s.\n", now.Format(time.RFC1123Z), r.Config.SMTP, s.From),
	}
	resp, err := r.Mailer.Send(ctx, m)
	if err != nil {
		return "", fmt.Errorf("test message to %s: %w", addr, err)
	}
	return resp, nil
}

// domainOf is the domain of an address, for Message-IDs.
func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 && i < len(addr)-1 {
		return addr[i+1:]
	}
	return "paidup.invalid"
}
