package ui

import (
	"context"
	"fmt"
	"net/mail"
	"sort"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
	"paidup/reminders"
)

// logLimit is how many outbox messages the log shows, newest first.
const logLimit = 200

// logAll is the log's status choice for every status.
const logAll = "every status"

// remindersScreen shows what reminders are due (a dry run, with each
// email as it would go out), sends them, and keeps the outbox's log, the
// messages whose fate is unknown, a test email and the policy.
type remindersScreen struct {
	*app
	plan *reminders.Plan // the last preview

	asOf    *widget.Entry
	problem *widget.Label
	summary *widget.Label
	emails  *widget.List
	send    *widget.Button

	// The email selected, as it would go out.
	customer, subject, attach *widget.Label
	body                      *widget.Label
	held                      *widget.Label

	log       *widget.Label
	logCust   *widget.Entry  // the log of one customer, by code
	logStatus *widget.Select // the log of one status
	review    *fyne.Container
	pending   []ledger.OutboxMessage // needing review, as shown

	policyName *widget.Select
	policy     *widget.Entry
	policyMsg  *widget.Label
	delPolicy  *widget.Button // off for the default policy

	tabs *container.AppTabs
}

func newRemindersScreen(a *app) *remindersScreen {
	s := &remindersScreen{app: a, asOf: dateEntry(a.today()), problem: fieldError(), summary: widget.NewLabel(""),
		customer: widget.NewLabel(""), subject: heading(""), attach: widget.NewLabel(""), body: widget.NewLabel(""),
		held: widget.NewLabel(""), log: widget.NewLabel(""), review: container.NewVBox(), policy: widget.NewMultiLineEntry(),
		policyMsg: widget.NewLabel("")}
	s.asOf.OnSubmitted = func(string) { s.onPreview() }
	s.body.TextStyle.Monospace = true
	s.body.Wrapping = fyne.TextWrapWord
	s.subject.Wrapping = fyne.TextWrapWord
	s.customer.Wrapping = fyne.TextWrapWord
	s.attach.Wrapping = fyne.TextWrapWord
	s.held.Wrapping = fyne.TextWrapWord
	s.log.TextStyle.Monospace = true
	s.logCust = widget.NewEntry()
	s.logCust.SetPlaceHolder("Customer code (all)")
	s.logCust.OnSubmitted = func(string) { s.loadLog() }
	statuses := []string{logAll}
	for _, st := range []ledger.OutboxStatus{ledger.OutboxPending, ledger.OutboxSending, ledger.OutboxSent,
		ledger.OutboxFailed, ledger.OutboxUnknown, ledger.OutboxCancelled} {
		statuses = append(statuses, string(st))
	}
	s.logStatus = widget.NewSelect(statuses, func(string) { s.loadLog() })
	s.logStatus.Selected = logAll
	s.policy.TextStyle.Monospace = true
	s.policy.SetMinRowsVisible(16)
	s.policyMsg.Wrapping = fyne.TextWrapWord
	s.emails = widget.NewList(
		func() int {
			if s.plan == nil {
				return 0
			}
			return len(s.plan.Emails)
		},
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			e := s.plan.Emails[i]
			o.(*widget.Label).SetText(fmt.Sprintf("%s  %s — %s, %d invoice(s)", e.CustomerCode, truncate(e.CustomerName, 30), e.Step, len(e.Items)))
		})
	s.emails.OnSelected = func(i widget.ListItemID) { s.showEmail(i) }
	s.send = widget.NewButtonWithIcon("Send…", theme.MailSendIcon(), s.onSend)
	s.send.Importance = widget.HighImportance
	s.send.Disable()
	s.policyName = widget.NewSelect([]string{"default"}, func(string) { s.loadPolicy() })
	s.delPolicy = widget.NewButtonWithIcon("Delete policy", theme.DeleteIcon(), s.onDeletePolicy)
	s.delPolicy.Disable()
	return s
}

func (s *remindersScreen) content() fyne.CanvasObject {
	bar := container.NewHBox(widget.NewLabel("As of"), container.NewGridWrap(fyne.NewSize(130, s.asOf.MinSize().Height), s.asOf),
		widget.NewButtonWithIcon("Preview", theme.ViewRefreshIcon(), s.onPreview), s.send,
		layout.NewSpacer(), widget.NewButtonWithIcon("Send test email…", theme.MailComposeIcon(), s.onTest))
	email := container.NewVBox(s.customer, s.subject, s.attach, widget.NewSeparator(), s.body)
	split := container.NewHSplit(s.emails, container.NewVScroll(email))
	split.Offset = 0.38
	due := container.NewBorder(container.NewVBox(s.summary), s.held, nil, nil, split)

	logTab := container.NewBorder(container.NewHBox(widget.NewLabel(fmt.Sprintf("The last %d messages, newest first.", logLimit)),
		layout.NewSpacer(), container.NewGridWrap(fyne.NewSize(200, s.logCust.MinSize().Height), s.logCust), s.logStatus,
		widget.NewButtonWithIcon("Reload", theme.ViewRefreshIcon(), s.loadLog)), nil, nil, nil, container.NewScroll(s.log))
	reviewIntro := widget.NewLabel("These messages may or may not have reached the customer: the connection broke, or a run stopped, " +
		"before the server answered. They are never sent again until you say so. Check your sent mail or ask the customer.")
	reviewIntro.Wrapping = fyne.TextWrapWord
	reviewTab := container.NewBorder(reviewIntro, nil, nil, nil, container.NewVScroll(s.review))

	check := widget.NewButtonWithIcon("Check", theme.ConfirmIcon(), func() { s.checkPolicy() })
	save := widget.NewButtonWithIcon("Save policy", theme.DocumentSaveIcon(), s.onSavePolicy)
	policyHelp := widget.NewLabel("The steps, relative to the due date, with their subject and body templates (JSON). " +
		"Customers use the default policy unless one is named for them (Customers, open one, Reminders).")
	policyHelp.Wrapping = fyne.TextWrapWord
	newPolicy := widget.NewButtonWithIcon("New policy…", theme.ContentAddIcon(), s.onNewPolicy)
	policyTab := container.NewBorder(container.NewVBox(policyHelp, container.NewHBox(widget.NewLabel("Policy"), s.policyName, check, save,
		layout.NewSpacer(), newPolicy, s.delPolicy)),
		s.policyMsg, nil, nil, s.policy)

	s.tabs = container.NewAppTabs(
		container.NewTabItem("Due", container.NewBorder(container.NewVBox(bar, s.problem), nil, nil, nil, due)),
		container.NewTabItem("Log", logTab),
		container.NewTabItem("Needs review", reviewTab),
		container.NewTabItem("Policy", policyTab))
	s.tabs.OnSelected = func(t *container.TabItem) {
		switch t.Text {
		case "Log":
			s.loadLog()
		case "Policy":
			s.loadPolicies("")
		}
	}
	return s.tabs
}

func (s *remindersScreen) start()   { s.onPreview(); s.loadReview() }
func (s *remindersScreen) refresh() { s.onPreview(); s.loadReview() }
func (s *remindersScreen) close()   {}

// onPreview plans a run as of the date given, writing nothing.
func (s *remindersScreen) onPreview() {
	asOf, err := parseDateField(s.asOf.Text, s.today())
	if err != nil {
		setFieldError(s.problem, "As of: "+err.Error())
		return
	}
	setFieldError(s.problem, "")
	s.summary.SetText("Planning…")
	run(s.app, s.base, "Could not plan the reminders", func(ctx context.Context) (*reminders.Plan, error) {
		return s.docs.PreviewReminders(ctx, asOf)
	}, s.showPlan)
}

func (s *remindersScreen) showPlan(p *reminders.Plan) {
	s.plan = p
	customers := map[string]bool{}
	for _, e := range p.Emails {
		customers[e.CustomerCode] = true
	}
	s.summary.SetText(fmt.Sprintf("As of %s: %d email(s) to %d customer(s) about %d invoice(s). Nothing is sent until you press Send.",
		fmtDate(p.AsOf), len(p.Emails), len(customers), p.Invoices()))
	var b strings.Builder
	if len(p.Skipped) > 0 {
		b.WriteString("Held back:\n")
		for i, k := range p.Skipped {
			if i == 20 {
				fmt.Fprintf(&b, "… and %d more\n", len(p.Skipped)-20)
				break
			}
			what := k.Number
			if what == "" {
				what = fmt.Sprintf("%d invoice(s)", k.Count)
			}
			fmt.Fprintf(&b, "  %s %s: %s\n", k.CustomerCode, what, k.Reason)
		}
	}
	s.held.SetText(strings.TrimRight(b.String(), "\n"))
	setEnabled(s.send, len(p.Emails) > 0)
	s.emails.UnselectAll()
	s.emails.Refresh()
	if len(p.Emails) > 0 {
		s.emails.Select(0)
	} else {
		s.customer.SetText("Nothing is due for a reminder.")
		s.subject.SetText("")
		s.attach.SetText("")
		s.body.SetText("")
	}
}

// showEmail shows a planned email as it would go out.
func (s *remindersScreen) showEmail(i int) {
	if s.plan == nil || i < 0 || i >= len(s.plan.Emails) {
		return
	}
	e := s.plan.Emails[i]
	to := e.Recipient
	if to == "" {
		to = "(no email address)"
	}
	s.customer.SetText(fmt.Sprintf("To %s — %s %s, step %s", to, e.CustomerCode, e.CustomerName, e.Step))
	s.subject.SetText(e.Subject)
	s.attach.SetText("Attached: " + strings.Join(attachmentNames(e), ", "))
	s.body.SetText(e.Text)
}

// attachmentNames lists the PDFs an email carries, as reminders names them.
func attachmentNames(e reminders.Email) []string {
	var out []string
	if len(e.Items) <= reminders.MaxInvoicePDFs {
		for _, it := range e.Items {
			out = append(out, "Invoice "+it.Number+".pdf")
		}
	}
	if e.Statement || len(e.Items) > reminders.MaxInvoicePDFs {
		out = append(out, "the open-item statement (PDF)")
	}
	if len(out) == 0 {
		return []string{"nothing"}
	}
	return out
}

// onSend asks, then writes the outbox and sends, with progress.
func (s *remindersScreen) onSend() {
	if s.plan == nil || len(s.plan.Emails) == 0 {
		return
	}
	asOf := s.plan.AsOf
	msg := fmt.Sprintf("Send %d reminder email(s) as of %s now? Each is written to the outbox first, and every message already waiting is sent too.",
		len(s.plan.Emails), fmtDate(asOf))
	dialog.ShowConfirm("Send reminders", msg, func(ok bool) {
		if ok {
			s.sendAll()
		}
	}, s.win)
}

// sendAll sends as a cancellable task and then shows each message's fate.
func (s *remindersScreen) sendAll() {
	asOf := s.plan.AsOf
	var rep *reminders.Report
	s.task("Sending reminders", func(ctx context.Context, progress func(string)) error {
		progress("Writing the outbox…")
		_, r, err := s.docs.SendReminders(ctx, asOf, func(done, total int) {
			progress(fmt.Sprintf("Sent %d of %d", done, total))
		})
		rep = r
		return err
	}, func() {
		s.showReport(rep)
		s.onPreview()
		s.loadReview()
		s.loadLog()
	})
}

// reportText is one line per message of a send, then the counts.
func reportText(rep *reminders.Report) string {
	var b strings.Builder
	for _, o := range rep.Outcomes {
		status := map[ledger.OutboxStatus]string{ledger.OutboxPending: "deferred", ledger.OutboxCancelled: "held back"}[o.Status]
		if status == "" {
			status = string(o.Status)
		}
		fmt.Fprintf(&b, "%-9s #%d %s <%s> %s\n", status, o.ID, o.Customer, o.To, strings.Join(strings.Fields(o.Response), " "))
	}
	fmt.Fprintf(&b, "\n%d sent, %d failed, %d deferred (pending for the next run), %d unknown.", rep.Sent, rep.Failed, rep.Deferred, rep.Unknown)
	if rep.Held > 0 {
		fmt.Fprintf(&b, "\n%d planned earlier and held back: paid, voided or disputed since, or reminders off.", rep.Held)
	}
	if rep.Stopped != nil {
		fmt.Fprintf(&b, "\nThe run stopped early, %d message(s) left for the next run: %s", rep.Left, userMessage(rep.Stopped))
	}
	if rep.Unknown > 0 {
		b.WriteString("\nMessages whose fate is unknown wait under Needs review.")
	}
	return b.String()
}

func (s *remindersScreen) showReport(rep *reminders.Report) {
	if rep == nil {
		return
	}
	l := widget.NewLabel(reportText(rep))
	l.TextStyle.Monospace = true
	d := dialog.NewCustom("Reminders sent", "Close", container.NewVScroll(l), s.win)
	d.Resize(fyne.NewSize(760, 480))
	d.Show()
}

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

// loadReview lists the messages whose fate nobody knows.
func (s *remindersScreen) loadReview() {
	run(s.app, s.base, "Could not read the outbox", func(ctx context.Context) ([]ledger.OutboxMessage, error) {
		return s.l.Outbox(ctx, ledger.OutboxFilter{Status: []ledger.OutboxStatus{ledger.OutboxSending, ledger.OutboxUnknown}})
	}, s.showReview)
}

func (s *remindersScreen) showReview(rows []ledger.OutboxMessage) {
	s.pending = rows
	s.review.Objects = nil
	if len(rows) == 0 {
		s.review.Add(widget.NewLabel("Nothing needs review."))
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

// askDialog asks for one line of text and says what is wrong with it under
// the field, staying open until it is right or cancelled.
type askDialog struct {
	entry   *widget.Entry
	problem *widget.Label
	ok      *widget.Button
	dlg     dialog.Dialog
}

// ask shows an askDialog; submit gets the text trimmed and hides the
// dialog itself once the text is accepted.
func (s *remindersScreen) ask(title, intro, label, placeholder, act string, submit func(string, *askDialog)) {
	q := &askDialog{entry: widget.NewEntry(), problem: fieldError()}
	q.entry.SetPlaceHolder(placeholder)
	q.ok = widget.NewButton(act, func() { submit(strings.TrimSpace(q.entry.Text), q) })
	q.ok.Importance = widget.HighImportance
	q.entry.OnSubmitted = func(string) { q.ok.OnTapped() }
	l := widget.NewLabel(intro)
	l.Wrapping = fyne.TextWrapWord
	q.dlg = dialog.NewCustomWithoutButtons(title, container.NewVBox(l, widget.NewForm(widget.NewFormItem(label, q.entry)), q.problem,
		container.NewHBox(layout.NewSpacer(), widget.NewButton("Cancel", func() { q.dlg.Hide() }), q.ok)), s.win)
	q.dlg.Resize(fyne.NewSize(480, 240))
	q.dlg.Show()
}

// onTest sends a test message to an address the user gives.
func (s *remindersScreen) onTest() {
	s.ask("Send a test email", "Sends a short message through the SMTP settings (Settings, Email).", "To", "you@example.com", "Send",
		func(text string, q *askDialog) {
			addr, ok := oneAddress(text)
			if !ok {
				setFieldError(q.problem, "Give one email address, such as you@example.com.")
				return
			}
			q.dlg.Hide()
			s.sendTest(addr, func(resp string) {
				dialog.ShowInformation("Test email", fmt.Sprintf("Sent to %s.\nThe server answered: %s", addr, resp), s.win)
			})
		})
}

func (s *remindersScreen) sendTest(addr string, done func(string)) {
	s.task("Sending a test email", func(ctx context.Context, progress func(string)) error {
		progress("Connecting to the mail server…")
		resp, err := s.docs.TestEmail(ctx, addr)
		if err == nil {
			s.env.do(func() { done(resp) })
		}
		return err
	}, func() {})
}

// loadPolicies lists the stored policy names and shows the one named, or
// for "" the one chosen, or the default when that one is gone.
func (s *remindersScreen) loadPolicies(name string) {
	run(s.app, s.base, "Could not read the reminder policies", func(ctx context.Context) (map[string]string, error) {
		return s.l.ReminderPolicies(ctx)
	}, func(stored map[string]string) {
		names := []string{"default"}
		for n := range stored {
			if n != "default" {
				names = append(names, n)
			}
		}
		sort.Strings(names[1:])
		if name == "" {
			name = s.policyName.Selected
		}
		if _, ok := stored[name]; !ok {
			name = "default"
		}
		// Set directly, not with SetSelected: its OnChanged would read
		// the policies again only to show what is at hand.
		s.policyName.Options, s.policyName.Selected = names, name
		s.policyName.Refresh()
		s.showPolicy(stored)
	})
}

// loadPolicy shows the chosen policy: stored, or the built-in default.
func (s *remindersScreen) loadPolicy() {
	run(s.app, s.base, "Could not read the reminder policies", func(ctx context.Context) (map[string]string, error) {
		return s.l.ReminderPolicies(ctx)
	}, s.showPolicy)
}

func (s *remindersScreen) showPolicy(stored map[string]string) {
	name := s.policyName.Selected
	setEnabled(s.delPolicy, name != "default")
	if js, ok := stored[name]; ok {
		s.policy.SetText(js)
		s.policyMsg.SetText(fmt.Sprintf("Policy %s as stored in the ledger.", name))
		return
	}
	js, err := reminders.DefaultPolicy().JSON()
	if err != nil {
		s.showError("Could not show the built-in policy", err)
		return
	}
	s.policy.SetText(string(js))
	s.policyMsg.SetText("The built-in policy: saving it stores your own copy as the default.")
}

// checkPolicy validates the JSON shown and says what is wrong with it.
func (s *remindersScreen) checkPolicy() bool {
	p, err := reminders.ParsePolicy([]byte(s.policy.Text))
	if err != nil {
		s.policyMsg.Importance = widget.DangerImportance
		s.policyMsg.SetText(policyError(err))
		return false
	}
	steps := make([]string, 0, len(p.Steps))
	for _, st := range p.Steps {
		steps = append(steps, fmt.Sprintf("%s %+d", st.Name, st.Offset))
	}
	s.policyMsg.Importance = widget.MediumImportance
	s.policyMsg.SetText("The policy is valid: " + strings.Join(steps, ", ") + ".")
	return true
}

// policyError is what is wrong with a policy: its parser's messages are
// meant for the user, whatever their type.
func policyError(err error) string {
	if m := userMessage(err); m != "The details are in the log." {
		return m
	}
	return err.Error()
}

func (s *remindersScreen) onSavePolicy() {
	if !s.checkPolicy() {
		return
	}
	name, js := s.policyName.Selected, s.policy.Text
	run(s.app, s.base, "Could not store the policy", func(ctx context.Context) (struct{}, error) {
		return struct{}{}, s.l.SetReminderPolicy(ctx, name, js)
	}, func(struct{}) {
		s.policyMsg.SetText(fmt.Sprintf("Policy %s stored. %s", name, s.policyMsg.Text))
		s.onPreview()
	})
}

// onNewPolicy asks for a name and stores the policy shown under it, so a
// new policy starts from one that works rather than from nothing.
func (s *remindersScreen) onNewPolicy() {
	js := s.policy.Text
	if strings.TrimSpace(js) == "" { // the tab has not loaded yet
		b, err := reminders.DefaultPolicy().JSON()
		if err != nil {
			s.showError("Could not copy the built-in policy", err)
			return
		}
		js = string(b)
	} else if !s.checkPolicy() {
		return // checkPolicy says what is wrong with it
	}
	intro := fmt.Sprintf("The new policy starts as a copy of the policy shown (%s). "+
		"Name it with 1 to 32 lower-case letters, digits, '-' or '_'.", s.policyName.Selected)
	s.ask("New reminder policy", intro, "Name", "e.g. firm", "Create", func(name string, q *askDialog) {
		s.createPolicy(name, js, q)
	})
}

// createPolicy stores a policy under a name not in use; the ledger judges
// the name, and its refusal shows under the field.
func (s *remindersScreen) createPolicy(name, js string, q *askDialog) {
	refuse := func(msg string) (struct{}, error) {
		s.env.do(func() { setFieldError(q.problem, msg) })
		return struct{}{}, errHandled
	}
	run(s.app, s.base, "Could not create the policy", func(ctx context.Context) (struct{}, error) {
		stored, err := s.l.ReminderPolicies(ctx)
		if err != nil {
			return struct{}{}, err
		}
		// SetReminderPolicy replaces a policy of the same name: "New" must not.
		if _, ok := stored[name]; ok || name == "default" {
			return refuse(fmt.Sprintf("A policy named %s exists already: choose another name.", name))
		}
		err = s.l.SetReminderPolicy(ctx, name, js)
		if ledger.ErrorCode(err) == ledger.EINVALID {
			return refuse(userMessage(err))
		}
		return struct{}{}, err
	}, func(struct{}) {
		q.dlg.Hide()
		s.loadPolicies(name)
	})
}

// onDeletePolicy removes the named policy shown, once the user agrees.
// The default is never removed here: it is what customers fall back to.
func (s *remindersScreen) onDeletePolicy() {
	name := s.policyName.Selected
	if name == "" || name == "default" {
		return
	}
	d := dialog.NewConfirm("Delete policy", fmt.Sprintf("Delete the reminder policy %s? "+
		"Reminders already written to the outbox are not changed.", name), func(ok bool) {
		if ok {
			s.deletePolicy(name)
		}
	}, s.win)
	d.SetConfirmText("Delete")
	d.SetDismissText("Cancel")
	d.SetConfirmImportance(widget.DangerImportance)
	d.Show()
}

// deletePolicy removes a policy; the ledger refuses one customers use.
func (s *remindersScreen) deletePolicy(name string) {
	run(s.app, s.base, "Could not delete the policy "+name, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, s.l.DeleteReminderPolicy(ctx, name)
	}, func(struct{}) { s.loadPolicies("default") })
}

// when prints a time of the outbox in local time, to the minute.
func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04")
}
