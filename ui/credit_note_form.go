package ui

import (
	"context"
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

// creditNoteLedger is what the credit note form reads and does.
type creditNoteLedger interface {
	Document(ctx context.Context, number string) (ledger.Document, error)
	CreditCustomer(ctx context.Context, req paidapp.CreditNoteRequest) (ledger.Document, error)
}

// Where the credit goes, besides a named invoice.
const (
	creditOldestFirst = "Oldest open invoices first"
	creditKeep        = "Keep it all as the customer's credit"
)

// creditNoteForm issues a credit note with lines at their own rates,
// crediting one invoice (whose lines it can copy), the oldest open ones,
// or none; the totals show as the lines are typed, and the dialog says
// what will be posted before anything is.
type creditNoteForm struct {
	*app
	l        creditNoteLedger
	code     string
	cur      string
	invoices map[string]string // choice → invoice number
	done     func(ledger.Document)

	target     *widget.Select
	copyLines  *widget.Button
	reference  *escEntry
	date       *widget.Entry
	lines      *fyne.Container
	rows       []*creditLineRow
	totals     *widget.Label
	problem    *widget.Label
	issue      *widget.Button
	dlg        dialog.Dialog
	confirming dialog.Dialog // the confirmation last shown (tests answer it)
}

// creditLineRow is the entries of one credit note line.
type creditLineRow struct {
	box                             *fyne.Container
	desc, qty, price, discount, tax *escEntry
	remove                          *widget.Button
}

// showCreditNote opens the form for customer code (currency cur) with
// their open invoices to choose from; invoice, when not "", is chosen and
// its lines copied.
func showCreditNote(a *app, l creditNoteLedger, code, cur string, open []ledger.DocumentRow, invoice string, done func(ledger.Document)) *creditNoteForm {
	f := &creditNoteForm{app: a, l: l, code: code, cur: cur, invoices: map[string]string{}, done: done,
		reference: newEscEntry(false), date: a.dateEntry(a.today()), lines: container.NewVBox(),
		totals: widget.NewLabel(""), problem: fieldError()}
	choices := []string{creditOldestFirst, creditKeep}
	chosen := creditOldestFirst
	for _, d := range open {
		if d.Kind != ledger.KindInvoice {
			continue
		}
		c := fmt.Sprintf("%s · open %s", d.Number, d.Open)
		choices = append(choices, c)
		f.invoices[c] = d.Number
		if d.Number == invoice {
			chosen = c
		}
	}
	f.target = widget.NewSelect(choices, func(string) { f.onTarget() })
	f.copyLines = widget.NewButtonWithIcon("Copy its lines", theme.ContentCopyIcon(), f.onCopyLines)
	f.reference.SetPlaceHolder("e.g. RMA 12 or the customer's claim")
	f.totals.TextStyle.Monospace = true
	f.issue = widget.NewButtonWithIcon("Issue credit note…", theme.ConfirmIcon(), f.onIssue)
	f.issue.Importance = widget.HighImportance
	header := container.NewGridWithColumns(5, heading("Description"), heading("Quantity"), heading("Unit price"), heading("Discount %"), heading("Tax %"))
	add := widget.NewButtonWithIcon("Add line", theme.ContentAddIcon(), func() { f.addLine(ledger.Line{}) })
	f.dlg = dialog.NewCustomWithoutButtons("Credit note for "+code, container.NewVBox(
		widget.NewForm(
			widget.NewFormItem("Credit", container.NewBorder(nil, nil, nil, f.copyLines, f.target)),
			widget.NewFormItem("Date", f.date),
			widget.NewFormItem("Reference", f.reference)),
		header, f.lines, add, f.totals, f.problem,
		container.NewHBox(layout.NewSpacer(), widget.NewButton("Cancel", func() { f.dlg.Hide() }), f.issue)), a.win)
	f.addLine(ledger.Line{})
	f.target.SetSelected(chosen)
	if invoice != "" && chosen != creditOldestFirst {
		f.onCopyLines()
	}
	f.dlg.Resize(fyne.NewSize(820, 480))
	f.dlg.Show()
	return f
}

// onTarget offers to copy the lines of a chosen invoice.
func (f *creditNoteForm) onTarget() {
	setEnabled(f.copyLines, f.invoices[f.target.Selected] != "")
}

// onCopyLines replaces the lines with the chosen invoice's: crediting a
// whole invoice, or part of it after deleting or changing lines.
func (f *creditNoteForm) onCopyLines() {
	number := f.invoices[f.target.Selected]
	if number == "" {
		return
	}
	run(f.app, f.base, "Could not read "+number, func(ctx context.Context) (ledger.Document, error) {
		return f.l.Document(ctx, number)
	}, func(d ledger.Document) {
		f.rows, f.lines.Objects = nil, nil
		for _, l := range d.Lines {
			f.addLine(l)
		}
		if f.reference.Text == "" {
			f.reference.SetText("Credit for " + number)
		}
		f.lines.Refresh()
		f.recalc()
	})
}

func (f *creditNoteForm) addLine(l ledger.Line) {
	r := &creditLineRow{desc: newEscEntry(false), qty: newEscEntry(false), price: newEscEntry(false), discount: newEscEntry(false), tax: newEscEntry(false)}
	r.desc.SetPlaceHolder("e.g. Returned goods")
	r.qty.SetPlaceHolder("1")
	r.price.SetPlaceHolder("net, " + f.cur)
	r.tax.SetPlaceHolder("0")
	r.desc.SetText(l.Description)
	if l.Quantity != 0 {
		r.qty.SetText(l.Quantity.String())
	}
	if l.UnitPrice != 0 {
		r.price.SetText(ledger.NewMoney(l.UnitPrice, f.cur).Plain())
	}
	if l.Discount != 0 {
		r.discount.SetText(l.Discount.String())
	}
	if l.TaxRate != 0 {
		r.tax.SetText(l.TaxRate.String())
	}
	for _, e := range []*escEntry{r.desc, r.qty, r.price, r.discount, r.tax} {
		e.OnChanged = func(string) { f.recalc() }
	}
	r.remove = widget.NewButtonWithIcon("", theme.ContentRemoveIcon(), func() { f.removeLine(r) })
	r.box = container.NewBorder(nil, nil, nil, r.remove, container.NewGridWithColumns(5, r.desc, r.qty, r.price, r.discount, r.tax))
	f.rows = append(f.rows, r)
	f.lines.Add(r.box)
	f.recalc()
}

func (f *creditNoteForm) removeLine(r *creditLineRow) {
	for i, x := range f.rows {
		if x == r {
			f.rows = append(f.rows[:i], f.rows[i+1:]...)
			f.lines.Remove(r.box)
			break
		}
	}
	f.recalc()
}

// parsed reads the lines the user typed (blank ones skipped) through the
// application layer's parser, in the business's number format.
func (f *creditNoteForm) parsed() ([]ledger.Line, error) {
	var forms []paidapp.LineForm
	for _, r := range f.rows {
		lf := paidapp.LineForm{Description: r.desc.Text, Quantity: f.number(r.qty.Text), UnitPrice: f.number(r.price.Text),
			Discount: f.number(r.discount.Text), TaxRate: f.number(r.tax.Text)}
		if lf.Blank() {
			continue
		}
		if strings.TrimSpace(lf.Quantity) == "" {
			lf.Quantity = "1"
		}
		forms = append(forms, lf)
	}
	if len(forms) == 0 {
		return nil, ledger.Errorf(ledger.EINVALID, "a credit note needs at least one line: what is credited and its net amount")
	}
	return paidapp.ParseLines(f.cur, forms)
}

// recalc shows the totals of what is typed, or what is wrong with it.
func (f *creditNoteForm) recalc() {
	lines, err := f.parsed()
	if err == nil {
		var p ledger.InvoicePreview
		if p, err = ledger.PreviewInvoice(f.cur, lines); err == nil {
			f.totals.SetText(fmt.Sprintf("Net %s   Tax %s   Total credited %s", p.Net, p.Tax, p.Total))
			setFieldError(f.problem, "")
			return
		}
	}
	f.totals.SetText("")
	setFieldError(f.problem, userMessage(err))
}

// request is the credit note the form describes.
func (f *creditNoteForm) request() (paidapp.CreditNoteRequest, ledger.Money, error) {
	lines, err := f.parsed()
	if err != nil {
		return paidapp.CreditNoteRequest{}, ledger.Money{}, err
	}
	p, err := ledger.PreviewInvoice(f.cur, lines)
	if err != nil {
		return paidapp.CreditNoteRequest{}, ledger.Money{}, err
	}
	day, err := parseDateField(f.date.Text, f.today())
	if err != nil {
		return paidapp.CreditNoteRequest{}, ledger.Money{}, ledger.Errorf(ledger.EINVALID, "Date: %v", err)
	}
	req := paidapp.CreditNoteRequest{CustomerCode: f.code, Date: day, Reference: strings.TrimSpace(f.reference.Text), Lines: lines,
		Invoice: f.invoices[f.target.Selected], KeepUnapplied: f.target.Selected == creditKeep}
	return req, p.Total, nil
}

// onIssue says what will be posted and posts it when the user agrees.
func (f *creditNoteForm) onIssue() {
	req, total, err := f.request()
	if err != nil {
		setFieldError(f.problem, userMessage(err))
		return
	}
	where := "It settles the customer's oldest open invoices first; the rest stays as their credit."
	switch {
	case req.Invoice != "":
		where = "It settles " + req.Invoice + " first; the rest stays as the customer's credit."
	case req.KeepUnapplied:
		where = "It settles nothing now: all of it stays as the customer's credit."
	}
	msg := fmt.Sprintf("Issue a credit note of %s to %s, dated %s?\n%s\nA posted credit note is never edited: a wrong one is voided.",
		total, f.code, fmtDate(req.Date), where)
	f.confirming = dialog.NewConfirm("Issue credit note", msg, func(ok bool) {
		if !ok {
			return
		}
		f.dlg.Hide()
		run(f.app, f.base, "Could not issue the credit note", func(ctx context.Context) (ledger.Document, error) {
			return f.l.CreditCustomer(ctx, req)
		}, f.done)
	}, f.win)
	f.confirming.Show()
}
