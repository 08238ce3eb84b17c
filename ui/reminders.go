package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/ledger"
	"paidup/reminders"
)

// logLimit is how many outbox messages the log shows, newest first.
const logLimit = 200

// logAll is the log's status choice for every status.
const logAll = "every status"

// remindersLedger is what the Reminders screen reads and does: plan and
// send the run, keep the outbox and the policies.
type remindersLedger interface {
	PreviewReminders(ctx context.Context, asOf time.Time) (*reminders.Plan, error)
	SendReminders(ctx context.Context, asOf time.Time, progress func(done, total int)) (*reminders.Plan, *reminders.Report, error)
	TestEmail(ctx context.Context, addr string) (string, error)
	Outbox(ctx context.Context, f ledger.OutboxFilter) ([]ledger.OutboxMessage, error)
	ResolveOutbox(ctx context.Context, id int64, to ledger.OutboxStatus, note, recipient string) error
	UnsettledMessages(ctx context.Context) ([]paidapp.Unsettled, error)
	ReminderPolicies(ctx context.Context) (map[string]string, error)
	SetReminderPolicy(ctx context.Context, name, policy string) error
	DeleteReminderPolicy(ctx context.Context, name string) error
	// CountCustomers tells a large ledger, whose preview (every email
	// written out) waits to be asked for.
	CountCustomers(ctx context.Context, search string) (int, error)
	policyEditorLedger // the Policy tab's step editor
}

// remindersScreen shows what reminders are due (a dry run, with each
// email as it would go out), sends them, and keeps the outbox's log, the
// messages whose fate is unknown, a test email and the policy.
type remindersScreen struct {
	*app
	l    remindersLedger
	plan *reminders.Plan // the last preview

	asOf      *widget.Entry
	asOfToday todayDefault // keeps As of on today until the user picks a date
	problem   *widget.Label
	summary   *widget.Label
	emails    *widget.List
	send      *widget.Button

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
	editor     *policyEditor  // the policy's steps, without JSON

	tabs        *container.AppTabs
	policyViews *container.AppTabs // Steps, JSON (advanced)

	// auto: the ledger is small enough (autoAgingCustomers) to preview
	// unasked when the screen opens or is shown again; on the UI
	// goroutine only.
	auto bool
}

func newRemindersScreen(a *app, l remindersLedger) *remindersScreen {
	s := &remindersScreen{app: a, l: l, asOf: a.dateEntry(time.Time{}), problem: fieldError(), summary: widget.NewLabel(""),
		customer: widget.NewLabel(""), subject: heading(""), attach: widget.NewLabel(""), body: widget.NewLabel(""),
		held: widget.NewLabel(""), log: widget.NewLabel(""), review: container.NewVBox(), policy: widget.NewMultiLineEntry(),
		policyMsg: widget.NewLabel("")}
	s.asOfToday = todayDefault{e: s.asOf}
	s.asOfToday.reset(a.today())
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
	s.policyName = widget.NewSelect([]string{"default"}, s.onPolicyChosen)
	s.delPolicy = widget.NewButtonWithIcon("Delete policy", theme.DeleteIcon(), s.onDeletePolicy)
	s.delPolicy.Disable()
	s.editor = newPolicyEditor(s, l)
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
	save := widget.NewButtonWithIcon("Save JSON", theme.DocumentSaveIcon(), s.onSavePolicy)
	policyHelp := widget.NewLabel("Each step is an email sent a number of days before or after an invoice's due date. " +
		"Customers follow the default policy unless one is named for them (Customers, open one, Reminders).")
	policyHelp.Wrapping = fyne.TextWrapWord
	newPolicy := widget.NewButtonWithIcon("New policy…", theme.ContentAddIcon(), s.onNewPolicy)
	jsonHelp := widget.NewLabel("The policy as JSON, for copying between ledgers and for what the steps view does not edit " +
		"(the HTML versions, the broken-promise reminder). Save JSON stores it as shown.")
	jsonHelp.Wrapping = fyne.TextWrapWord
	jsonTab := container.NewBorder(container.NewVBox(jsonHelp, container.NewHBox(check, save, layout.NewSpacer(),
		widget.NewButtonWithIcon("Import…", theme.FolderOpenIcon(), s.onImportPolicy),
		widget.NewButtonWithIcon("Export…", theme.DownloadIcon(), s.onExportPolicy))), s.policyMsg, nil, nil, s.policy)
	s.policyViews = container.NewAppTabs(
		container.NewTabItem("Steps", s.editor.content()),
		container.NewTabItem("JSON (advanced)", jsonTab))
	policyTab := container.NewBorder(container.NewVBox(policyHelp, container.NewHBox(widget.NewLabel("Policy"), s.policyName,
		layout.NewSpacer(), newPolicy, s.delPolicy)), nil, nil, nil, s.policyViews)

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

// start previews a small ledger's reminders at once; a large one's wait
// for Preview (on a million invoices writing every email out took 1.6 s
// of CPU) while the dashboard already says how many are due.
func (s *remindersScreen) start() {
	s.loadReview()
	s.summary.SetText("Counting customers…")
	run(s.app, s.base, "Could not count the customers", func(ctx context.Context) (int, error) {
		return s.l.CountCustomers(ctx, "")
	}, func(n int) {
		s.auto = n <= autoAgingCustomers
		if s.auto {
			s.onPreview()
			return
		}
		s.summary.SetText(fmt.Sprintf("%s customers: choose the date and press Preview to see the reminders due, each email as it would go out.", group(n)))
	})
}

func (s *remindersScreen) refresh() {
	if s.auto {
		s.onPreview()
	}
	s.loadReview()
}

func (s *remindersScreen) close() {}

// onPreview plans a run as of the date given, writing nothing.
func (s *remindersScreen) onPreview() {
	s.asOfToday.follow(s.today())
	asOf, err := parseDateField(s.asOf.Text, s.today())
	if err != nil {
		setFieldError(s.problem, "As of: "+err.Error())
		return
	}
	setFieldError(s.problem, "")
	s.summary.SetText("Planning…")
	run(s.app, s.base, "Could not plan the reminders", func(ctx context.Context) (*reminders.Plan, error) {
		return s.l.PreviewReminders(ctx, asOf)
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
		_, r, err := s.l.SendReminders(ctx, asOf, func(done, total int) {
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
	fmt.Fprintf(&b, "\n%d sent, %d failed, %d deferred (pending for the next run), %d in doubt.", rep.Sent, rep.Failed, rep.Deferred, rep.Unknown)
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
		resp, err := s.l.TestEmail(ctx, addr)
		if err == nil {
			s.env.do(func() { done(resp) })
		}
		return err
	}, func() {})
}

// when prints a time of the outbox in local time, to the minute.
func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Local().Format("2006-01-02 15:04")
}
