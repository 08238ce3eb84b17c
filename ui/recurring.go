package ui

import (
	"context"
	"fmt"
	"log"
	"strconv"
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
)

// recurringLedger is what the Recurring screen reads and does.
type recurringLedger interface {
	Recurrings(ctx context.Context) ([]ledger.Recurring, error)
	CreateRecurring(ctx context.Context, in ledger.RecurringInput) (ledger.Recurring, error)
	SetRecurringStatus(ctx context.Context, name string, to ledger.RecurringStatus) error
	RunRecurring(ctx context.Context, asOf time.Time, maxPerTemplate int, dryRun bool) (*ledger.RecurringRun, error)
	CustomerByCode(ctx context.Context, code string) (ledger.Customer, error)
}

// recurringMax is how many invoices of one template a run issues at most
// (as paidup recur's --max).
const recurringMax = 12

// recurringScreen lists the recurring invoices with their next dates,
// makes new ones, pauses, resumes and ends them, and issues what is due.
// The window also issues what is due by itself (keepRecurring).
type recurringScreen struct {
	*app
	l        recurringLedger
	rows     []ledger.Recurring
	list     *widget.List
	selected int
	status   *widget.Label
	actions  *fyne.Container
	form     *recurringForm // the "new" dialog's fields, while shown
}

func newRecurringScreen(a *app, l recurringLedger) *recurringScreen {
	s := &recurringScreen{app: a, l: l, selected: -1, status: widget.NewLabel("")}
	s.status.Wrapping = fyne.TextWrapWord
	s.list = widget.NewList(func() int { return len(s.rows) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			r := s.rows[i]
			next := "no further invoice"
			if !r.Next.IsZero() {
				next = "next " + r.Next.Format(ledger.DateLayout)
			}
			o.(*widget.Label).SetText(fmt.Sprintf("%s — %s (%s): %s; %s, %d issued, %s", r.Name, r.CustomerName, r.CustomerCode,
				r.Schedule, r.Status, r.Issued, next))
		})
	s.list.OnSelected = func(i widget.ListItemID) { s.selected = i; s.showActions() }
	s.list.OnUnselected = func(widget.ListItemID) { s.selected = -1; s.showActions() }
	s.actions = container.NewHBox()
	return s
}

func (s *recurringScreen) content() fyne.CanvasObject {
	top := container.NewHBox(heading("Recurring invoices"), layout.NewSpacer(),
		widget.NewButtonWithIcon("New…", theme.ContentAddIcon(), s.onNew),
		widget.NewButtonWithIcon("Issue what is due", theme.MailSendIcon(), func() { s.issueDue(false) }))
	return container.NewBorder(container.NewVBox(top, s.status), s.actions, nil, nil, s.list)
}

func (s *recurringScreen) start()   { s.reload() }
func (s *recurringScreen) refresh() { s.reload() }
func (s *recurringScreen) close()   {}

// ledgerChanged: the list shows data and holds no typing (live.go).
func (s *recurringScreen) ledgerChanged() { s.reload() }

func (s *recurringScreen) reload() {
	run(s.app, s.base, "Could not list the recurring invoices", s.l.Recurrings, func(rs []ledger.Recurring) {
		s.rows = rs
		if s.selected >= len(rs) {
			s.selected = -1
		}
		s.list.Refresh()
		s.showActions()
		if len(rs) == 0 && s.status.Text == "" {
			s.status.SetText("No recurring invoices yet. New… makes one: a customer, its lines and how often.")
		}
	})
}

// showActions offers what the selected recurring invoice can do.
func (s *recurringScreen) showActions() {
	s.actions.Objects = nil
	if s.selected >= 0 && s.selected < len(s.rows) {
		r := s.rows[s.selected]
		set := func(label string, to ledger.RecurringStatus) {
			s.actions.Add(widget.NewButton(label, func() { s.setStatus(r.Name, to) }))
		}
		switch r.Status {
		case ledger.RecurringActive:
			set("Pause", ledger.RecurringPaused)
			set("End…", ledger.RecurringEnded)
		case ledger.RecurringPaused:
			set("Resume", ledger.RecurringActive)
			set("End…", ledger.RecurringEnded)
		}
	}
	s.actions.Refresh()
}

func (s *recurringScreen) setStatus(name string, to ledger.RecurringStatus) {
	apply := func() {
		run(s.app, s.base, "Could not change "+name, func(ctx context.Context) (struct{}, error) {
			return struct{}{}, s.l.SetRecurringStatus(ctx, name, to)
		}, func(struct{}) { s.status.SetText(fmt.Sprintf("%s is %s.", name, to)); s.reload() })
	}
	if to != ledger.RecurringEnded {
		apply()
		return
	}
	dialog.ShowConfirm("End "+name+"?", "No further invoice will be issued for it; the ones issued stay. This cannot be undone.",
		func(ok bool) {
			if ok {
				apply()
			}
		}, s.win)
}

// issueDue issues every recurring invoice that has fallen due; quiet is
// the window's own run, which says nothing when nothing was due.
func (s *recurringScreen) issueDue(quiet bool) {
	today := s.today()
	run(s.app, s.base, "Could not issue the recurring invoices", func(ctx context.Context) (*ledger.RecurringRun, error) {
		return s.l.RunRecurring(ctx, today, recurringMax, false)
	}, func(r *ledger.RecurringRun) {
		if quiet && len(r.Issued) == 0 && len(r.Held) == 0 {
			return
		}
		s.status.SetText(recurringRunText(r, s.now()))
		s.reload()
	})
}

// recurringRunText says what a run issued, what waits and what ended.
func recurringRunText(r *ledger.RecurringRun, at time.Time) string {
	if len(r.Issued) == 0 && len(r.Held) == 0 && len(r.Ended) == 0 {
		return "Nothing has fallen due."
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: issued %d invoice(s)", at.Format("15:04"), len(r.Issued))
	for _, it := range r.Issued {
		fmt.Fprintf(&b, "; %s %s dated %s, %s", it.Number, it.Customer, it.Date.Format(ledger.DateLayout), it.Total)
	}
	b.WriteString(".")
	for _, it := range r.Held {
		fmt.Fprintf(&b, " %s from %s waits for the next run (%d at most at once).", it.Name, it.Date.Format(ledger.DateLayout), recurringMax)
	}
	for _, n := range r.Ended {
		fmt.Fprintf(&b, " %s has issued its last invoice.", n)
	}
	return b.String()
}

// recurringForm is the "new recurring invoice" dialog.
type recurringForm struct {
	name, customer, interval, start, end, count, terms, reference *widget.Entry
	every                                                         *widget.Select
	lines                                                         [][4]*widget.Entry // description, quantity, price, tax %
	problem                                                       *widget.Label
	dlg                                                           dialog.Dialog
}

// recurringFormLines is how many lines the form offers.
const recurringFormLines = 4

func (s *recurringScreen) onNew() {
	f := &recurringForm{name: widget.NewEntry(), customer: widget.NewEntry(), interval: widget.NewEntry(), start: widget.NewEntry(),
		end: widget.NewEntry(), count: widget.NewEntry(), terms: widget.NewEntry(), reference: widget.NewEntry(),
		every: widget.NewSelect([]string{"week", "month", "quarter", "year"}, nil), problem: fieldError()}
	f.every.SetSelected("month")
	f.interval.SetText("1")
	f.start.SetText(s.today().Format(ledger.DateLayout))
	f.name.SetPlaceHolder("e.g. ACME hosting")
	f.customer.SetPlaceHolder("the customer's code")
	f.end.SetPlaceHolder("none")
	f.count.SetPlaceHolder("no limit")
	f.terms.SetPlaceHolder("the customer's")
	grid := container.NewGridWithColumns(4, widget.NewLabel("Description"), widget.NewLabel("Quantity"), widget.NewLabel("Unit price"), widget.NewLabel("Tax %"))
	for range recurringFormLines {
		var row [4]*widget.Entry
		for i := range row {
			row[i] = widget.NewEntry()
			grid.Add(row[i])
		}
		f.lines = append(f.lines, row)
	}
	create := widget.NewButton("Make it", func() { s.create(f) })
	create.Importance = widget.HighImportance
	f.dlg = dialog.NewCustomWithoutButtons("New recurring invoice", container.NewVBox(
		widget.NewForm(
			widget.NewFormItem("Name", f.name),
			widget.NewFormItem("Customer", f.customer),
			widget.NewFormItem("Every", container.NewGridWithColumns(2, f.interval, f.every)),
			widget.NewFormItem("First invoice on", f.start),
			widget.NewFormItem("Last date", f.end),
			widget.NewFormItem("At most (invoices)", f.count),
			widget.NewFormItem("Terms (days)", f.terms),
			widget.NewFormItem("Reference", f.reference)),
		grid, f.problem,
		container.NewHBox(layout.NewSpacer(), widget.NewButton("Cancel", func() { f.dlg.Hide() }), create)), s.win)
	f.dlg.Resize(fyne.NewSize(760, 620))
	f.dlg.Show()
	s.form = f
}

// create checks the form and makes the recurring invoice; each refusal
// is said under the form, and nothing is made.
func (s *recurringScreen) create(f *recurringForm) {
	fail := func(msg string) { setFieldError(f.problem, msg) }
	interval, err := strconv.Atoi(strings.TrimSpace(f.interval.Text))
	if err != nil {
		fail("Every: type how many " + f.every.Selected + "s between invoices, e.g. 1.")
		return
	}
	start, err := paidapp.ParseDay(f.start.Text, time.Time{})
	if err != nil || start.IsZero() {
		fail("First invoice on: a date such as 2026-01-31.")
		return
	}
	end, err := paidapp.ParseDay(f.end.Text, time.Time{})
	if err != nil {
		fail("Last date: a date such as 2026-12-31, or nothing.")
		return
	}
	count, terms := 0, -1
	if t := strings.TrimSpace(f.count.Text); t != "" {
		if count, err = strconv.Atoi(t); err != nil || count < 1 {
			fail("At most: a number of invoices, or nothing.")
			return
		}
	}
	if t := strings.TrimSpace(f.terms.Text); t != "" {
		if terms, err = strconv.Atoi(t); err != nil || terms < 0 {
			fail("Terms: a number of days, or nothing for the customer's.")
			return
		}
	}
	var forms []paidapp.LineForm
	for _, row := range f.lines {
		forms = append(forms, paidapp.LineForm{Description: row[0].Text, Quantity: row[1].Text, UnitPrice: row[2].Text, TaxRate: row[3].Text})
	}
	in := ledger.RecurringInput{Name: f.name.Text, CustomerCode: strings.TrimSpace(f.customer.Text), TermsDays: terms, Reference: f.reference.Text,
		Schedule: ledger.Schedule{Every: ledger.Period(f.every.Selected), Interval: interval, Start: start, End: end, Count: count}}
	// A refusal is said under the form, which stays open with what was
	// typed; only a failure to reach the ledger gets a dialog.
	type made struct {
		r       ledger.Recurring
		refused error
	}
	run(s.app, s.base, "Could not make the recurring invoice", func(ctx context.Context) (made, error) {
		c, err := s.l.CustomerByCode(ctx, in.CustomerCode)
		if err != nil {
			return made{refused: err}, nil
		}
		if in.Lines, err = paidapp.ParseLines(c.Currency, forms); err != nil {
			return made{refused: err}, nil
		}
		r, err := s.l.CreateRecurring(ctx, in)
		return made{r: r, refused: err}, nil
	}, func(res made) {
		if res.refused != nil {
			fail(userMessage(res.refused))
			return
		}
		setFieldError(f.problem, "")
		f.dlg.Hide()
		r := res.r
		s.status.SetText(fmt.Sprintf("%s: %s; the first invoice on %s.", r.Name, r.Schedule, r.Next.Format(ledger.DateLayout)))
		s.reload()
	})
}

// keepRecurring issues the recurring invoices that fall due while the
// window is open: a minute after it opens, then every half hour. Another
// desk doing the same at once issues nothing twice (the ledger records
// each period once).
func (m *mainWindow) keepRecurring(l recurringLedger) {
	ctx := m.base
	go func() {
		wait := time.Minute
		for {
			select {
			case <-ctx.Done():
				return
			case <-time.After(wait):
			}
			wait = 30 * time.Minute
			r, err := l.RunRecurring(ctx, ledger.Day(m.now()), recurringMax, false)
			if err != nil {
				if ctx.Err() == nil {
					log.Printf("paidup: recurring invoices: %v", err)
				}
				continue
			}
			if len(r.Issued) > 0 || len(r.Held) > 0 {
				at := m.now()
				m.env.do(func() {
					if s, ok := m.built["recurring"].(*recurringScreen); ok && !m.closed {
						s.status.SetText(recurringRunText(r, at))
						s.reload()
					}
				})
			}
		}
	}()
}
