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

// paymentsLedger is what the Payments screen reads and does.
type paymentsLedger interface {
	CustomerByCode(ctx context.Context, code string) (ledger.Customer, error)
	customerFinder
	FindDocuments(ctx context.Context, f ledger.DocumentFilter) ([]ledger.DocumentRow, error)
	ReceivePayment(ctx context.Context, req paidapp.PaymentRequest) (ledger.Document, error)
	ApplyCredits(ctx context.Context, customerCode string, date time.Time) ([]ledger.CreditApplied, error)
	creditNoteLedger
}

// writeOffLedger writes an invoice off.
type writeOffLedger interface {
	WriteOffInvoice(ctx context.Context, req paidapp.WriteOffRequest) (ledger.Document, error)
}

// paymentsScreen records a payment and allocates it: the customer's open
// invoices are listed with an oldest-first proposal the user may change.
// It also applies unapplied credits and issues credit notes.
type paymentsScreen struct {
	*app
	l    paymentsLedger
	cur  string
	open []ledger.DocumentRow

	customer, date, amount, reference *widget.Entry
	picker                            *customerPicker // over customer
	custInfo                          *widget.Label
	items                             *fyne.Container // a row per open invoice
	alloc                             []*widget.Entry // parallel to open
	dateToday                         todayDefault    // keeps Date on today until the user picks a date
	rest                              *widget.Label
	problem                           *widget.Label
	record                            *widget.Button
	credits                           *widget.Label
	result                            *widget.Label
	creditNote                        *creditNoteForm // the form last shown (tests fill it in)
}

func newPaymentsScreen(a *app, l paymentsLedger) *paymentsScreen {
	s := &paymentsScreen{app: a, l: l, customer: widget.NewEntry(), date: a.dateEntry(time.Time{}), amount: widget.NewEntry(),
		reference: widget.NewEntry(), custInfo: widget.NewLabel(""), items: container.NewVBox(),
		rest: widget.NewLabel(""), problem: fieldError(), credits: widget.NewLabel(""), result: widget.NewLabel("")}
	s.dateToday = todayDefault{e: s.date}
	s.dateToday.reset(a.today())
	s.customer.SetPlaceHolder("Customer: type a name, code or email")
	s.picker = newCustomerPicker(a, l, s.customer, func(string) { s.loadCustomer() })
	s.amount.SetPlaceHolder("Amount received")
	s.amount.OnChanged = func(string) { s.propose() }
	s.reference.SetPlaceHolder("Bank reference")
	s.record = widget.NewButtonWithIcon("Record payment", theme.ConfirmIcon(), s.onRecord)
	s.record.Importance = widget.HighImportance
	s.credits.TextStyle.Monospace = true
	s.result.Importance = widget.SuccessImportance
	return s
}

func (s *paymentsScreen) content() fyne.CanvasObject {
	form := widget.NewForm(
		widget.NewFormItem("Customer", container.NewBorder(nil, nil, nil, s.custInfo, s.customer)),
		widget.NewFormItem("Date", s.date),
		widget.NewFormItem("Amount", s.amount),
		widget.NewFormItem("Reference", s.reference),
	)
	actions := container.NewHBox(s.record, layout.NewSpacer(),
		widget.NewButton("Apply credits oldest-first", s.onApplyCredits),
		widget.NewButton("Credit note…", s.onCreditNote))
	body := container.NewVBox(heading("Record a payment (Ctrl+P)"), form,
		heading("Allocation — oldest first proposed; change any amount"), s.items, s.rest, s.problem, actions, s.result,
		heading("Unapplied credits"), s.credits)
	return container.NewVScroll(body)
}

func (s *paymentsScreen) start()   {}
func (s *paymentsScreen) refresh() { s.dateToday.follow(s.today()) }
func (s *paymentsScreen) close()   {}

// newPayment starts a payment for customer code, if given.
func (s *paymentsScreen) newPayment(code string) {
	s.picker.set(code)
	s.amount.SetText("")
	s.reference.SetText("")
	s.dateToday.reset(s.today())
	s.result.SetText("")
	if code != "" {
		s.loadCustomer()
		s.win.Canvas().Focus(s.amount)
	} else {
		s.win.Canvas().Focus(s.customer)
	}
}

// loadCustomer reads the customer, their open invoices (the oldest
// pageSize of them, by due date) and their unapplied credits.
func (s *paymentsScreen) loadCustomer() {
	code := strings.TrimSpace(s.customer.Text)
	type loaded struct {
		c       ledger.Customer
		open    []ledger.DocumentRow
		credits []ledger.DocumentRow
	}
	run(s.app, s.base, "Could not read the customer", func(ctx context.Context) (loaded, error) {
		c, err := s.l.CustomerByCode(ctx, code)
		if err != nil {
			return loaded{}, err
		}
		open, err := s.l.FindDocuments(ctx, ledger.DocumentFilter{Kind: ledger.KindInvoice, Customer: code, Open: true, Sort: ledger.SortDue, Limit: pageSize})
		if err != nil {
			return loaded{}, err
		}
		var credits []ledger.DocumentRow
		for _, k := range []ledger.Kind{ledger.KindPayment, ledger.KindCreditNote} {
			rows, err := s.l.FindDocuments(ctx, ledger.DocumentFilter{Kind: k, Customer: code, Open: true, Limit: pageSize})
			if err != nil {
				return loaded{}, err
			}
			credits = append(credits, rows...)
		}
		return loaded{c, open, credits}, nil
	}, func(r loaded) {
		if strings.TrimSpace(s.customer.Text) != code {
			return
		}
		s.cur, s.open = r.c.Currency, r.open
		s.custInfo.SetText(fmt.Sprintf("%s, %s", r.c.Name, r.c.Currency))
		s.items.Objects = nil
		s.alloc = nil
		for _, d := range r.open {
			e := widget.NewEntry()
			e.SetPlaceHolder("0")
			e.OnChanged = func(string) { s.showRest() }
			s.alloc = append(s.alloc, e)
			s.items.Add(container.NewGridWithColumns(4, widget.NewLabel(d.Number), widget.NewLabel("due "+fmtDate(d.DueDate)),
				widget.NewLabel("open "+d.Open.String()), e))
		}
		if len(r.open) == 0 {
			s.items.Add(widget.NewLabel("Nothing open: the payment will be an unapplied credit."))
		}
		s.items.Refresh()
		var b strings.Builder
		for _, c := range r.credits {
			fmt.Fprintf(&b, "%-12s %s  %16s unapplied\n", c.Number, fmtDate(c.Date), c.Open)
		}
		if len(r.credits) == 0 {
			b.WriteString("None.")
		}
		s.credits.SetText(b.String())
		s.propose()
	})
}

// propose fills the allocation with the oldest-first proposal.
func (s *paymentsScreen) propose() {
	if s.cur == "" {
		return
	}
	amt, err := paidapp.ParseAmount(s.number(s.amount.Text), s.cur, "amount")
	if err != nil {
		for _, e := range s.alloc {
			e.SetText("")
		}
		s.rest.SetText("")
		return
	}
	apply, _ := ledger.ProposeAllocation(s.open, amt)
	for i, e := range s.alloc {
		e.SetText("")
		if i < len(apply) {
			e.SetText(apply[i].Amount.Plain())
		}
	}
	s.showRest()
}

// readAllocation reads the amounts entered (paidapp.ParseAmount); rest is
// what stays unapplied.
func (s *paymentsScreen) readAllocation() (amount ledger.Money, to []paidapp.Allocation, rest ledger.Money, err error) {
	if s.cur == "" {
		return amount, nil, rest, fmt.Errorf("choose a customer and press Enter")
	}
	if amount, err = paidapp.ParseAmount(s.number(s.amount.Text), s.cur, "amount"); err != nil {
		return amount, nil, rest, err
	}
	rest = amount
	for i, e := range s.alloc {
		if strings.TrimSpace(e.Text) == "" {
			continue
		}
		number := s.open[i].Number
		m, err := paidapp.ParseAmount(s.number(e.Text), s.cur, "amount for "+number)
		if err != nil {
			return amount, nil, rest, err
		}
		to = append(to, paidapp.Allocation{InvoiceNumber: number, Amount: &m})
		if rest, err = rest.Sub(m); err != nil {
			return amount, nil, rest, err
		}
	}
	return amount, to, rest, nil
}

func (s *paymentsScreen) showRest() {
	_, _, rest, err := s.readAllocation()
	switch {
	case err != nil:
		s.rest.SetText("")
	case rest.IsNegative():
		s.rest.SetText(fmt.Sprintf("Allocated %s more than received.", rest.Neg()))
	case rest.IsZero():
		s.rest.SetText("All of it goes to invoices.")
	default:
		s.rest.SetText(fmt.Sprintf("%s stays as an unapplied credit.", rest))
	}
}

// day is the date entered; one the user left alone is today.
func (s *paymentsScreen) day() (time.Time, error) {
	s.dateToday.follow(s.today())
	return parseDateField(s.date.Text, s.today())
}

func (s *paymentsScreen) onRecord() {
	amount, to, _, err := s.readAllocation()
	if err != nil {
		setFieldError(s.problem, userMessage2(err))
		return
	}
	day, err := s.day()
	if err != nil {
		setFieldError(s.problem, "Date: "+err.Error())
		return
	}
	setFieldError(s.problem, "")
	req := paidapp.PaymentRequest{CustomerCode: strings.TrimSpace(s.customer.Text), Date: day, Amount: amount,
		Reference: strings.TrimSpace(s.reference.Text), To: to, KeepUnapplied: len(to) == 0}
	s.record.Disable()
	run(s.app, s.base, "Could not record the payment", func(ctx context.Context) (ledger.Document, error) {
		d, err := s.l.ReceivePayment(ctx, req)
		s.env.do(s.record.Enable)
		return d, err
	}, func(d ledger.Document) {
		s.result.SetText(fmt.Sprintf("Recorded %s: %s, %s unapplied.", d.Number, d.Total, d.Open))
		s.amount.SetText("")
		s.loadCustomer()
	})
}

// onApplyCredits applies the customer's unapplied credits oldest-first.
func (s *paymentsScreen) onApplyCredits() {
	code := strings.TrimSpace(s.customer.Text)
	day, err := s.day()
	if code == "" || err != nil {
		setFieldError(s.problem, "Choose a customer and a date first.")
		return
	}
	run(s.app, s.base, "Could not apply the credits", func(ctx context.Context) (string, error) {
		applied, err := s.l.ApplyCredits(ctx, code, day)
		if err != nil {
			return "", err
		}
		var msgs []string
		for _, c := range applied {
			msgs = append(msgs, fmt.Sprintf("%s: %s applied", c.Number, c.Applied))
		}
		if len(msgs) == 0 {
			return "Nothing to apply.", nil
		}
		return strings.Join(msgs, "\n"), nil
	}, func(msg string) {
		s.result.SetText(msg)
		s.loadCustomer()
	})
}

// onCreditNote issues a one-line credit note for the customer.
func (s *paymentsScreen) onCreditNote() {
	if s.cur == "" {
		setFieldError(s.problem, "Choose a customer and press Enter first.")
		return
	}
	s.creditNote = showCreditNote(s.app, s.l, strings.TrimSpace(s.customer.Text), s.cur, s.open, "", func(doc ledger.Document) {
		s.result.SetText(fmt.Sprintf("Issued %s for %s; %s unapplied.", doc.Number, doc.Total, doc.Open))
		s.loadCustomer()
	})
}

// writeOffDialog is the write-off form a test fills in.
type writeOffDialog struct {
	amount, reason *escEntry
	date           *widget.Entry
	ok             *widget.Button
	problem        *widget.Label
	dlg            dialog.Dialog
}

// showWriteOff asks how much of an invoice to write off, on which day
// (today unless the user says; the books date the bad debt), and why.
// A refusal shows in the form, which stays open.
func showWriteOff(a *app, l writeOffLedger, doc ledger.Document, done func()) *writeOffDialog {
	w := &writeOffDialog{amount: newEscEntry(false), date: a.dateEntry(a.today()), reason: newEscEntry(false), problem: fieldError()}
	w.amount.SetText(doc.Open.Plain())
	w.reason.SetPlaceHolder("e.g. customer insolvent")
	w.ok = widget.NewButton("Write off", func() {
		m, err := paidapp.ParseAmount(a.number(w.amount.Text), doc.Open.Currency, "amount")
		if err != nil {
			setFieldError(w.problem, userMessage(err))
			return
		}
		day, err := parseDateField(w.date.Text, a.today())
		if err != nil {
			setFieldError(w.problem, "Date: "+err.Error())
			return
		}
		req := paidapp.WriteOffRequest{Invoice: doc.Number, Date: day, Amount: &m, Reason: strings.TrimSpace(w.reason.Text)}
		setFieldError(w.problem, "")
		w.ok.Disable()
		a.env.spawn(func() {
			_, err := l.WriteOffInvoice(a.base, req)
			a.env.do(func() {
				w.ok.Enable()
				if err != nil {
					setFieldError(w.problem, userMessage(err))
					return
				}
				w.dlg.Hide()
				done()
			})
		})
	})
	w.ok.Importance = widget.DangerImportance
	w.dlg = dialog.NewCustomWithoutButtons("Write off "+doc.Number, container.NewVBox(
		widget.NewLabel("A write-off gives the amount up as a bad debt (Dr 6100, Cr 1100)."),
		widget.NewForm(widget.NewFormItem("Amount", w.amount), widget.NewFormItem("Date", w.date), widget.NewFormItem("Reason", w.reason)),
		w.problem, container.NewHBox(layout.NewSpacer(), widget.NewButton("Cancel", func() { w.dlg.Hide() }), w.ok)), a.win)
	w.dlg.Resize(fyne.NewSize(480, 300))
	w.dlg.Show()
	return w
}
