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

	"paidup/ledger"
)

// invoiceView shows an issued or void invoice with its lines and what
// settled it, and the acts that apply to it.
type invoiceView struct {
	*app
	back func()
	doc  ledger.Document

	box                 *fyne.Container
	title               *widget.Label
	body                *widget.Label
	allocs              *widget.Label
	void, pay, writeOff *widget.Button
}

func newInvoiceView(a *app, back func()) *invoiceView {
	v := &invoiceView{app: a, back: back, title: heading(""), body: widget.NewLabel(""), allocs: widget.NewLabel("")}
	v.body.TextStyle.Monospace = true
	v.allocs.TextStyle.Monospace = true
	v.void = widget.NewButtonWithIcon("Void…", theme.CancelIcon(), v.onVoid)
	v.pay = widget.NewButtonWithIcon("Record payment", theme.ConfirmIcon(), func() {
		v.nav.payments().newPayment(v.doc.CustomerCode)
	})
	v.writeOff = widget.NewButtonWithIcon("Write off…", theme.DeleteIcon(), func() { showWriteOff(v.app, v.doc, func() { v.load(v.doc.ID) }) })
	return v
}

func (v *invoiceView) content() fyne.CanvasObject {
	// PDFs and disputes belong to other packages; until they land the
	// buttons say so rather than pretend.
	pdf := widget.NewButtonWithIcon("PDF (available when invoice PDFs land in reports)", theme.DocumentPrintIcon(), nil)
	pdf.Disable()
	dispute := widget.NewButton("Dispute (available when reminders land)", nil)
	dispute.Disable()
	bar := container.NewHBox(widget.NewButtonWithIcon("Invoices", theme.NavigateBackIcon(), v.back), v.title,
		layout.NewSpacer(), v.pay, v.writeOff, v.void)
	body := container.NewVBox(v.body, heading("Settled by"), v.allocs, container.NewHBox(pdf, dispute))
	v.box = container.NewBorder(bar, nil, nil, nil, container.NewVScroll(body))
	return v.box
}

func (v *invoiceView) load(id int64) {
	v.title.SetText("Loading…")
	type loaded struct {
		doc    ledger.Document
		allocs []ledger.Allocation
	}
	run(v.app, v.base, "Could not open the invoice", func(ctx context.Context) (loaded, error) {
		d, err := v.l.DocumentByID(ctx, id)
		if err != nil {
			return loaded{}, err
		}
		as, err := v.l.Allocations(ctx, id)
		return loaded{d, as}, err
	}, func(r loaded) { v.show(r.doc, r.allocs) })
}

func (v *invoiceView) show(d ledger.Document, allocs []ledger.Allocation) {
	v.doc = d
	v.title.SetText(fmt.Sprintf("Invoice %s — %s (%s)", d.Number, d.CustomerName, d.Status))
	var b strings.Builder
	fmt.Fprintf(&b, "Customer  %s %s\nDate      %s\nDue       %s\n", d.CustomerCode, d.CustomerName, fmtDate(d.Date), fmtDate(d.DueDate))
	if d.Reference != "" {
		fmt.Fprintf(&b, "Reference %s\n", d.Reference)
	}
	if d.Status == ledger.StatusVoid {
		fmt.Fprintf(&b, "VOID      %s: %s\n", fmtDate(d.VoidDate), d.VoidReason)
	}
	fmt.Fprintf(&b, "\n%-40s %10s %14s %7s %16s\n", "Description", "Quantity", "Unit price", "Tax %", "Net")
	cur := d.Total.Currency
	for _, l := range d.Lines {
		fmt.Fprintf(&b, "%-40s %10s %14s %7s %16s\n", truncate(l.Description, 40), l.Quantity, ledger.NewMoney(l.UnitPrice, cur).Plain(), l.TaxRate, ledger.NewMoney(l.Net, cur))
	}
	fmt.Fprintf(&b, "\n%76s %16s\n", "Net", d.Net)
	for _, t := range d.Taxes {
		fmt.Fprintf(&b, "%76s %16s\n", "Tax "+t.Rate.String()+"%", ledger.NewMoney(t.Tax, cur))
	}
	fmt.Fprintf(&b, "%76s %16s\n%76s %16s", "Total", d.Total, "Open", d.Open)
	v.body.SetText(b.String())
	var a strings.Builder
	for _, al := range allocs {
		state := ""
		if !al.VoidDate.IsZero() {
			state = "  (reversed " + fmtDate(al.VoidDate) + ")"
		}
		fmt.Fprintf(&a, "%s  %-12s %16s%s\n", fmtDate(al.Date), al.CreditNumber, al.Amount, state)
	}
	if len(allocs) == 0 {
		a.WriteString("Nothing yet.")
	}
	v.allocs.SetText(a.String())
	open := d.Status == ledger.StatusIssued && d.Open.IsPositive()
	setEnabled(v.pay, open)
	setEnabled(v.writeOff, open)
	setEnabled(v.void, d.Status == ledger.StatusIssued)
}

// onVoid asks for a reason and voids the invoice today.
func (v *invoiceView) onVoid() {
	reason := widget.NewEntry()
	reason.SetPlaceHolder("Why, e.g. issued twice")
	date := dateEntry(v.today())
	problem := fieldError()
	var d dialog.Dialog
	confirm := widget.NewButton("Void invoice", func() {
		day, err := parseDateField(date.Text, v.today())
		switch {
		case err != nil:
			setFieldError(problem, err.Error())
			return
		case strings.TrimSpace(reason.Text) == "":
			setFieldError(problem, "Give a reason: it is kept with the invoice.")
			return
		}
		number, id := v.doc.Number, v.doc.ID
		d.Hide()
		run(v.app, v.base, "Could not void "+number, func(ctx context.Context) (struct{}, error) {
			return struct{}{}, v.l.Void(ctx, number, day, strings.TrimSpace(reason.Text))
		}, func(struct{}) { v.load(id) })
	})
	confirm.Importance = widget.DangerImportance
	d = dialog.NewCustomWithoutButtons("Void "+v.doc.Number, container.NewVBox(
		widget.NewLabel("Voiding posts the exact reversal of the invoice and of what settled it."),
		widget.NewForm(widget.NewFormItem("Reason", reason), widget.NewFormItem("Date", date)), problem,
		container.NewHBox(layout.NewSpacer(), widget.NewButton("Cancel", func() { d.Hide() }), confirm)), v.win)
	d.Resize(fyne.NewSize(480, 260))
	d.Show()
}

func setEnabled(w fyne.Disableable, on bool) {
	if on {
		w.Enable()
	} else {
		w.Disable()
	}
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
