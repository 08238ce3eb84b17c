package cli

import (
	"context"
	"fmt"
	"io"
	"net/mail"
	"os"
	"sort"
	"strconv"
	"strings"

	"paidup/app"

	"paidup/internal/textwidth"
	"paidup/ledger"
	"paidup/reminders"
)

// The reminder subcommands that look after the outbox and the settings:
// log, resolve, customer, policy, and the SMTP password.

func remindLog(ctx context.Context, e *env, st *app.App, f remindFlags) error {
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
	tw := textwidth.NewTabWriter(e.stdout, 2, false)
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

func remindResolve(ctx context.Context, e *env, st *app.App, f remindFlags, args []string) error {
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

func remindCustomer(ctx context.Context, e *env, st *app.App, f remindFlags, set map[string]bool, args []string) error {
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

func remindPolicy(ctx context.Context, e *env, st *app.App, args []string) error {
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
			data, err = io.ReadAll(e.stdin)
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
	cfg, err := reminders.LoadConfig(ctx, st.Store)
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
