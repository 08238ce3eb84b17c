package ui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"paidup/internal/bidi"
	"paidup/ledger"
)

// detailItems is how many open items and activity events a customer's
// detail shows; the Invoices screen, filtered to the customer, has the rest.
const detailItems = 200

// customerLedger is what a customer's detail reads, and what the forms
// it opens do: edit, reminders, statement.
type customerLedger interface {
	CustomerByCode(ctx context.Context, code string) (ledger.Customer, error)
	FindDocuments(ctx context.Context, f ledger.DocumentFilter) ([]ledger.DocumentRow, error)
	CustomerActivity(ctx context.Context, code string, from, to time.Time) (*ledger.Activity, error)
	customerFormLedger
	customerRemindersLedger
	statementLedger
}

// customerDetail shows one customer: contact, terms, open items and the
// last year's activity, with what can be done next.
type customerDetail struct {
	*app
	l      customerLedger
	back   func()
	code   string
	cust   ledger.Customer
	cancel context.CancelFunc

	box      *fyne.Container
	title    *widget.Label
	info     *widget.Label
	open     *widget.Label   // the open items, one per line
	activity *widget.Label   // the timeline, one event per line
	credit   *customerCredit // credit control (customer_credit.go); nil when the ledger has none
}

func newCustomerDetail(a *app, l customerLedger, back func()) *customerDetail {
	d := &customerDetail{app: a, l: l, back: back, title: heading(""), info: widget.NewLabel(""),
		open: widget.NewLabel(""), activity: widget.NewLabel("")}
	d.info.Wrapping = fyne.TextWrapWord
	d.open.TextStyle.Monospace = true
	d.activity.TextStyle.Monospace = true
	d.credit = newCustomerCredit(d, l)
	return d
}

func (d *customerDetail) content() fyne.CanvasObject {
	// The title on a row of its own: beside eight buttons it pushed the
	// window past 1024 px.
	bar := container.NewHBox(
		widget.NewButtonWithIcon("Edit", theme.DocumentCreateIcon(), d.onEdit),
		widget.NewButtonWithIcon("New invoice", theme.ContentAddIcon(), func() { d.nav.invoices().newDraft(d.code) }),
		widget.NewButtonWithIcon("Record payment", theme.ConfirmIcon(), func() { d.nav.payments().newPayment(d.code) }),
		widget.NewButtonWithIcon("Invoices", theme.ListIcon(), func() { d.nav.invoices().showCustomer(d.code) }),
		d.statementButton(),
		widget.NewButtonWithIcon("Reminders…", theme.MailSendIcon(), d.onReminders),
	)
	body := container.NewVBox(d.info,
		heading("Open items"), d.open,
		heading("Activity, last 12 months"), d.activity)
	top := container.NewVBox(container.NewHBox(widget.NewButtonWithIcon("Customers", theme.NavigateBackIcon(), d.back), d.title), bar)
	if d.credit != nil {
		top.Add(d.credit.buttons())
		body.Objects = append(body.Objects[:1], append(d.credit.sections()[:3], body.Objects[1:]...)...)
		body.Objects = append(body.Objects, d.credit.sections()[3:]...)
	}
	d.box = container.NewBorder(top, nil, nil, nil, container.NewVScroll(body))
	return d.box
}

// statementButton makes a statement PDF of the customer.
func (d *customerDetail) statementButton() fyne.CanvasObject {
	return widget.NewButtonWithIcon("Statement…", theme.DocumentPrintIcon(), d.onStatement)
}

// load reads the customer, their open items and activity, in the background.
func (d *customerDetail) load(code string) {
	if d.cancel != nil {
		d.cancel()
	}
	var ctx context.Context
	ctx, d.cancel = context.WithCancel(d.base)
	d.code = code
	d.title.SetText(code)
	d.info.SetText("Loading…")
	d.open.SetText("")
	d.activity.SetText("")
	today := d.today()
	run(d.app, ctx, "Could not read the customer", func(ctx context.Context) (ledger.Customer, error) {
		return d.l.CustomerByCode(ctx, code)
	}, d.showCustomer)
	run(d.app, ctx, "Could not list open items", func(ctx context.Context) ([]ledger.DocumentRow, error) {
		return d.l.FindDocuments(ctx, ledger.DocumentFilter{Customer: code, Open: true, Sort: ledger.SortDue, Limit: detailItems})
	}, func(rows []ledger.DocumentRow) { d.open.SetText(openItemsText(rows, today)) })
	run(d.app, ctx, "Could not read the activity", func(ctx context.Context) (*ledger.Activity, error) {
		return d.l.CustomerActivity(ctx, code, today.AddDate(-1, 0, 1), today)
	}, func(a *ledger.Activity) { d.activity.SetText(activityText(a)) })
	if d.credit != nil {
		d.credit.load(ctx, code, today)
	}
}

func (d *customerDetail) showCustomer(c ledger.Customer) {
	d.cust = c
	d.title.SetText(fmt.Sprintf("%s — %s", c.Code, bidi.Display(c.Name)))
	limit := "none"
	if !c.CreditLimit.IsZero() {
		limit = c.CreditLimit.String()
	}
	var lines []string
	add := func(label, v string) {
		if v != "" {
			lines = append(lines, label+": "+v)
		}
	}
	add("Email", c.Email)
	add("Phone", c.Phone)
	add("Address", strings.ReplaceAll(c.Address, "\n", ", "))
	add("Tax ID", c.TaxID)
	add("Currency", c.Currency)
	add("Terms", fmt.Sprintf("%d days", c.TermsDays))
	add("Credit limit", limit)
	add("Notes", c.Notes)
	d.info.SetText(strings.Join(lines, "\n"))
}

func (d *customerDetail) onEdit() {
	if d.cust.Code == "" {
		return
	}
	c := d.cust
	showCustomerForm(d.app, d.l, &c, func(ledger.Customer) { d.load(c.Code) })
}

func openItemsText(rows []ledger.DocumentRow, today time.Time) string {
	if len(rows) == 0 {
		return "Nothing open."
	}
	var b strings.Builder
	for _, r := range rows {
		flag := ""
		if r.Overdue(today) {
			flag = "  overdue"
		}
		fmt.Fprintf(&b, "%-12s %-11s due %s  open %14s of %14s%s\n", r.Number, r.Kind, fmtDate(r.DueDate), r.Open, r.Total, flag)
	}
	if len(rows) == detailItems {
		fmt.Fprintf(&b, "… the first %d; the Invoices screen lists them all.", detailItems)
	}
	return b.String()
}

func activityText(a *ledger.Activity) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s  balance brought forward %14s\n", fmtDate(a.From.AddDate(0, 0, -1)), a.Opening)
	for i, ev := range a.Events {
		if i == detailItems {
			fmt.Fprintf(&b, "… %d more events\n", len(a.Events)-detailItems)
			break
		}
		fmt.Fprintf(&b, "%s  %-9s %-12s %14s  balance %14s\n", fmtDate(ev.Date), ev.Action, ev.Number, ev.Amount, ev.Balance)
	}
	fmt.Fprintf(&b, "%s  balance %14s", fmtDate(a.To), a.Closing)
	return b.String()
}
