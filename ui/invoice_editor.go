package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/ledger"
)

// invoiceEditorLedger is what the draft editor reads and does.
type invoiceEditorLedger interface {
	DocumentByID(ctx context.Context, id int64) (ledger.Document, error)
	CustomerByCode(ctx context.Context, code string) (ledger.Customer, error)
	customerFinder
	SaveDraft(ctx context.Context, id int64, in ledger.InvoiceInput) (int64, error)
	IssueDraft(ctx context.Context, id int64) (ledger.Document, error)
	DiscardDraft(ctx context.Context, id int64) error
}

// invoiceEditor edits a draft invoice: customer, dates, lines with live
// totals computed by ledger.PreviewInvoice, then save, issue or discard.
type invoiceEditor struct {
	*app
	l    invoiceEditorLedger
	back func()
	id   int64  // 0 for a draft not yet saved
	cur  string // the customer's currency, once known

	box      *fyne.Container
	title    *widget.Label
	customer *widget.Entry
	picker   *customerPicker // over customer
	custName string          // the customer looked up, for the confirmation
	// saved is the form as last loaded or saved (snapshot): a form that
	// differs has changes a user would lose by leaving.
	saved string
	// confirm and leave are the dialogs last shown (tests answer them).
	confirm, leave dialog.Dialog
	custInfo       *widget.Label
	date, due      *widget.Entry
	reference      *widget.Entry
	notes          *widget.Entry
	// For e-invoices: the date or period of the service, the payment means.
	serviceFrom, serviceTo *widget.Entry
	means                  *widget.Select
	discount               *widget.Entry // early-payment discount terms; blank: the customer's
	lines                  *fyne.Container
	rows                   []*lineRow
	totals                 *widget.Label
	problem                *widget.Label
	save, issue, discard   *widget.Button
}

// lineRow is the entries of one invoice line.
type lineRow struct {
	box                                 *fyne.Container
	desc, qty, price, discount, taxRate *widget.Entry
	net                                 *widget.Label
	// For e-invoices: the VAT category, its exemption reason, the unit.
	vat          *widget.Select
	reason, unit *widget.Entry
}

// vatChoices are the line's VAT categories ("" is S above 0%).
var vatChoices = append([]string{""}, ledger.VATCategories...)

// meansChoices are the payment means ("" is a transfer to payment.iban).
var meansChoices = append([]string{""}, ledger.PaymentMeansNames...)

func newInvoiceEditor(a *app, l invoiceEditorLedger, back func()) *invoiceEditor {
	e := &invoiceEditor{app: a, l: l, back: back, title: heading("New invoice"), custInfo: widget.NewLabel(""),
		customer: widget.NewEntry(), date: a.dateEntry(zeroTime), due: a.dateEntry(zeroTime),
		reference: widget.NewEntry(), notes: widget.NewMultiLineEntry(),
		serviceFrom: a.dateEntry(zeroTime), serviceTo: a.dateEntry(zeroTime), means: widget.NewSelect(meansChoices, nil),
		discount: widget.NewEntry(), lines: container.NewVBox(), totals: widget.NewLabel(""), problem: fieldError()}
	e.customer.SetPlaceHolder("Customer: type a name, code or email")
	e.customer.OnChanged = func(string) { e.cur = ""; e.custInfo.SetText("Choose from the list, or press Enter"); e.recalc() }
	e.picker = newCustomerPicker(a, l, e.customer, func(string) { e.lookupCustomer() })
	e.due.SetPlaceHolder("blank: date + the customer's terms")
	e.serviceFrom.SetPlaceHolder("date of delivery, or the first day of the period")
	e.serviceTo.SetPlaceHolder("last day of the period; blank: a single date")
	e.means.PlaceHolder = "bank transfer to your IBAN"
	e.discount.SetPlaceHolder("blank: the customer's; " + discountHint)
	e.totals.TextStyle.Monospace = true
	e.save = widget.NewButtonWithIcon("Save draft", theme.DocumentSaveIcon(), e.onSave)
	e.issue = widget.NewButtonWithIcon("Issue", theme.ConfirmIcon(), e.onIssue)
	e.issue.Importance = widget.HighImportance
	e.discard = widget.NewButtonWithIcon("Discard", theme.DeleteIcon(), e.onDiscard)
	return e
}

func (e *invoiceEditor) content() fyne.CanvasObject {
	head := widget.NewForm(
		widget.NewFormItem("Customer", container.NewBorder(nil, nil, nil, e.custInfo, e.customer)),
		widget.NewFormItem("Date", e.date),
		widget.NewFormItem("Due", e.due),
		widget.NewFormItem("Reference", e.reference),
		widget.NewFormItem("Notes", e.notes),
		widget.NewFormItem("Service from", e.serviceFrom),
		widget.NewFormItem("Service to", e.serviceTo),
		widget.NewFormItem("Payment means", e.means),
		widget.NewFormItem("Early-payment discount", e.discount),
	)
	header := container.NewGridWithColumns(6, heading("Description"), heading("Quantity"), heading("Unit price"),
		heading("Discount %"), heading("Tax %"), heading("Net"))
	addLine := widget.NewButtonWithIcon("Add line", theme.ContentAddIcon(), func() { e.addLine(ledger.Line{}) })
	body := container.NewVBox(head, header, e.lines, addLine, e.totals, e.problem)
	bar := container.NewHBox(widget.NewButtonWithIcon("Invoices", theme.NavigateBackIcon(), func() { e.leaving(e.back) }), e.title,
		layout.NewSpacer(), e.discard, e.save, e.issue)
	e.box = container.NewBorder(bar, nil, nil, nil, container.NewVScroll(body))
	return e.box
}

// reset starts a new draft.
func (e *invoiceEditor) reset(code string) {
	e.id, e.cur = 0, ""
	e.title.SetText("New invoice")
	e.picker.set(code)
	e.date.SetText(fmtDate(e.today()))
	e.due.SetText("")
	e.reference.SetText("")
	e.notes.SetText("")
	e.serviceFrom.SetText("")
	e.serviceTo.SetText("")
	e.means.ClearSelected()
	e.discount.SetText("")
	e.rows = nil
	e.lines.Objects = nil
	e.addLine(ledger.Line{})
	e.discard.Disable()
	setFieldError(e.problem, "")
	e.custName = ""
	e.saved = e.snapshot()
	if code != "" {
		e.lookupCustomer()
	} else {
		e.win.Canvas().Focus(e.customer)
	}
}

// load opens a saved draft.
func (e *invoiceEditor) load(id int64) {
	var terms string // the draft's discount terms, as saved
	run(e.app, e.base, "Could not open the draft", func(ctx context.Context) (ledger.Document, error) {
		d, err := e.l.DocumentByID(ctx, id)
		if dl, ok := e.l.(discountLedger); ok && err == nil {
			var o ledger.DiscountOffer
			if o, err = dl.InvoiceDiscountByID(ctx, id); err == nil {
				terms = o.Terms.String()
				if terms == "" {
					terms = "none"
				}
			}
		}
		return d, err
	}, func(d ledger.Document) {
		e.reset("")
		e.id, e.cur = d.ID, d.Total.Currency
		e.title.SetText(fmt.Sprintf("Draft for %s", d.CustomerName))
		e.picker.set(d.CustomerCode)
		e.cur = d.Total.Currency
		e.custInfo.SetText(d.CustomerName + ", " + e.cur)
		e.date.SetText(fmtDate(d.Date))
		e.due.SetText(fmtDate(d.DueDate))
		e.reference.SetText(d.Reference)
		e.notes.SetText(d.Notes)
		if !d.ServiceFrom.IsZero() {
			e.serviceFrom.SetText(fmtDate(d.ServiceFrom))
		}
		if !d.ServiceTo.IsZero() {
			e.serviceTo.SetText(fmtDate(d.ServiceTo))
		}
		if d.PaymentMeans != "" {
			e.means.SetSelected(d.PaymentMeans)
		}
		e.discount.SetText(terms)
		e.rows = nil
		e.lines.Objects = nil
		for _, l := range d.Lines {
			e.addLine(l)
		}
		if len(d.Lines) == 0 {
			e.addLine(ledger.Line{})
		}
		e.discard.Enable()
		e.custName = d.CustomerName
		e.recalc()
		e.saved = e.snapshot()
	})
}

func (e *invoiceEditor) lookupCustomer() {
	code := strings.TrimSpace(e.customer.Text)
	run(e.app, e.base, "Could not look up the customer", func(ctx context.Context) (ledger.Customer, error) {
		c, err := e.l.CustomerByCode(ctx, code)
		if ledger.ErrorCode(err) == ledger.ENOTFOUND {
			e.env.do(func() { e.custInfo.SetText("No such customer") })
			return c, errHandled
		}
		return c, err
	}, func(c ledger.Customer) {
		if strings.TrimSpace(e.customer.Text) != code {
			return // typed on meanwhile
		}
		e.cur, e.custName = c.Currency, c.Name
		e.custInfo.SetText(fmt.Sprintf("%s, %s, %d days", c.Name, c.Currency, c.TermsDays))
		for _, r := range e.rows {
			r.price.SetPlaceHolder("0.00 " + c.Currency)
		}
		e.recalc()
	})
}

func (e *invoiceEditor) addLine(l ledger.Line) {
	r := &lineRow{desc: widget.NewEntry(), qty: widget.NewEntry(), price: widget.NewEntry(),
		discount: widget.NewEntry(), taxRate: widget.NewEntry(), net: widget.NewLabel(""),
		vat: widget.NewSelect(vatChoices, nil), reason: widget.NewEntry(), unit: widget.NewEntry()}
	r.vat.PlaceHolder = "VAT category: S above 0%"
	r.reason.SetPlaceHolder("exemption reason (category E)")
	r.unit.SetPlaceHolder("unit: C62 (one), HUR, DAY, H87…")
	if l.VATCategory != "" {
		r.vat.SetSelected(l.VATCategory)
	}
	r.reason.SetText(l.VATReason)
	r.unit.SetText(l.UnitCode)
	r.vat.OnChanged = func(string) { e.recalc() }
	r.desc.SetText(l.Description)
	r.qty.SetPlaceHolder("1")
	if l.Quantity != 0 {
		r.qty.SetText(l.Quantity.String())
	}
	if e.cur != "" && (l.UnitPrice != 0 || l.Description != "") {
		r.price.SetText(ledger.NewMoney(l.UnitPrice, e.cur).Plain())
	}
	if l.Discount != 0 {
		r.discount.SetText(l.Discount.String())
	}
	if l.TaxRate != 0 {
		r.taxRate.SetText(l.TaxRate.String())
	}
	r.net.Alignment = fyne.TextAlignTrailing
	for _, en := range []*widget.Entry{r.desc, r.qty, r.price, r.discount, r.taxRate, r.reason, r.unit} {
		en.OnChanged = func(string) { e.recalc() }
	}
	remove := widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() { e.removeLine(r) })
	r.box = container.NewBorder(nil, container.NewGridWithColumns(3, r.vat, r.reason, r.unit), nil, remove,
		container.NewGridWithColumns(6, r.desc, r.qty, r.price, r.discount, r.taxRate, r.net))
	e.rows = append(e.rows, r)
	e.lines.Add(r.box)
	e.recalc()
}

func (e *invoiceEditor) removeLine(r *lineRow) {
	for i, x := range e.rows {
		if x == r {
			e.rows = append(e.rows[:i], e.rows[i+1:]...)
			break
		}
	}
	e.lines.Remove(r.box)
	e.recalc()
}

// readLines parses the line entries (paidapp.ParseLines); blank rows are
// left out.
func (e *invoiceEditor) readLines() ([]ledger.Line, error) {
	forms := make([]paidapp.LineForm, len(e.rows))
	for i, r := range e.rows {
		forms[i] = paidapp.LineForm{Description: r.desc.Text, Quantity: e.number(r.qty.Text), UnitPrice: e.number(r.price.Text),
			Discount: e.number(r.discount.Text), TaxRate: e.number(r.taxRate.Text),
			VATCategory: r.vat.Selected, VATReason: r.reason.Text, UnitCode: r.unit.Text}
	}
	return paidapp.ParseLines(e.cur, forms)
}

// recalc shows each line's net and the totals, as the ledger would
// compute them on issue.
func (e *invoiceEditor) recalc() {
	lines, err := e.readLines()
	if err == nil && e.cur != "" {
		var p ledger.InvoicePreview
		if p, err = ledger.PreviewInvoice(e.cur, lines); err == nil {
			k := 0
			for _, r := range e.rows {
				r.net.SetText("")
				if !(paidapp.LineForm{Description: r.desc.Text, Quantity: r.qty.Text, UnitPrice: r.price.Text}).Blank() && k < len(p.Lines) {
					r.net.SetText(ledger.NewMoney(p.Lines[k].Net, e.cur).String())
					k++
				}
			}
			text := fmt.Sprintf("%-10s %18s\n", "Net", p.Net)
			for _, t := range p.Taxes {
				text += fmt.Sprintf("%-10s %18s\n", "Tax "+t.Rate.String()+"%", ledger.NewMoney(t.Tax, e.cur))
			}
			e.totals.SetText(text + fmt.Sprintf("%-10s %18s", "Total", p.Total))
			setFieldError(e.problem, "")
			return
		}
	}
	e.totals.SetText("")
	if err != nil {
		setFieldError(e.problem, userMessage2(err))
	}
}

// userMessage2 is the message of an input error or a ledger error.
func userMessage2(err error) string {
	if ledger.ErrorCode(err) == ledger.EINTERNAL {
		return err.Error() // our own parse messages carry no secrets
	}
	return userMessage(err)
}

// input reads the form as an InvoiceInput.
func (e *invoiceEditor) input() (ledger.InvoiceInput, error) {
	in := ledger.InvoiceInput{CustomerCode: strings.TrimSpace(e.customer.Text),
		Reference: strings.TrimSpace(e.reference.Text), Notes: strings.TrimSpace(e.notes.Text)}
	var err error
	if in.Date, err = parseDateField(e.date.Text, e.today()); err != nil {
		return in, fmt.Errorf("date: %v", err)
	}
	if in.DueDate, err = parseDateField(e.due.Text, zeroTime); err != nil {
		return in, fmt.Errorf("due date: %v", err)
	}
	if in.ServiceFrom, err = parseDateField(e.serviceFrom.Text, zeroTime); err != nil {
		return in, fmt.Errorf("service from: %v", err)
	}
	if in.ServiceTo, err = parseDateField(e.serviceTo.Text, zeroTime); err != nil {
		return in, fmt.Errorf("service to: %v", err)
	}
	in.PaymentMeans = e.means.Selected
	if in.Discount, err = parseDiscountField(e.discount.Text); err != nil {
		return in, fmt.Errorf("early-payment discount: %v", err)
	}
	in.Lines, err = e.readLines()
	return in, err
}

// saveThen saves the draft in the background and then runs next with its id.
func (e *invoiceEditor) saveThen(next func(ctx context.Context, id int64) (ledger.Document, error), done func(ledger.Document)) {
	in, err := e.input()
	if err != nil {
		setFieldError(e.problem, err.Error())
		return
	}
	id := e.id
	run(e.app, e.base, "Could not save the invoice", func(ctx context.Context) (ledger.Document, error) {
		id, err := e.l.SaveDraft(ctx, id, in)
		if err != nil {
			return ledger.Document{}, err
		}
		e.env.do(func() { e.id = id; e.discard.Enable() })
		return next(ctx, id)
	}, done)
}

func (e *invoiceEditor) onSave() { e.saveDraft(nil) }

// saveDraft saves the draft, then runs then (if any).
func (e *invoiceEditor) saveDraft(then func()) {
	snap := e.snapshot()
	e.saveThen(func(ctx context.Context, id int64) (ledger.Document, error) { return e.l.DocumentByID(ctx, id) },
		func(d ledger.Document) {
			e.saved = snap
			e.title.SetText("Draft for " + d.CustomerName + " (saved)")
			if then != nil {
				then()
			}
		})
}

// onIssue shows what issuing will post and issues once the user agrees:
// an issued invoice takes its number and cannot be edited, only voided.
func (e *invoiceEditor) onIssue() {
	in, err := e.input()
	if err == nil && e.cur == "" {
		err = errors.New("choose the customer first")
	}
	var p ledger.InvoicePreview
	if err == nil {
		p, err = ledger.PreviewInvoice(e.cur, in.Lines)
	}
	if err != nil {
		setFieldError(e.problem, userMessage2(err))
		return
	}
	due := "after the customer's terms"
	if !in.DueDate.IsZero() {
		due = fmtDate(in.DueDate)
	}
	var tax int64
	for _, t := range p.Taxes {
		tax += t.Tax
	}
	posts := fmt.Sprintf("Dr 1100 Accounts receivable  %16s\nCr 4000 Sales                %16s\n", p.Total, p.Net)
	if tax != 0 {
		posts += fmt.Sprintf("Cr 2200 Sales tax payable    %16s\n", ledger.NewMoney(tax, e.cur))
	}
	text := widget.NewLabel(fmt.Sprintf("Issue the invoice to %s (%s), dated %s, due %s?\n"+
		"It takes the next invoice number and cannot be changed afterwards, only voided.\n\nIt posts:",
		e.custName, strings.TrimSpace(e.customer.Text), fmtDate(in.Date), due))
	text.Wrapping = fyne.TextWrapWord
	entries := widget.NewLabel(strings.TrimSuffix(posts, "\n"))
	entries.TextStyle.Monospace = true
	show := func(credit *creditNotice) {
		body := container.NewVBox(text, entries)
		if credit != nil {
			body.Add(credit.box)
		}
		d := dialog.NewCustomConfirm("Issue invoice", "Issue", "Cancel", body, func(ok bool) {
			switch {
			case !ok:
			case credit != nil && credit.hold != nil:
				if !credit.overridden() {
					// A held customer needs a reason: the dialog comes back.
					e.onIssue()
					return
				}
				e.issueOverriding(credit.reason.Text)
			default:
				e.issueNow()
			}
		}, e.win)
		d.Resize(fyne.NewSize(560, 320))
		e.confirm = d
		d.Show()
	}
	e.creditNotice(strings.TrimSpace(e.customer.Text), p.Total, show)
}

func (e *invoiceEditor) issueNow() {
	e.saveThen(func(ctx context.Context, id int64) (ledger.Document, error) { return e.l.IssueDraft(ctx, id) },
		func(d ledger.Document) {
			e.saved = e.snapshot()
			e.nav.invoices().open(d.ID, d.Status)
		})
}

// snapshot is the form's content as one string, to tell unsaved changes.
func (e *invoiceEditor) snapshot() string {
	parts := []string{e.customer.Text, e.date.Text, e.due.Text, e.reference.Text, e.notes.Text, e.serviceFrom.Text, e.serviceTo.Text, e.means.Selected, e.discount.Text}
	for _, r := range e.rows {
		parts = append(parts, r.desc.Text, r.qty.Text, r.price.Text, r.discount.Text, r.taxRate.Text, r.vat.Selected, r.reason.Text, r.unit.Text)
	}
	return strings.Join(parts, "\x00")
}

// dirty says whether the form holds changes not saved.
func (e *invoiceEditor) dirty() bool { return e.snapshot() != e.saved }

// leaving runs next (which leaves the editor) at once if nothing would be
// lost, else after asking: save the draft first, leave without saving, or
// stay.
func (e *invoiceEditor) leaving(next func()) {
	if !e.box.Visible() || !e.dirty() {
		next()
		return
	}
	var d dialog.Dialog
	save := widget.NewButtonWithIcon("Save draft", theme.DocumentSaveIcon(), func() { d.Hide(); e.saveDraft(next) })
	save.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons("Unsaved changes", container.NewVBox(
		widget.NewLabel("This invoice has changes that are not saved."),
		container.NewHBox(widget.NewButton("Cancel", func() { d.Hide() }),
			widget.NewButton("Leave without saving", func() { d.Hide(); next() }), save)), e.win)
	e.leave = d
	d.Show()
}

func (e *invoiceEditor) onDiscard() {
	if e.id == 0 {
		e.back()
		return
	}
	dialog.ShowConfirm("Discard draft", "Discard this draft? Nothing was posted for it.", func(ok bool) {
		if !ok {
			return
		}
		id := e.id
		run(e.app, e.base, "Could not discard the draft", func(ctx context.Context) (struct{}, error) {
			return struct{}{}, e.l.DiscardDraft(ctx, id)
		}, func(struct{}) { e.back() })
	}, e.win)
}
