package ui

import (
	"context"
	"fmt"
	"net/mail"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/ledger"
)

// The Log and Needs review tabs of the reminders screen: what became of
// the messages, and the user's word on those of unknown fate.

// loadLog reads the outbox, newest first.
func (s *remindersScreen) loadLog() {
	f := ledger.OutboxFilter{Limit: logLimit, Newest: true, Customer: strings.TrimSpace(s.logCust.Text)}
	if st := s.logStatus.Selected; st != logAll && st != "" {
		f.Status = []ledger.OutboxStatus{ledger.OutboxStatus(st)}
	}
	run(s.app, s.base, "Could not read the outbox", func(ctx context.Context) ([]ledger.OutboxMessage, error) {
		return s.l.Outbox(ctx, f)
	}, func(rows []ledger.OutboxMessage) { s.log.SetText(logText(rows, f.Customer != "" || len(f.Status) > 0)) })
}

func logText(rows []ledger.OutboxMessage, filtered bool) string {
	switch {
	case len(rows) == 0 && filtered:
		return "No message of this customer or status."
	case len(rows) == 0:
		return "No reminder has been written to the outbox yet."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%-6s %-16s %-9s %-10s %-28s %-8s %s\n", "ID", "WHEN", "STATUS", "CUSTOMER", "TO", "STEP", "INVOICES · ANSWER")
	for _, m := range rows {
		at := m.UpdatedAt
		if !m.SentAt.IsZero() {
			at = m.SentAt
		}
		nums := make([]string, 0, len(m.Items))
		for _, it := range m.Items {
			nums = append(nums, it.Number)
		}
		fmt.Fprintf(&b, "%-6d %-16s %-9s %-10s %-28s %-8s %s · %s\n", m.ID, when(at), m.Status, truncate(m.CustomerCode, 10),
			truncate(m.Recipient, 28), m.Step, truncate(strings.Join(nums, ","), 40), truncate(strings.Join(strings.Fields(m.Response), " "), 60))
	}
	return b.String()
}

// loadReview lists the messages whose fate nobody knows, and those
// another run (another desk) is sending right now.
func (s *remindersScreen) loadReview() {
	run(s.app, s.base, "Could not read the outbox", func(ctx context.Context) ([]paidapp.Unsettled, error) {
		return s.l.UnsettledMessages(ctx)
	}, s.showReview)
}

func (s *remindersScreen) showReview(all []paidapp.Unsettled) {
	var rows []ledger.OutboxMessage
	s.review.Objects = nil
	for _, u := range all {
		if u.InFlight {
			m := u.OutboxMessage
			l := widget.NewLabel(fmt.Sprintf("#%d %s to %s, %q\n%s", m.ID, m.CustomerCode, m.Recipient, m.Subject, u.Who))
			l.Wrapping = fyne.TextWrapWord
			s.review.Add(container.NewVBox(l, widget.NewSeparator()))
			continue
		}
		rows = append(rows, u.OutboxMessage)
	}
	s.pending = rows
	if len(rows) == 0 {
		s.review.Objects = append([]fyne.CanvasObject{widget.NewLabel("Nothing needs review.")}, s.review.Objects...)
	}
	for _, m := range rows {
		why := "the run sending it stopped (crash or kill) before the server answered"
		if m.Status == ledger.OutboxUnknown {
			why = "the connection broke before the server answered: " + strings.Join(strings.Fields(m.Response), " ")
		}
		l := widget.NewLabel(fmt.Sprintf("#%d %s to %s, %q, %s\n%s", m.ID, m.CustomerCode, m.Recipient, m.Subject, when(m.UpdatedAt), why))
		l.Wrapping = fyne.TextWrapWord
		id := m.ID
		s.review.Add(container.NewVBox(l, container.NewHBox(
			widget.NewButton("It arrived", func() { s.resolve(id, ledger.OutboxSent, "") }),
			widget.NewButton("Send again", func() { s.resolve(id, ledger.OutboxPending, "") }),
			widget.NewButton("Send to another address…", func() { s.onSendElsewhere(m) }),
			widget.NewButton("Never send", func() { s.resolve(id, ledger.OutboxCancelled, "") })), widget.NewSeparator()))
	}
	s.review.Refresh()
	if s.tabs != nil {
		s.tabs.Items[2].Text = fmt.Sprintf("Needs review (%d)", len(rows))
		if len(rows) == 0 {
			s.tabs.Items[2].Text = "Needs review"
		}
		s.tabs.Refresh()
	}
}

// resolve records the user's word on a message of unknown fate; a
// recipient other than "" replaces the address of a message sent again.
// The notes are the command line's, so the log reads the same either way.
func (s *remindersScreen) resolve(id int64, to ledger.OutboxStatus, recipient string) {
	note := map[ledger.OutboxStatus]string{ledger.OutboxSent: "marked sent by the user",
		ledger.OutboxPending: "to be sent again, said the user", ledger.OutboxCancelled: "cancelled by the user"}[to]
	run(s.app, s.base, fmt.Sprintf("Could not mark message %d", id), func(ctx context.Context) (struct{}, error) {
		return struct{}{}, s.l.ResolveOutbox(ctx, id, to, note, recipient)
	}, func(struct{}) { s.loadReview(); s.loadLog() })
}

// onSendElsewhere sends a message of unknown fate again, to an address the
// user gives, as `paidup remind resolve ID --retry --to ADDR` does.
func (s *remindersScreen) onSendElsewhere(m ledger.OutboxMessage) {
	intro := fmt.Sprintf("Message #%d to %s goes out again, unchanged and with the same Message-ID, to the address you give, "+
		"with the next send.", m.ID, m.Recipient)
	s.ask("Send #"+strconv.FormatInt(m.ID, 10)+" to another address", intro, "To", "ap@customer.example", "Send again",
		func(text string, q *askDialog) {
			addr, ok := oneAddress(text)
			if !ok {
				setFieldError(q.problem, "Give one email address, such as ap@customer.example.")
				return
			}
			q.dlg.Hide()
			s.resolve(m.ID, ledger.OutboxPending, addr)
		})
}

// oneAddress reads a single bare email address, which is what the command
// line accepts for --to and --test: a display name would go unused.
func oneAddress(text string) (string, bool) {
	a, err := mail.ParseAddress(strings.TrimSpace(text))
	if err != nil || a.Name != "" {
		return "", false
	}
	return a.Address, true
}
