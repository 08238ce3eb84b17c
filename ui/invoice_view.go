package ui

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"paidup/internal/bidi"
	"paidup/ledger"
)

// invoiceViewLedger is what the invoice view reads and does.
type invoiceViewLedger interface {
	DocumentByID(ctx context.Context, id int64) (ledger.Document, error)
	Allocations(ctx context.Context, docID int64) ([]ledger.Allocation, error)
	OpenDisputeOf(ctx context.Context, number string) (ledger.Dispute, error)
	OpenDispute(ctx context.Context, number, reason string) (ledger.Dispute, error)
	ResolveDispute(ctx context.Context, number, resolution string) error
	voidLedger
	writeOffLedger
	invoicePDFLedger
	einvoiceLedger
	creditNoteLedger
}

// invoiceView shows an issued or void invoice with its lines and what
// settled it, and the acts that apply to it.
type invoiceView struct {
	*app
	l    invoiceViewLedger
	back func()
	doc  ledger.Document

	box                 *fyne.Container
	title               *widget.Label
	body                *widget.Label
	allocs              *widget.Label
	void, pay, writeOff *widget.Button
	writeOffForm        *writeOffDialog // the last one shown
	credit              *widget.Button
	creditForm          *creditNoteForm // the last one shown

	// dispute is the invoice's open dispute; its ID is 0 when there is none.
	dispute             ledger.Dispute
	disputeInfo         *widget.Label
	disputeBtn          *widget.Button
	preview, savePDFBtn *widget.Button
	openPDFBtn          *widget.Button
	saveEInvoiceBtn     *widget.Button
	pdfNote             *widget.Label
	previewNote         string // what the last preview said instead of an image
	// offer is the invoice's early-payment discount terms (discount_terms.go).
	offer   ledger.DiscountOffer
	offerID int64 // the invoice offer is of
}

func newInvoiceView(a *app, l invoiceViewLedger, back func()) *invoiceView {
	v := &invoiceView{app: a, l: l, back: back, title: heading(""), body: widget.NewLabel(""), allocs: widget.NewLabel("")}
	v.body.TextStyle.Monospace = true
	v.allocs.TextStyle.Monospace = true
	v.void = widget.NewButtonWithIcon("Void…", theme.CancelIcon(), v.onVoid)
	v.pay = widget.NewButtonWithIcon("Record payment", theme.ConfirmIcon(), func() {
		v.nav.payments().newPayment(v.doc.CustomerCode)
	})
	v.writeOff = widget.NewButtonWithIcon("Write off…", theme.DeleteIcon(), func() { v.writeOffForm = showWriteOff(v.app, v.l, v.doc, func() { v.load(v.doc.ID) }) })
	// Credit note… credits this invoice: its lines copied, to change.
	v.credit = widget.NewButtonWithIcon("Credit note…", theme.ContentUndoIcon(), func() {
		d := v.doc
		row := ledger.DocumentRow{ID: d.ID, Kind: d.Kind, Number: d.Number, Open: d.Open}
		v.creditForm = showCreditNote(v.app, v.l, d.CustomerCode, d.Total.Currency, []ledger.DocumentRow{row}, d.Number, func(ledger.Document) { v.load(d.ID) })
	})
	v.disputeInfo = widget.NewLabel("")
	v.disputeInfo.Importance = widget.WarningImportance
	v.disputeInfo.Wrapping = fyne.TextWrapWord
	v.disputeBtn = widget.NewButtonWithIcon("Dispute…", theme.WarningIcon(), v.onDispute)
	v.preview = widget.NewButtonWithIcon("Preview PDF", theme.VisibilityIcon(), v.onPreviewPDF)
	v.savePDFBtn = widget.NewButtonWithIcon("Save PDF as…", theme.DocumentSaveIcon(), v.onSavePDF)
	v.openPDFBtn = widget.NewButtonWithIcon("Open PDF", theme.FileIcon(), v.onOpenPDF)
	v.saveEInvoiceBtn = widget.NewButtonWithIcon("Save e-invoice…", theme.DocumentSaveIcon(), v.onSaveEInvoice)
	v.pdfNote = widget.NewLabel("")
	return v
}

func (v *invoiceView) content() fyne.CanvasObject {
	// The title takes what the buttons leave and ends in "…" when a long
	// name would not fit: the bar never widens the window.
	v.title.Truncation = fyne.TextTruncateEllipsis
	bar := container.NewBorder(nil, nil, widget.NewButtonWithIcon("Invoices", theme.NavigateBackIcon(), v.back),
		container.NewHBox(v.pay, v.credit, v.writeOff, v.void), v.title)
	body := container.NewVBox(v.disputeInfo, v.body, heading("Settled by"), v.allocs,
		container.NewHBox(v.preview, v.savePDFBtn, v.openPDFBtn, v.saveEInvoiceBtn, v.disputeBtn), v.pdfNote)
	v.box = container.NewBorder(bar, nil, nil, nil, container.NewVScroll(body))
	return v.box
}

func (v *invoiceView) load(id int64) {
	v.title.SetText("Loading…")
	type loaded struct {
		doc     ledger.Document
		allocs  []ledger.Allocation
		dispute ledger.Dispute
		offer   ledger.DiscountOffer
	}
	run(v.app, v.base, "Could not open the invoice", func(ctx context.Context) (loaded, error) {
		d, err := v.l.DocumentByID(ctx, id)
		if err != nil {
			return loaded{}, err
		}
		as, err := v.l.Allocations(ctx, id)
		if err != nil {
			return loaded{}, err
		}
		var x ledger.Dispute
		if d.Number != "" {
			x, err = v.l.OpenDisputeOf(ctx, d.Number)
			if ledger.ErrorCode(err) == ledger.ENOTFOUND {
				x, err = ledger.Dispute{}, nil
			}
		}
		var o ledger.DiscountOffer
		if dl, ok := v.l.(discountLedger); ok && err == nil {
			o, err = dl.InvoiceDiscountByID(ctx, id)
		}
		return loaded{d, as, x, o}, err
	}, func(r loaded) { v.offer, v.offerID = r.offer, r.doc.ID; v.show(r.doc, r.allocs, r.dispute) })
}

func (v *invoiceView) show(d ledger.Document, allocs []ledger.Allocation, x ledger.Dispute) {
	v.doc = d
	v.dispute = x
	status := ledger.State(d.Kind, d.Status, d.Total, d.Open, d.DueDate, ledger.SettledOf(allocs), v.today())
	if x.ID != 0 {
		status += ", disputed"
		v.disputeInfo.SetText(fmt.Sprintf("Disputed since %s: %s — no reminders until the dispute is resolved.", fmtDate(x.OpenedOn), x.Reason))
		v.disputeInfo.Show()
		v.disputeBtn.SetText("Resolve dispute…")
	} else {
		v.disputeInfo.SetText("")
		v.disputeInfo.Hide()
		v.disputeBtn.SetText("Dispute…")
	}
	setEnabled(v.disputeBtn, x.ID != 0 || d.Status == ledger.StatusIssued)
	v.pdfNote.SetText("")
	v.title.SetText(fmt.Sprintf("Invoice %s — %s (%s)", d.Number, bidi.Display(d.CustomerName), status))
	var b strings.Builder
	// Free text is cut to the table's width: a monospace line as long as
	// a long name would widen the window (the title has it whole).
	fmt.Fprintf(&b, "Customer  %s\nDate      %s\nDue       %s\n", truncate(d.CustomerCode+" "+d.CustomerName, 80), fmtDate(d.Date), fmtDate(d.DueDate))
	if d.Reference != "" {
		fmt.Fprintf(&b, "Reference %s\n", truncate(d.Reference, 80))
	}
	if s := discountText(v.offer); s != "" && v.offerID == d.ID {
		fmt.Fprintln(&b, s)
	}
	if d.Status == ledger.StatusVoid {
		fmt.Fprintf(&b, "VOID      %s\n", truncate(fmtDate(d.VoidDate)+": "+d.VoidReason, 80))
	}
	// The discount column only when a line has one; the issued invoice
	// then reads as it was written.
	disc := slices.ContainsFunc(d.Lines, func(l ledger.Line) bool { return l.Discount != 0 })
	head, w := fmt.Sprintf("%-36s %10s %14s", "Description", "Quantity", "Unit price"), 62
	if disc {
		head, w = head+fmt.Sprintf(" %7s", "Disc %"), w+8
	}
	fmt.Fprintf(&b, "\n%s %7s %16s\n", head, "Tax %", "Net")
	cur := d.Total.Currency
	for _, l := range d.Lines {
		row := fmt.Sprintf("%-36s %10s %14s", truncate(l.Description, 36), l.Quantity, ledger.NewMoney(l.UnitPrice, cur).Plain())
		if disc {
			row += fmt.Sprintf(" %7s", l.Discount)
		}
		fmt.Fprintf(&b, "%s %7s %16s\n", row, l.TaxRate, ledger.NewMoney(l.Net, cur))
	}
	fmt.Fprintf(&b, "\n%*s %16s\n", w+8, "Net", d.Net)
	for _, t := range d.Taxes {
		fmt.Fprintf(&b, "%*s %16s\n", w+8, "Tax "+t.Rate.String()+"%", ledger.NewMoney(t.Tax, cur))
	}
	fmt.Fprintf(&b, "%*s %16s\n%*s %16s", w+8, "Total", d.Total, w+8, "Open", d.Open)
	v.body.SetText(b.String())
	v.allocs.SetText(allocationText(allocs, func(al ledger.Allocation) string { return al.CreditNumber }, "Nothing yet."))
	open := d.Status == ledger.StatusIssued && d.Open.IsPositive()
	setEnabled(v.pay, open)
	setEnabled(v.writeOff, open)
	setEnabled(v.credit, open)
	setEnabled(v.void, d.Status == ledger.StatusIssued)
}

// onVoid asks for a reason and voids the invoice, then shows it again.
func (v *invoiceView) onVoid() {
	id := v.doc.ID
	confirmVoid(v.app, v.l, v.doc, func() { v.load(id) })
}

// onDispute opens a dispute with a reason, or resolves the open one.
func (v *invoiceView) onDispute() {
	text := newEscEntry(true)
	text.SetMinRowsVisible(3)
	problem := fieldError()
	var d dialog.Dialog
	title, intro, act := "Dispute "+v.doc.Number, "While the customer disputes the invoice it is never reminded; it stays in the aging, flagged.", "Open dispute"
	text.SetPlaceHolder("What the customer objects to, e.g. wrong quantity")
	if v.dispute.ID != 0 {
		title, act = "Resolve the dispute of "+v.doc.Number, "Resolve dispute"
		intro = fmt.Sprintf("Disputed since %s: %s\nOnce resolved, the invoice is reminded again when due.", fmtDate(v.dispute.OpenedOn), v.dispute.Reason)
		text.SetPlaceHolder("How it was settled (optional)")
	}
	confirm := widget.NewButton(act, func() {
		if v.dispute.ID == 0 && strings.TrimSpace(text.Text) == "" {
			setFieldError(problem, "Give a reason: it is kept with the dispute.")
			return
		}
		d.Hide()
		if v.dispute.ID != 0 {
			v.resolveDispute(text.Text)
		} else {
			v.openDispute(text.Text)
		}
	})
	confirm.Importance = widget.HighImportance
	intro2 := widget.NewLabel(intro)
	intro2.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(intro2, text, problem,
		container.NewHBox(layout.NewSpacer(), widget.NewButton("Cancel", func() { d.Hide() }), confirm)), v.win)
	d.Resize(fyne.NewSize(480, 280))
	d.Show()
}

// openDispute records the customer's dispute of the invoice shown.
func (v *invoiceView) openDispute(reason string) {
	number, id := v.doc.Number, v.doc.ID
	run(v.app, v.base, "Could not open a dispute of "+number, func(ctx context.Context) (ledger.Dispute, error) {
		return v.l.OpenDispute(ctx, number, reason)
	}, func(ledger.Dispute) { v.load(id) })
}

// resolveDispute closes the invoice's open dispute.
func (v *invoiceView) resolveDispute(note string) {
	number, id := v.doc.Number, v.doc.ID
	run(v.app, v.base, "Could not resolve the dispute of "+number, func(ctx context.Context) (struct{}, error) {
		return struct{}{}, v.l.ResolveDispute(ctx, number, note)
	}, func(struct{}) { v.load(id) })
}

// allocationText lists allocations a line each: date, the other
// document (other picks it), amount, and the date a void reversed it.
func allocationText(allocs []ledger.Allocation, other func(ledger.Allocation) string, none string) string {
	if len(allocs) == 0 {
		return none
	}
	var b strings.Builder
	for _, al := range allocs {
		state := ""
		if !al.VoidDate.IsZero() {
			state = "  (reversed " + fmtDate(al.VoidDate) + ")"
		}
		fmt.Fprintf(&b, "%s  %-12s %16s%s\n", fmtDate(al.Date), other(al), al.Amount, state)
	}
	return b.String()
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
