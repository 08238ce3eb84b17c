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
)

// chargesLedger is what the Charges screen reads and does.
type chargesLedger interface {
	Charges(ctx context.Context, asOf time.Time, post bool, fn func(ledger.ChargeLine) error) (*paidapp.ChargesRun, error)
}

// chargesShown is how many invoices' lines the screen lists; the totals
// count them all (a million-invoice ledger previews hundreds of
// thousands).
const chargesShown = 500

// chargesScreen previews the late-payment interest and compensation as
// of today (as paidup charges does) and posts them with Post….
type chargesScreen struct {
	*app
	l      chargesLedger
	lines  []ledger.ChargeLine
	more   int // lines not listed
	run    *paidapp.ChargesRun
	list   *widget.List
	status *widget.Label
	post   *widget.Button
}

func newChargesScreen(a *app, l chargesLedger) *chargesScreen {
	s := &chargesScreen{app: a, l: l, status: widget.NewLabel("")}
	s.status.Wrapping = fyne.TextWrapWord
	s.list = widget.NewList(func() int { return len(s.lines) },
		func() fyne.CanvasObject { return widget.NewLabel("") },
		func(i widget.ListItemID, o fyne.CanvasObject) {
			l := s.lines[i]
			text := fmt.Sprintf("%s (%s), due %s: %d days, interest %s, compensation %s %s", l.Invoice, l.CustomerCode,
				l.Due.Format(ledger.DateLayout), l.Days, l.Interest.Plain(), l.Compensation.Plain(), l.Currency)
			if l.Number != "" {
				text += " — " + l.Number
			}
			o.(*widget.Label).SetText(text)
		})
	s.post = widget.NewButtonWithIcon("Post…", theme.ConfirmIcon(), s.onPost)
	s.post.Disable()
	return s
}

func (s *chargesScreen) content() fyne.CanvasObject {
	top := container.NewHBox(heading("Late-payment charges"), layout.NewSpacer(),
		widget.NewButtonWithIcon("Preview", theme.ViewRefreshIcon(), s.preview), s.post)
	return container.NewBorder(container.NewVBox(top, s.status), nil, nil, nil, s.list)
}

func (s *chargesScreen) start()   { s.preview() }
func (s *chargesScreen) refresh() { s.preview() }
func (s *chargesScreen) close()   {}

// collect gathers a run's first lines.
func (s *chargesScreen) collect(post bool) func(ctx context.Context) (chargesResult, error) {
	today := s.today()
	return func(ctx context.Context) (chargesResult, error) {
		var r chargesResult
		run, err := s.l.Charges(ctx, today, post, func(l ledger.ChargeLine) error {
			if len(r.lines) < chargesShown {
				r.lines = append(r.lines, l)
			} else {
				r.more++
			}
			return nil
		})
		r.run = run
		return r, err
	}
}

type chargesResult struct {
	lines []ledger.ChargeLine
	more  int
	run   *paidapp.ChargesRun
}

func (s *chargesScreen) preview() {
	s.post.Disable()
	run(s.app, s.base, "Could not preview the charges", s.collect(false), func(r chargesResult) { s.show(r) })
}

func (s *chargesScreen) onPost() {
	if s.run == nil || len(s.run.Totals) == 0 {
		return
	}
	dialog.ShowConfirm("Post the charges?", s.summary()+"\nA charge document is posted for each invoice; a period is never charged twice.",
		func(ok bool) {
			if !ok {
				return
			}
			s.post.Disable()
			run(s.app, s.base, "Could not post the charges", s.collect(true), func(r chargesResult) { s.show(r) })
		}, s.win)
}

func (s *chargesScreen) show(r chargesResult) {
	s.lines, s.more, s.run = r.lines, r.more, r.run
	s.list.Refresh()
	s.status.SetText(s.summary())
	if !r.run.Posted && len(r.run.Totals) > 0 {
		s.post.Enable()
	} else {
		s.post.Disable()
	}
}

// summary says what the run came to, per currency.
func (s *chargesScreen) summary() string {
	r := s.run
	if r == nil {
		return ""
	}
	if len(r.Totals) == 0 {
		return fmt.Sprintf("Nothing to charge as of %s (settings charges.interest and charges.compensation, or a customer's own rules).",
			r.AsOf.Format(ledger.DateLayout))
	}
	verb := "Would charge"
	if r.Posted {
		verb = "Charged"
	}
	var parts []string
	for _, t := range r.Totals {
		parts = append(parts, fmt.Sprintf("%d invoices in %s: interest %s, compensation %s", t.Invoices, t.Currency,
			t.Interest.Plain(), t.Compensation.Plain()))
	}
	out := fmt.Sprintf("%s as of %s: %s.", verb, r.AsOf.Format(ledger.DateLayout), strings.Join(parts, "; "))
	if s.more > 0 {
		out += fmt.Sprintf(" The first %d invoices are listed; %d more are counted.", len(s.lines), s.more)
	}
	return out
}
