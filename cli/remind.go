package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/mail"
	"strings"
	"time"

	"paidup/app"

	"paidup/internal/textwidth"
	"paidup/ledger"
	"paidup/reminders"
)

// remindFlags are the flags of every remind action; each action accepts
// only its own (remindAllowed).
type remindFlags struct {
	asOf                time.Time
	dryRun, send        bool
	test                string
	customer, status    string
	limit               int
	sent, retry, cancel bool
	to, note            string
	email, policy       string
	on, off             bool
	letters             string
}

var remindAllowed = map[string][]string{
	"":         {"as-of", "dry-run", "send", "test", "letters"},
	"log":      {"customer", "status", "limit"},
	"resolve":  {"sent", "retry", "cancel", "to", "note"},
	"customer": {"email", "on", "off", "policy"},
	"policy":   {},
}

func remindCommand() command {
	return command{
		name: "remind",
		args: "[--as-of DATE] [--dry-run | --send | --letters DIR] [--test ADDR]\n" +
			"       paidup remind log [--customer CODE] [--status S] [--limit N]\n" +
			"       paidup remind resolve ID --sent | --retry [--to ADDR] | --cancel\n" +
			"       paidup remind customer CODE [--email ADDR] [--on | --off] [--policy NAME]\n" +
			"       paidup remind policy list | show [NAME] | set NAME FILE | remove NAME",
		summary: "email payment reminders (a dry run unless --send); exit 1 if any failed or needs review",
		setup: func(fs *flag.FlagSet, e *env) func(context.Context, []string) error {
			var f remindFlags
			fs.Var(dateValue{&f.asOf}, "as-of", "evaluate the ledger as at the end of `DATE` (default today)")
			fs.BoolVar(&f.dryRun, "dry-run", false, "show who would get what, send nothing (the default)")
			fs.BoolVar(&f.send, "send", false, "write the outbox and send")
			fs.StringVar(&f.test, "test", "", "send a test message to `ADDR` and show the server's answer")
			fs.StringVar(&f.letters, "letters", "", "write this run's reminders as letters to print and post, a PDF per customer in `DIR` (customers without email too); nothing is sent")
			fs.StringVar(&f.customer, "customer", "", "log: one customer's `CODE`")
			fs.StringVar(&f.status, "status", "", "log: only messages in this `STATUS` (pending, sending, sent, failed, unknown, cancelled)")
			fs.IntVar(&f.limit, "limit", 100, "log: at most `N` messages, newest first (0: all)")
			fs.BoolVar(&f.sent, "sent", false, "resolve: the message did arrive")
			fs.BoolVar(&f.retry, "retry", false, "resolve: send the message again (with the next --send)")
			fs.BoolVar(&f.cancel, "cancel", false, "resolve: never send the message")
			fs.StringVar(&f.to, "to", "", "resolve --retry: send to this `ADDR` instead")
			fs.StringVar(&f.note, "note", "", "resolve: a note kept in the log")
			fs.StringVar(&f.email, "email", "", "customer: send their reminders to `ADDR` (\"\" for their own email)")
			fs.BoolVar(&f.on, "on", false, "customer: remind them")
			fs.BoolVar(&f.off, "off", false, "customer: never remind them")
			fs.StringVar(&f.policy, "policy", "", "customer: use the reminder policy `NAME` (default for the default)")
			return func(ctx context.Context, args []string) error {
				action := ""
				if len(args) > 0 {
					action = args[0]
				}
				allowed, ok := remindAllowed[action]
				if !ok {
					return usagef("unknown remind action %q: use log, resolve, customer or policy", action)
				}
				set := map[string]bool{}
				var wrong error
				fs.Visit(func(fl *flag.Flag) {
					set[fl.Name] = true
					if fl.Name != "db" && !contains(allowed, fl.Name) && wrong == nil {
						wrong = usagef("--%s does not go with 'remind %s'", fl.Name, action)
					}
				})
				if wrong != nil {
					return wrong
				}
				st, err := e.open(ctx)
				if err != nil {
					return err
				}
				defer st.Close()
				switch action {
				case "log":
					return remindLog(ctx, e, st, f)
				case "resolve":
					return remindResolve(ctx, e, st, f, args[1:])
				case "customer":
					return remindCustomer(ctx, e, st, f, set, args[1:])
				case "policy":
					return remindPolicy(ctx, e, st, args[1:])
				}
				if len(args) > 0 {
					return usagef("remind takes no arguments")
				}
				switch {
				case f.dryRun && f.send:
					return usagef("--dry-run and --send exclude each other")
				case f.test != "" && (f.send || f.dryRun || set["as-of"]):
					return usagef("--test sends only a test message: give it alone")
				case f.test != "":
					return remindTest(ctx, e, st, f.test)
				case f.letters != "" && f.send:
					return usagef("--letters prints, --send emails: one at a time")
				case f.letters != "":
					files, err := st.ReminderLetters(ctx, f.asOf, f.letters)
					for _, p := range files {
						fmt.Fprintf(e.stdout, "wrote %s\n", p)
					}
					if err == nil && len(files) == 0 {
						fmt.Fprintln(e.stdout, "no reminder is due: no letter written")
					}
					return err
				case f.send:
					return remindSend(ctx, e, st, f.asOf)
				}
				return remindPreview(ctx, e, st, f.asOf)
			}
		},
	}
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

func remindPreview(ctx context.Context, e *env, st *app.App, asOf time.Time) error {
	r, err := st.ReminderRunner(ctx, false)
	if err != nil {
		return err
	}
	p, err := r.Preview(ctx, asOf)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Reminders as of %s — a dry run: nothing is written or sent (--send sends).\n\n", p.AsOf.Format(ledger.DateLayout))
	printPlan(e.stdout, p)
	_, err = printWaiting(ctx, e, r)
	return err
}

func printPlan(w io.Writer, p *reminders.Plan) {
	customers := map[string]bool{}
	for _, m := range p.Emails {
		customers[m.CustomerCode] = true
		fmt.Fprintf(w, "%s  %s <%s>  step %s\n  Subject: %s\n", m.CustomerCode, m.CustomerName, m.Recipient, m.Step, m.Subject)
		tw := textwidth.NewTabWriter(w, 2, false)
		for _, it := range m.Items {
			fmt.Fprintf(tw, "    %s\tdue %s\t%s\t%s\t(%s)\n", it.Number, it.DueDate.Format(ledger.DateLayout), it.Open, daysText(it.DaysPastDue), it.Step)
		}
		tw.Flush()
		att := fmt.Sprintf("%d invoice PDF(s)", len(m.Items))
		switch {
		case len(m.Items) > reminders.MaxInvoicePDFs:
			att = "the open-item statement (too many invoices to attach one by one)"
		case m.Statement:
			att += " and the open-item statement"
		}
		fmt.Fprintf(w, "  Attached: %s\n\n", att)
	}
	fmt.Fprintf(w, "%d email(s) to %d customer(s) about %d invoice(s).\n", len(p.Emails), len(customers), p.Invoices())
	if len(p.Skipped) > 0 {
		fmt.Fprintln(w, "Held back:")
		for _, s := range p.Skipped {
			what := s.Number
			if what == "" {
				what = fmt.Sprintf("%d invoice(s)", s.Count)
			}
			fmt.Fprintf(w, "  %s %s: %s\n", s.CustomerCode, what, s.Reason)
		}
	}
}

func daysText(d int) string {
	switch {
	case d < 0:
		return fmt.Sprintf("due in %d day(s)", -d)
	case d == 0:
		return "due today"
	}
	return fmt.Sprintf("%d day(s) overdue", d)
}

// printWaiting shows what is left: pending messages, those another run
// is sending right now, and those in doubt (their run is gone, or the
// connection broke), which wait for the user's word. It returns
// errNeedsReview (exit 1) only for the last, and how many there are.
func printWaiting(ctx context.Context, e *env, r *reminders.Runner) (int, error) {
	pending, err := r.Store.Outbox(ctx, ledger.OutboxFilter{Status: []ledger.OutboxStatus{ledger.OutboxPending}})
	if err != nil {
		return 0, err
	}
	if len(pending) > 0 {
		fmt.Fprintf(e.stdout, "%d message(s) wait to be sent (by the next --send).\n", len(pending))
	}
	review, busy, err := reminders.SplitInDoubt(ctx, r.Store)
	if err != nil {
		return 0, err
	}
	if len(busy) > 0 {
		fmt.Fprintf(e.stdout, "%d message(s) are being sent by another run right now:\n", len(busy))
		for _, m := range busy {
			_, who := reminders.InFlight(m, r.Store.Now())
			fmt.Fprintf(e.stdout, "  #%d %s to %s, %s\n", m.ID, m.CustomerCode, m.Recipient, who)
		}
	}
	if len(review) == 0 {
		return 0, nil
	}
	fmt.Fprintf(e.stdout, "\n%d message(s) in doubt: they may or may not have reached the customer, and are not sent again until you say so:\n", len(review))
	for _, m := range review {
		why := "the run sending it stopped (crash or kill) before the server answered"
		if m.Status == ledger.OutboxUnknown {
			why = "the connection broke before the server answered: " + m.Response
		}
		fmt.Fprintf(e.stdout, "  #%d %s to %s, %q, %s\n    %s\n", m.ID, m.CustomerCode, m.Recipient, m.Subject, when(m.UpdatedAt), why)
	}
	fmt.Fprintf(e.stdout, "Check with the customer or your sent mail, then: paidup remind resolve ID --sent | --retry | --cancel\n")
	return len(review), errNeedsReview
}

var errNeedsReview = errors.New("messages need review")

func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04")
}

func remindSend(ctx context.Context, e *env, st *app.App, asOf time.Time) error {
	r, err := st.ReminderRunner(ctx, true)
	if err != nil {
		return err
	}
	defer app.CloseRunner(r)
	r.Progress = func(done, total int) { e.progress("sending %d/%d", done, total) }
	p, ids, err := r.Queue(ctx, asOf)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Reminders as of %s: %d new email(s) written to the outbox.\n", p.AsOf.Format(ledger.DateLayout), len(ids))
	for _, s := range p.Skipped {
		what := s.Number
		if what == "" {
			what = fmt.Sprintf("%d invoice(s)", s.Count)
		}
		fmt.Fprintf(e.stdout, "  held back: %s %s: %s\n", s.CustomerCode, what, s.Reason)
	}
	rep, err := r.Send(ctx)
	e.progressDone()
	if err != nil {
		return err
	}
	tw := textwidth.NewTabWriter(e.stdout, 2, false)
	for _, o := range rep.Outcomes {
		status := map[ledger.OutboxStatus]string{ledger.OutboxPending: "deferred", ledger.OutboxCancelled: "held back"}[o.Status]
		if status == "" {
			status = string(o.Status)
		}
		fmt.Fprintf(tw, "%s\t#%d\t%s\t%s\t%s\n", status, o.ID, o.Customer, o.To, oneLine(o.Response))
	}
	tw.Flush()
	fmt.Fprintf(e.stdout, "%d sent, %d failed, %d deferred (pending for the next run), %d in doubt.\n", rep.Sent, rep.Failed, rep.Deferred, rep.Unknown)
	if rep.Held > 0 {
		fmt.Fprintf(e.stdout, "%d planned earlier and held back: no longer true (paid, voided or disputed since, or reminders off).\n", rep.Held)
	}
	if rep.Stopped != nil {
		fmt.Fprintf(e.stdout, "The run stopped early, %d message(s) left for the next run: %v\n", rep.Left, rep.Stopped)
	}
	// In doubt counts every message whose fate is unknown, this run's and
	// earlier ones: one status, one number.
	doubt, waitErr := printWaiting(ctx, e, r)
	if waitErr != nil && !errors.Is(waitErr, errNeedsReview) {
		return waitErr
	}
	if !rep.OK() || waitErr != nil {
		fmt.Fprintf(e.stderr, "paidup remind: %d failed, %d deferred, %d in doubt, %d not tried; see above\n",
			rep.Failed, rep.Deferred, doubt, rep.Left)
		return silentError{}
	}
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func remindTest(ctx context.Context, e *env, st *app.App, addr string) error {
	if a, err := mail.ParseAddress(addr); err != nil || a.Name != "" {
		return usagef("--test %q is not an email address", addr)
	}
	resp, err := st.TestEmail(ctx, addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "sent a test message to %s\nthe server answered: %s\n", addr, resp)
	return nil
}
