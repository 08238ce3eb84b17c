package ui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/ledger"
)

// A customer's payment plans on their screen: each active plan with its
// next instalment and what was missed, a button to print its schedule
// for the customer and one to cancel it; "Plan…" splits one invoice, or
// the overdue balance, into instalments.

// customerPlansLedger is the optional part of a customer screen's ledger
// for payment plans (the application layer has it).
type customerPlansLedger interface {
	PlansNow(ctx context.Context, f ledger.PlanFilter) ([]ledger.PaymentPlan, error)
	CreatePlan(ctx context.Context, in ledger.PlanInput) (ledger.PaymentPlan, error)
	CancelPlan(ctx context.Context, id int64, reason string) (ledger.PaymentPlan, error)
	SavePlanPDF(ctx context.Context, id int64, path string) (string, error)
}

// customerPlans is the payment-plan part of a customer's screen.
type customerPlans struct {
	d   *customerDetail
	l   customerPlansLedger
	box *fyne.Container
}

func newCustomerPlans(d *customerDetail, l any) *customerPlans {
	pl, ok := l.(customerPlansLedger)
	if !ok {
		return nil
	}
	return &customerPlans{d: d, l: pl, box: container.NewVBox()}
}

// load lists the customer's active plans (settled as of today first).
func (p *customerPlans) load(ctx context.Context, code string) {
	p.box.RemoveAll()
	run(p.d.app, ctx, "Could not read the payment plans", func(ctx context.Context) ([]ledger.PaymentPlan, error) {
		return p.l.PlansNow(ctx, ledger.PlanFilter{Customer: code, Status: ledger.PlanActive})
	}, p.show)
}

func (p *customerPlans) show(ps []ledger.PaymentPlan) {
	p.box.RemoveAll()
	for _, plan := range ps {
		id := plan.ID
		line := widget.NewLabel(planLine(plan))
		line.Wrapping = fyne.TextWrapWord
		if plan.Missed() > 0 {
			line.Importance = widget.DangerImportance
		}
		p.box.Add(container.NewBorder(nil, nil, nil, container.NewHBox(
			widget.NewButtonWithIcon("Schedule…", theme.DocumentPrintIcon(), func() { p.onSchedule(id) }),
			widget.NewButtonWithIcon("Cancel plan…", theme.CancelIcon(), func() { p.onCancel(id) })), line))
	}
	p.box.Refresh()
}

// planLine says a plan in a line: amount, instalments, the next one and
// what was missed.
func planLine(p ledger.PaymentPlan) string {
	s := fmt.Sprintf("Payment plan #%d: %s in %d instalments, %s paid", p.ID, p.Amount, len(p.Instalments), p.Paid)
	if n, ok := p.Next(); ok {
		s += fmt.Sprintf("; next %s by %s", n.Left(), n.Due.Format(ledger.DateLayout))
	}
	if m := p.Missed(); m > 0 {
		s += fmt.Sprintf("; %d missed", m)
	}
	return s + "."
}

// onCreate asks for a plan over one invoice (or, left blank, the overdue
// balance): the number of instalments, how often, and the first date.
func (p *customerPlans) onCreate() {
	a, code := p.d.app, p.d.code
	invoice := widget.NewEntry()
	invoice.SetPlaceHolder("blank: the whole overdue balance")
	count := widget.NewEntry()
	count.SetText("3")
	every := widget.NewSelect([]string{"every week", "every 2 weeks", "every month", "every quarter"}, nil)
	every.SetSelected("every month")
	first := widget.NewEntry()
	first.SetPlaceHolder("blank: one interval from today")
	cancelAfter := widget.NewSelect([]string{"1 missed instalment", "2 missed instalments", "3 missed instalments", "never"}, nil)
	cancelAfter.SetSelected("1 missed instalment")
	problem := fieldError()
	var dlg dialog.Dialog
	ok := widget.NewButton("Agree plan", func() {
		in := ledger.PlanInput{Invoice: strings.TrimSpace(invoice.Text), GraceDays: 3, MadeOn: p.d.today()}
		if in.Invoice == "" {
			in.Customer = code
		}
		n, err := strconv.Atoi(strings.TrimSpace(count.Text))
		if err != nil || n < 1 {
			setFieldError(problem, "Instalments: a whole number, 1 or more.")
			return
		}
		in.Count = n
		in.Every, in.Interval, _ = ledger.ParsePlanEvery(map[string]string{"every week": "1w", "every 2 weeks": "2w",
			"every month": "1m", "every quarter": "1q"}[every.Selected])
		if t := strings.TrimSpace(first.Text); t != "" {
			d, err := paidapp.ParseDay(t, p.d.today())
			if err != nil {
				setFieldError(problem, "First instalment: a day such as 2027-01-15.")
				return
			}
			in.First = d
		}
		if c := cancelAfter.Selected; c != "never" {
			in.CancelAfter, _ = strconv.Atoi(strings.Fields(c)[0])
		}
		run(a, a.base, "Could not agree the plan", func(ctx context.Context) (error, error) {
			_, err := p.l.CreatePlan(ctx, in)
			return err, nil
		}, func(err error) {
			if err != nil {
				setFieldError(problem, userMessage(err))
				return
			}
			dlg.Hide()
			p.d.load(code)
		})
	})
	ok.Importance = widget.HighImportance
	form := widget.NewForm(widget.NewFormItem("Invoice", invoice), widget.NewFormItem("Instalments", count),
		widget.NewFormItem("How often", every), widget.NewFormItem("First instalment", first),
		widget.NewFormItem("Ends after", cancelAfter))
	dlg = dialog.NewCustomWithoutButtons("Payment plan for "+code, container.NewVBox(form,
		widget.NewLabel("The amounts add up exactly to what is open; the rounding remainder goes on the last one.\n"+
			"Reminders of the invoices wait for each instalment's date plus 3 days."), problem,
		container.NewHBox(widget.NewButton("Cancel", func() { dlg.Hide() }), ok)), a.win)
	dlg.Resize(fyne.NewSize(560, 380))
	dlg.Show()
	a.win.Canvas().Focus(count)
}

func (p *customerPlans) onCancel(id int64) {
	c := p.d.credit
	c.ask(fmt.Sprintf("Cancel payment plan #%d", id), "Reason", "e.g. customer paid in one sum", "Cancel plan", func(ctx context.Context, text string) error {
		_, err := p.l.CancelPlan(ctx, id, text)
		return err
	})
}

// onSchedule saves the plan's schedule as a PDF to send to the customer.
func (p *customerPlans) onSchedule(id int64) {
	d := p.d
	d.saveAs(fmt.Sprintf("Payment plan %d.pdf", id), func(w fyne.URIWriteCloser, path string) {
		if err := w.Close(); err != nil {
			d.showError("Could not create the file", err)
			return
		}
		run(d.app, d.base, "Could not write the schedule", func(ctx context.Context) (string, error) {
			return p.l.SavePlanPDF(ctx, id, path)
		}, func(path string) { dialog.ShowInformation("Payment plan", "Saved "+path, d.win) })
	})
}
