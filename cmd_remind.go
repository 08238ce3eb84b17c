package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/mail"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"paidup/ledger"
	"paidup/reminders"
)

// stdin is where passwords and policies piped in are read; tests replace it.
var stdin io.Reader = os.Stdin

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
}

var remindAllowed = map[string][]string{
	"":         {"as-of", "dry-run", "send", "test"},
	"log":      {"customer", "status", "limit"},
	"resolve":  {"sent", "retry", "cancel", "to", "note"},
	"customer": {"email", "on", "off", "policy"},
	"policy":   {},
}

func remindCommand() command {
	return command{
		name: "remind",
		args: "[--as-of DATE] [--dry-run | --send] [--test ADDR]\n" +
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

func remindPreview(ctx context.Context, e *env, st *ledger.Store, asOf time.Time) error {
	r, err := reminders.NewRunner(ctx, st, false)
	if err != nil {
		return err
	}
	p, err := r.Preview(ctx, asOf)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Reminders as of %s — a dry run: nothing is written or sent (--send sends).\n\n", p.AsOf.Format(ledger.DateLayout))
	printPlan(e.stdout, p)
	return printWaiting(ctx, e, r)
}

func printPlan(w io.Writer, p *reminders.Plan) {
	customers := map[string]bool{}
	for _, m := range p.Emails {
		customers[m.CustomerCode] = true
		fmt.Fprintf(w, "%s  %s <%s>  step %s\n  Subject: %s\n", m.CustomerCode, m.CustomerName, m.Recipient, m.Step, m.Subject)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
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

// printWaiting shows what earlier runs left: pending messages, and those
// whose fate is unknown, which wait for the user's word. It returns an
// error (exit 1) only for the latter.
func printWaiting(ctx context.Context, e *env, r *reminders.Runner) error {
	pending, err := r.Store.Outbox(ctx, ledger.OutboxFilter{Status: []ledger.OutboxStatus{ledger.OutboxPending}})
	if err != nil {
		return err
	}
	if len(pending) > 0 {
		fmt.Fprintf(e.stdout, "%d message(s) wait to be sent (by the next --send).\n", len(pending))
	}
	review, err := r.NeedsReview(ctx)
	if err != nil || len(review) == 0 {
		return err
	}
	fmt.Fprintf(e.stdout, "\n%d message(s) may or may not have reached the customer; they are not sent again until you say so:\n", len(review))
	for _, m := range review {
		why := "the run sending it stopped (crash or kill) before the server answered"
		if m.Status == ledger.OutboxUnknown {
			why = "the connection broke before the server answered: " + m.Response
		}
		fmt.Fprintf(e.stdout, "  #%d %s to %s, %q, %s\n    %s\n", m.ID, m.CustomerCode, m.Recipient, m.Subject, when(m.UpdatedAt), why)
	}
	fmt.Fprintf(e.stdout, "Check with the customer or your sent mail, then: paidup remind resolve ID --sent | --retry | --cancel\n")
	return errNeedsReview
}

var errNeedsReview = errors.New("messages need review")

func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04")
}

func remindSend(ctx context.Context, e *env, st *ledger.Store, asOf time.Time) error {
	r, err := reminders.NewRunner(ctx, st, true)
	if err != nil {
		return err
	}
	defer r.Mailer.Close()
	if r.Renderer, err = reminders.NewReportsRenderer(ctx, st); err != nil {
		return err
	}
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
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	for _, o := range rep.Outcomes {
		status := map[ledger.OutboxStatus]string{ledger.OutboxPending: "deferred", ledger.OutboxCancelled: "held back"}[o.Status]
		if status == "" {
			status = string(o.Status)
		}
		fmt.Fprintf(tw, "%s\t#%d\t%s\t%s\t%s\n", status, o.ID, o.Customer, o.To, oneLine(o.Response))
	}
	tw.Flush()
	fmt.Fprintf(e.stdout, "%d sent, %d failed, %d deferred (pending for the next run), %d unknown.\n", rep.Sent, rep.Failed, rep.Deferred, rep.Unknown)
	if rep.Held > 0 {
		fmt.Fprintf(e.stdout, "%d planned earlier and held back: no longer true (paid, voided or disputed since, or reminders off).\n", rep.Held)
	}
	if rep.Stopped != nil {
		fmt.Fprintf(e.stdout, "The run stopped early, %d message(s) left for the next run: %v\n", rep.Left, rep.Stopped)
	}
	if err := r.Mailer.Close(); err != nil {
		fmt.Fprintf(e.stderr, "paidup remind: %v\n", err) // everything was sent; the goodbye failed
	}
	waitErr := printWaiting(ctx, e, r)
	if waitErr != nil && !errors.Is(waitErr, errNeedsReview) {
		return waitErr
	}
	if !rep.OK() || waitErr != nil {
		fmt.Fprintf(e.stderr, "paidup remind: %d failed, %d deferred, %d unknown, %d not tried; see above\n",
			rep.Failed, rep.Deferred, rep.Unknown, rep.Left)
		return silentError{}
	}
	return nil
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func remindTest(ctx context.Context, e *env, st *ledger.Store, addr string) error {
	if a, err := mail.ParseAddress(addr); err != nil || a.Name != "" {
		return usagef("--test %q is not an email address", addr)
	}
	r, err := reminders.NewRunner(ctx, st, true)
	if err != nil {
		return err
	}
	defer r.Mailer.Close()
	resp, err := r.Test(ctx, addr)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "sent a test message to %s through %s\nthe server answered: %s\n", addr, r.Config.SMTP, resp)
	return nil
}

func remindLog(ctx context.Context, e *env, st *ledger.Store, f remindFlags) error {
	filter := ledger.OutboxFilter{Customer: f.customer, Limit: f.limit, Newest: true}
	if f.status != "" {
		filter.Status = []ledger.OutboxStatus{ledger.OutboxStatus(f.status)}
		if !contains([]string{"pending", "sending", "sent", "failed", "unknown", "cancelled"}, f.status) {
			return usagef("--status %q: use pending, sending, sent, failed, unknown or cancelled", f.status)
		}
	}
	rows, err := st.Outbox(ctx, filter)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tWHEN\tSTATUS\tCUSTOMER\tTO\tSTEP\tINVOICES\tANSWER")
	for _, m := range rows {
		at := m.UpdatedAt
		if !m.SentAt.IsZero() {
			at = m.SentAt
		}
		var nums []string
		for _, it := range m.Items {
			nums = append(nums, it.Number)
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", m.ID, when(at), m.Status, m.CustomerCode, m.Recipient, m.Step,
			strings.Join(nums, ","), oneLine(m.Response))
	}
	return tw.Flush()
}

func remindResolve(ctx context.Context, e *env, st *ledger.Store, f remindFlags, args []string) error {
	if len(args) != 1 {
		return usagef("remind resolve needs one message ID (see paidup remind log)")
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(args[0], "#"), 10, 64)
	if err != nil {
		return usagef("message ID %q is not a number", args[0])
	}
	var to ledger.OutboxStatus
	n := 0
	if f.sent {
		to, n = ledger.OutboxSent, n+1
	}
	if f.retry {
		to, n = ledger.OutboxPending, n+1
	}
	if f.cancel {
		to, n = ledger.OutboxCancelled, n+1
	}
	if n != 1 {
		return usagef("say one of --sent (it arrived), --retry (send it again) or --cancel (never send it)")
	}
	if f.to != "" {
		if !f.retry {
			return usagef("--to goes with --retry")
		}
		a, err := mail.ParseAddress(f.to)
		if err != nil || a.Name != "" {
			return usagef("--to %q is not an email address", f.to)
		}
		f.to = a.Address // "<ap@x.example>" is stored as ap@x.example, as the window stores it
	}
	note := f.note
	if note == "" {
		note = map[ledger.OutboxStatus]string{ledger.OutboxSent: "marked sent by the user",
			ledger.OutboxPending: "to be sent again, said the user", ledger.OutboxCancelled: "cancelled by the user"}[to]
	}
	if err := st.ResolveOutbox(ctx, id, to, note, f.to); err != nil {
		return err
	}
	switch to {
	case ledger.OutboxPending:
		fmt.Fprintf(e.stdout, "message %d will be sent again by the next 'paidup remind --send' (same Message-ID)\n", id)
	default:
		fmt.Fprintf(e.stdout, "message %d is %s\n", id, to)
	}
	return nil
}

func remindCustomer(ctx context.Context, e *env, st *ledger.Store, f remindFlags, set map[string]bool, args []string) error {
	if len(args) != 1 {
		return usagef("remind customer needs one customer CODE")
	}
	code := args[0]
	c, err := st.CustomerByCode(ctx, code)
	if err != nil {
		return err
	}
	r, err := st.CustomerReminders(ctx, code)
	if err != nil {
		return err
	}
	if f.on && f.off {
		return usagef("--on and --off exclude each other")
	}
	if set["email"] || set["on"] || set["off"] || set["policy"] {
		if set["email"] {
			r.Email = f.email
		}
		if f.on || f.off {
			r.Off = f.off
		}
		if set["policy"] {
			r.Policy = f.policy
		}
		if err := st.SetCustomerReminders(ctx, code, r); err != nil {
			return err
		}
		if r, err = st.CustomerReminders(ctx, code); err != nil {
			return err
		}
	}
	state, to, policy := "on", c.Email, "default"
	if r.Off {
		state = "off"
	}
	if r.Email != "" {
		to = r.Email + " (their own reminder address)"
	}
	if to == "" {
		to = "(no email address: set one with --email)"
	}
	if r.Policy != "" {
		policy = r.Policy
	}
	fmt.Fprintf(e.stdout, "%s %s\n  reminders: %s\n  to:        %s\n  policy:    %s\n", c.Code, c.Name, state, to, policy)
	return nil
}

func remindPolicy(ctx context.Context, e *env, st *ledger.Store, args []string) error {
	if len(args) == 0 {
		return usagef("remind policy needs list, show [NAME], set NAME FILE or remove NAME")
	}
	stored, err := st.ReminderPolicies(ctx)
	if err != nil {
		return err
	}
	switch {
	case args[0] == "list" && len(args) == 1:
		if _, ok := stored["default"]; !ok {
			fmt.Fprintln(e.stdout, "default (built in)")
		}
		var names []string
		for n := range stored {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintln(e.stdout, n)
		}
		return nil
	case args[0] == "show" && len(args) <= 2:
		name := "default"
		if len(args) == 2 {
			name = args[1]
		}
		p := reminders.DefaultPolicy()
		if js, ok := stored[name]; ok {
			if p, err = reminders.ParsePolicy([]byte(js)); err != nil {
				return err
			}
		} else if name != "default" {
			return ledger.Errorf(ledger.ENOTFOUND, "no reminder policy named %q (paidup remind policy list)", name)
		}
		js, err := p.JSON()
		if err != nil {
			return err
		}
		_, err = e.stdout.Write(js)
		return err
	case args[0] == "set" && len(args) == 3:
		var data []byte
		if args[2] == "-" {
			data, err = io.ReadAll(stdin)
		} else {
			data, err = os.ReadFile(args[2])
		}
		if err != nil {
			return fmt.Errorf("read policy: %w", err)
		}
		p, err := reminders.ParsePolicy(data)
		if err != nil {
			return err
		}
		if err := st.SetReminderPolicy(ctx, args[1], string(data)); err != nil {
			return err
		}
		var steps []string
		for _, s := range p.Steps {
			steps = append(steps, fmt.Sprintf("%s %+d", s.Name, s.Offset))
		}
		fmt.Fprintf(e.stdout, "policy %s stored: %s\n", args[1], strings.Join(steps, ", "))
		return nil
	case args[0] == "remove" && len(args) == 2:
		if err := st.DeleteReminderPolicy(ctx, args[1]); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "policy %s removed\n", args[1])
		return nil
	}
	return usagef("remind policy needs list, show [NAME], set NAME FILE or remove NAME")
}

// setSMTPPassword is `paidup settings smtp-password`: one line from in,
// into the OS keyring for smtp.username at smtp.host.
func setSMTPPassword(ctx context.Context, e *env, in io.Reader) error {
	st, err := e.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	cfg, err := reminders.LoadConfig(ctx, st)
	if err != nil {
		return err
	}
	if f, ok := in.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			fmt.Fprintf(e.stderr, "Password for %s at %s (one line; it shows as you type): ", cfg.SMTP.Username, cfg.SMTP.Host)
		}
	}
	if err := reminders.SetPassword(cfg.SMTP, in); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "the password for %s at %s is in the OS keyring\n", cfg.SMTP.Username, cfg.SMTP.Host)
	return nil
}
