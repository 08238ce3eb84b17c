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

	"paidup/internal/bidi"
	"paidup/ledger"
)

// documentViewLedger is what the view of a payment, credit note or
// write-off reads and does.
type documentViewLedger interface {
	DocumentByID(ctx context.Context, id int64) (ledger.Document, error)
	Allocations(ctx context.Context, docID int64) ([]ledger.Allocation, error)
	// SaveInvoicePDF prints a credit note too (paidapp.App.SaveInvoicePDF).
	SaveInvoicePDF(ctx context.Context, number, path string) (string, error)
	voidLedger
}

// voidLedger voids a posted document.
type voidLedger interface {
	Void(ctx context.Context, number string, date time.Time, reason string) error
}

// documentView shows a payment, credit note or write-off: what it is, the
// invoices it settled and what is left unapplied. A posted document is
// never edited: a wrong one is voided, which reopens what it settled.
type documentView struct {
	*app
	l    documentViewLedger
	back func()
	doc  ledger.Document

	box         *fyne.Container
	backBtn     *widget.Button
	title       *widget.Label
	body        *widget.Label
	allocs      *widget.Label
	void        *widget.Button
	allocsTitle *widget.Label
	// savePDF and openPDF print a credit note, the one kind here that a
	// customer receives; hidden for the others.
	savePDF, openPDF *widget.Button
	pdfNote          *widget.Label
}

func newDocumentView(a *app, l documentViewLedger, back func()) *documentView {
	v := &documentView{app: a, l: l, back: back, title: heading(""), body: widget.NewLabel(""), allocs: widget.NewLabel(""),
		allocsTitle: heading("Applied to")}
	v.body.TextStyle.Monospace = true
	v.allocs.TextStyle.Monospace = true
	v.backBtn = widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), back)
	v.void = widget.NewButtonWithIcon("Void…", theme.CancelIcon(), v.onVoid)
	v.savePDF = widget.NewButtonWithIcon("Save PDF…", theme.DocumentSaveIcon(), v.onSavePDF)
	v.openPDF = widget.NewButtonWithIcon("Open PDF", theme.FileIcon(), v.onOpenPDF)
	v.pdfNote = widget.NewLabel("")
	return v
}

func (v *documentView) content() fyne.CanvasObject {
	v.title.Truncation = fyne.TextTruncateEllipsis // never widens the window
	bar := container.NewBorder(nil, nil, v.backBtn, container.NewHBox(v.openPDF, v.savePDF, v.void), v.title)
	body := container.NewVBox(v.body, v.pdfNote, v.allocsTitle, v.allocs)
	v.box = container.NewBorder(bar, nil, nil, nil, container.NewVScroll(body))
	return v.box
}

func (v *documentView) load(id int64) {
	v.title.SetText("Loading…")
	v.void.Disable() // until its status is known
	type loaded struct {
		doc    ledger.Document
		allocs []ledger.Allocation
	}
	run(v.app, v.base, "Could not open the document", func(ctx context.Context) (loaded, error) {
		d, err := v.l.DocumentByID(ctx, id)
		if err != nil {
			return loaded{}, err
		}
		as, err := v.l.Allocations(ctx, id)
		return loaded{d, as}, err
	}, func(r loaded) { v.show(r.doc, r.allocs) })
}

func (v *documentView) show(d ledger.Document, allocs []ledger.Allocation) {
	v.doc = d
	k := listKindOf(d.Kind)
	v.backBtn.SetText(k.label)
	v.title.SetText(fmt.Sprintf("%s %s — %s (%s)", capitalize(k.one), d.Number, bidi.Display(d.CustomerName),
		ledger.State(d.Kind, d.Status, d.Total, d.Open, d.DueDate, ledger.Settled{}, v.today())))
	var b strings.Builder
	// Free text cut to 80 columns: a long monospace line would widen the
	// window.
	fmt.Fprintf(&b, "Customer   %s\nDate       %s\n", truncate(d.CustomerCode+" "+d.CustomerName, 80), fmtDate(d.Date))
	if d.Reference != "" {
		fmt.Fprintf(&b, "Reference  %s\n", truncate(d.Reference, 80))
	}
	if d.Notes != "" {
		fmt.Fprintf(&b, "Notes      %s\n", truncate(d.Notes, 80)) // a write-off's reason
	}
	if d.Status == ledger.StatusVoid {
		fmt.Fprintf(&b, "VOID       %s\n", truncate(fmtDate(d.VoidDate)+": "+d.VoidReason, 80))
	}
	fmt.Fprintf(&b, "\nAmount     %16s\nUnapplied  %16s", d.Total, d.Open)
	v.body.SetText(b.String())

	// For a credit, Allocations lists the invoices it settled, the ones a
	// void reversed included.
	v.allocs.SetText(allocationText(allocs, func(al ledger.Allocation) string { return al.InvoiceNumber }, "No invoice."))
	setEnabled(v.void, d.Status == ledger.StatusIssued)
	v.pdfNote.SetText("")
	for _, b := range []*widget.Button{v.savePDF, v.openPDF} {
		if d.Kind == ledger.KindCreditNote {
			b.Show()
		} else {
			b.Hide()
		}
	}
}

// onSavePDF asks where to save the credit note's PDF and writes it there.
func (v *documentView) onSavePDF() {
	askSavePDF(v.app, v.l, v.doc.Number, func(p string) { v.pdfNote.SetText("Saved " + p) })
}

// writePDF writes the credit note's PDF to path in the background.
func (v *documentView) writePDF(path string) {
	savePDF(v.app, v.l, v.doc.Number, path, func(p string) { v.pdfNote.SetText("Saved " + p) })
}

// onOpenPDF writes the credit note's PDF into a temporary folder and opens
// it in the system's viewer.
func (v *documentView) onOpenPDF() {
	openPDF(v.app, v.l, v.doc.Number, func(p string) { v.pdfNote.SetText("Opened " + p) })
}

// onVoid asks for a reason and voids the document, then shows it again.
func (v *documentView) onVoid() {
	id := v.doc.ID
	confirmVoid(v.app, v.l, v.doc, func() { v.load(id) })
}

// confirmVoid asks for a date and a reason and voids doc, of any kind; done
// runs on the UI goroutine once the ledger has voided it. The other screens
// are told the ledger changed: a void reopens what the document settled.
func confirmVoid(a *app, l voidLedger, doc ledger.Document, done func()) {
	k := listKindOf(doc.Kind)
	reason := newEscEntry(false)
	reason.SetPlaceHolder("Why, e.g. entered twice")
	date := a.dateEntry(a.today())
	problem := fieldError()
	var d dialog.Dialog
	confirm := widget.NewButton("Void "+k.one, func() {
		day, err := parseDateField(date.Text, a.today())
		why := strings.TrimSpace(reason.Text)
		switch {
		case err != nil:
			setFieldError(problem, err.Error())
			return
		case why == "":
			setFieldError(problem, "Give a reason: it is kept with the "+k.one+".")
			return
		}
		d.Hide()
		run(a, a.base, "Could not void "+doc.Number, func(ctx context.Context) (struct{}, error) {
			return struct{}{}, l.Void(ctx, doc.Number, day, why)
		}, func(struct{}) { done() }) // other screens reload when shown (showIndex)
	})
	confirm.Importance = widget.DangerImportance
	effect := widget.NewLabel(k.voidEffect)
	effect.Wrapping = fyne.TextWrapWord
	d = dialog.NewCustomWithoutButtons("Void "+doc.Number, container.NewVBox(effect,
		widget.NewForm(widget.NewFormItem("Reason", reason), widget.NewFormItem("Date", date)), problem,
		container.NewHBox(layout.NewSpacer(), widget.NewButton("Cancel", func() { d.Hide() }), confirm)), a.win)
	d.Resize(fyne.NewSize(480, 280))
	d.Show()
}

// capitalize upper-cases the first letter of s: "payment" → "Payment".
func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
