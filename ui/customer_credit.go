package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/ledger"
)

// A customer's credit control on their screen: where they stand against
// their limit, the hold they are on, their risk score and its reasons,
// and their history with notes; buttons to hold or release, note, record
// a promise and write the collections dossier.

// customerCreditLedger is the optional part of a customer screen's ledger
// for credit control (the application layer has it).
type customerCreditLedger interface {
	CreditPosition(ctx context.Context, code string) (ledger.CreditPosition, error)
	CustomerRisk(ctx context.Context, code string, asOf time.Time) (ledger.Risk, error)
	CustomerHistory(ctx context.Context, code string) ([]ledger.HistoryEvent, error)
	SetHold(ctx context.Context, code, reason string) error
	ReleaseHold(ctx context.Context, code, note string) error
	AddNote(ctx context.Context, code, text string) error
	AddPromise(ctx context.Context, in ledger.PromiseInput) (ledger.Promise, error)
	SaveDossierPDF(ctx context.Context, code string, asOf time.Time, path string) (string, error)
}

// historyShown is how many of the latest history events the screen shows.
const historyShown = 40

// customerCredit is the credit-control part of a customer's screen.
type customerCredit struct {
	d        *customerDetail
	l        customerCreditLedger
	position *widget.Label
	risk     *widget.Label
	history  *widget.Label
	holdBtn  *widget.Button
	onHold   bool
	plans    *customerPlans // nil when the ledger has none (customer_plans.go)
}

func newCustomerCredit(d *customerDetail, l customerLedger) *customerCredit {
	cl, ok := l.(customerCreditLedger)
	if !ok {
		return nil
	}
	c := &customerCredit{d: d, l: cl, position: widget.NewLabel(""), risk: widget.NewLabel(""), history: widget.NewLabel("")}
	c.position.Wrapping = fyne.TextWrapWord
	c.risk.Wrapping = fyne.TextWrapWord
	c.history.TextStyle.Monospace = true
	c.holdBtn = widget.NewButtonWithIcon("Hold…", theme.WarningIcon(), c.onHoldOrRelease)
	c.plans = newCustomerPlans(d, l)
	return c
}

// buttons are the actions of the section.
func (c *customerCredit) buttons() fyne.CanvasObject {
	box := container.NewHBox(c.holdBtn,
		widget.NewButtonWithIcon("Note…", theme.DocumentCreateIcon(), c.onNote),
		widget.NewButtonWithIcon("Promise…", theme.CalendarIcon(), c.onPromise))
	if c.plans != nil {
		box.Add(widget.NewButtonWithIcon("Plan…", theme.ListIcon(), c.plans.onCreate))
	}
	if r := c.refundButton(); r != nil {
		box.Add(r)
	}
	box.Add(widget.NewButtonWithIcon("Dossier", theme.DocumentSaveIcon(), c.onDossier))
	return box
}

// sections are the screen's parts it adds.
func (c *customerCredit) sections() []fyne.CanvasObject {
	// The plans go with the risk, as one object: the screen places the
	// first three of these after the customer's details.
	risk := fyne.CanvasObject(c.risk)
	if c.plans != nil {
		risk = container.NewVBox(c.risk, c.plans.box)
	}
	return []fyne.CanvasObject{heading("Credit"), c.position, risk, heading("History"), c.history}
}

// load reads the position, the score and the history of code.
func (c *customerCredit) load(ctx context.Context, code string, today time.Time) {
	a := c.d.app
	c.position.SetText("")
	c.risk.SetText("")
	c.history.SetText("")
	run(a, ctx, "Could not read the credit position", func(ctx context.Context) (ledger.CreditPosition, error) {
		return c.l.CreditPosition(ctx, code)
	}, c.showPosition)
	run(a, ctx, "Could not score the customer", func(ctx context.Context) (ledger.Risk, error) {
		return c.l.CustomerRisk(ctx, code, today)
	}, func(r ledger.Risk) {
		c.risk.SetText(fmt.Sprintf("Risk %d of 100 (%s): %s.", r.Score, r.Segment, strings.Join(r.Reasons, "; ")))
	})
	run(a, ctx, "Could not read the history", func(ctx context.Context) ([]ledger.HistoryEvent, error) {
		return c.l.CustomerHistory(ctx, code)
	}, c.showHistory)
	if c.plans != nil {
		c.plans.load(ctx, code)
	}
}

func (c *customerCredit) showPosition(p ledger.CreditPosition) {
	var b strings.Builder
	fmt.Fprintf(&b, "Balance %s (overdue %s)", p.Balance, p.Overdue)
	if p.Limit.IsZero() {
		b.WriteString("; no credit limit")
	} else {
		fmt.Fprintf(&b, "; credit limit %s", p.Limit)
		if over := p.Over(ledger.Money{}); over.IsPositive() {
			fmt.Fprintf(&b, ", over it by %s", over)
		}
	}
	c.onHold = p.Hold != nil
	c.position.Importance = widget.MediumImportance
	if p.Hold != nil {
		fmt.Fprintf(&b, ".\nOn hold since %s (%s): no invoice without a reason to override it.", p.Hold.SetAt.Local().Format("2006-01-02"), p.Hold.Reason)
		c.position.Importance = widget.DangerImportance
		c.holdBtn.SetText("Release hold…")
	} else {
		b.WriteString(".")
		c.holdBtn.SetText("Hold…")
	}
	c.position.SetText(b.String())
}

func (c *customerCredit) showHistory(hs []ledger.HistoryEvent) {
	if len(hs) == 0 {
		c.history.SetText("Nothing yet.")
		return
	}
	var lines []string
	for i := len(hs) - 1; i >= 0 && len(lines) < historyShown; i-- { // newest first
		h := hs[i]
		line := h.At.Local().Format("2006-01-02") + "  " + h.Text
		if h.Amount.Currency != "" && h.Amount.Minor != 0 {
			line += "  " + h.Amount.String()
		}
		if h.By != "" {
			line += "  (" + h.By + ")"
		}
		lines = append(lines, line)
	}
	if len(hs) > historyShown {
		lines = append(lines, fmt.Sprintf("… %d older (paidup customer history %s, or the dossier)", len(hs)-historyShown, c.d.code))
	}
	c.history.SetText(strings.Join(lines, "\n"))
}

// ask shows a one-field dialog and calls do with what was typed; an error
// from do is said under the field and the dialog stays.
func (c *customerCredit) ask(title, label, placeholder, confirm string, do func(ctx context.Context, text string) error) {
	a := c.d.app
	entry := widget.NewEntry()
	entry.SetPlaceHolder(placeholder)
	problem := fieldError()
	var dlg dialog.Dialog
	ok := widget.NewButton(confirm, func() {
		text := strings.TrimSpace(entry.Text)
		run(a, a.base, title, func(ctx context.Context) (error, error) { return do(ctx, text), nil }, func(err error) {
			if err != nil {
				setFieldError(problem, userMessage(err))
				return
			}
			dlg.Hide()
			c.d.load(c.d.code)
		})
	})
	ok.Importance = widget.HighImportance
	dlg = dialog.NewCustomWithoutButtons(title, container.NewVBox(widget.NewForm(widget.NewFormItem(label, entry)), problem,
		container.NewHBox(widget.NewButton("Cancel", func() { dlg.Hide() }), ok)), a.win)
	dlg.Resize(fyne.NewSize(520, 200))
	dlg.Show()
	a.win.Canvas().Focus(entry)
}

func (c *customerCredit) onHoldOrRelease() {
	code := c.d.code
	if c.onHold {
		c.ask("Release the hold on "+code, "Why", "e.g. paid up", "Release", func(ctx context.Context, text string) error {
			return c.l.ReleaseHold(ctx, code, text)
		})
		return
	}
	c.ask("Put "+code+" on hold", "Reason", "e.g. cheque bounced", "Hold", func(ctx context.Context, text string) error {
		return c.l.SetHold(ctx, code, text)
	})
}

func (c *customerCredit) onNote() {
	code := c.d.code
	c.ask("Note on "+code, "Note", "e.g. called, will pay Friday", "Keep", func(ctx context.Context, text string) error {
		return c.l.AddNote(ctx, code, text)
	})
}

// onPromise records a promise on the whole account: an amount by a date,
// typed as "AMOUNT by DATE".
func (c *customerCredit) onPromise() {
	code, cur := c.d.code, c.d.cust.Currency
	c.ask("Promise to pay from "+code, "Amount and date", "e.g. 500.00 by 2026-12-20", "Record", func(ctx context.Context, text string) error {
		amount, date, ok := strings.Cut(text, " by ")
		if !ok {
			return ledger.Errorf(ledger.EINVALID, "type the amount, \"by\" and the date, e.g. 500.00 by 2026-12-20")
		}
		m, err := paidapp.ParseAmount(amount, cur, "amount promised")
		if err != nil {
			return err
		}
		d, err := paidapp.ParseDay(date, time.Time{})
		if err != nil || d.IsZero() {
			return ledger.Errorf(ledger.EINVALID, "the date: a day such as 2026-12-20")
		}
		_, err = c.l.AddPromise(ctx, ledger.PromiseInput{CustomerCode: code, Amount: m, MadeOn: c.d.today(), PayBy: d})
		return err
	})
}

// onDossier saves the collections dossier where the user says.
func (c *customerCredit) onDossier() {
	d, code, today := c.d, c.d.code, c.d.today()
	d.saveAs(paidapp.DossierFileName(code, today), func(w fyne.URIWriteCloser, path string) {
		if err := w.Close(); err != nil {
			d.showError("Could not create the file", err)
			return
		}
		run(d.app, d.base, "Could not write the dossier", func(ctx context.Context) (string, error) {
			return c.l.SaveDossierPDF(ctx, code, today, path)
		}, func(path string) { dialog.ShowInformation("Dossier", "Saved "+path, d.win) })
	})
}
