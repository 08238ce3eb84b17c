package ui

import (
	"context"
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
)

// moveInLedger moves another program's books in (the application layer's
// MigrateGnuCash, MigrateXero, MigrateQuickBooks and MigrateInvoiceNinja,
// which the command line's migrate calls).
type moveInLedger interface {
	MigrateGnuCash(ctx context.Context, path string, asOf time.Time, dryRun bool) (*paidapp.MigrationReport, error)
	MigrateXero(ctx context.Context, files []string, enc string, paidOn time.Time, monthFirst, dryRun bool) (*paidapp.MigrationReport, error)
	MigrateQuickBooks(ctx context.Context, files []string, enc string, paidOn time.Time, monthFirst, dryRun bool) (*paidapp.MigrationReport, error)
	MigrateInvoiceNinja(ctx context.Context, files []string, enc string, paidOn time.Time, monthFirst, dryRun bool) (*paidapp.MigrationReport, error)
}

// The sources the wizard moves in from.
const (
	sourceGnuCash      = "GnuCash book (.gnucash, SQLite or XML)"
	sourceXero         = "Xero exports (invoices CSV, contacts CSV)"
	sourceQuickBooks   = "QuickBooks exports (Transaction List by Customer CSV; customer list, Sales by Customer Detail CSV)"
	sourceInvoiceNinja = "Invoice Ninja exports (invoices CSV; clients, payments, credits CSV)"
)

// otherFiles says what the second file field takes for each CSV source.
var otherFiles = map[string]string{
	sourceXero:         "optional: Xero's contacts export",
	sourceQuickBooks:   "optional: the customer list, the report Sales by Customer Detail, separated by ;",
	sourceInvoiceNinja: "optional: the clients, payments and credits exports, separated by ;",
}

// encodings are the files' encodings the wizard offers (ledger.DecodeText
// refuses a file that is not in the one chosen).
var encodings = []string{"UTF-8", "windows-1252", "ISO-8859-1", "UTF-16"}

// moveIn is the wizard: choose the source and its files, preview what
// would move in (a dry run: counts, what is open per currency there and
// here, what is left out and why), then move it in, all or nothing.
type moveIn struct {
	*app
	l moveInLedger

	source           *widget.Select
	file, contacts   *widget.Entry
	date             *widget.Entry // GnuCash: as of; CSV exports: the day what was paid there counts as paid
	monthFirst       *widget.Check
	encoding         *widget.Select // the CSV sources
	contactsRow      *fyne.Container
	report           *widget.Label
	preview, moveBtn *widget.Button
	previewed        string // the form as last previewed: Move in needs a preview of what it moves
	dlg              dialog.Dialog
	fields           *widget.Form
	dateItem         *widget.FormItem // "Paid on" (CSV sources) or "As of" (GnuCash)
	confirm          dialog.Dialog    // the last confirmation (tests answer it)
}

// showMoveIn opens the wizard.
func showMoveIn(a *app, l moveInLedger) *moveIn {
	w := &moveIn{app: a, l: l, file: widget.NewEntry(), contacts: widget.NewEntry(), date: a.dateEntry(a.today()),
		monthFirst: widget.NewCheck("Dates in the files are month first (MM/DD/YYYY, as in the US)", nil), report: widget.NewLabel(""),
		encoding: widget.NewSelect(encodings, nil)}
	// Named by what the date means for the chosen source (sourceChanged).
	w.dateItem = widget.NewFormItem("Paid on", w.date)
	w.encoding.SetSelected(encodings[0])
	w.report.Wrapping = fyne.TextWrapWord
	w.report.TextStyle.Monospace = true
	w.file.SetPlaceHolder("the file to move in")
	w.contacts.SetPlaceHolder("optional: Xero's contacts export")
	w.source = widget.NewSelect([]string{sourceGnuCash, sourceXero, sourceQuickBooks, sourceInvoiceNinja}, func(string) { w.sourceChanged() })
	w.preview = widget.NewButtonWithIcon("Preview", theme.VisibilityIcon(), func() { w.run(true) })
	w.moveBtn = widget.NewButtonWithIcon("Move in…", theme.ConfirmIcon(), w.onMove)
	w.moveBtn.Importance = widget.HighImportance
	w.moveBtn.Disable()
	browse := func(e *widget.Entry) *widget.Button {
		return widget.NewButtonWithIcon("Choose…", theme.FolderOpenIcon(), func() {
			dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
				if err != nil || r == nil {
					return
				}
				e.SetText(r.URI().Path())
				r.Close()
			}, a.win)
		})
	}
	// The other files: Invoice Ninja's several exports, chosen one by one.
	addFile := widget.NewButtonWithIcon("Choose…", theme.FolderOpenIcon(), func() {
		dialog.ShowFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			if t := strings.TrimSpace(w.contacts.Text); t != "" && w.source.Selected != sourceXero {
				w.contacts.SetText(t + "; " + r.URI().Path())
			} else {
				w.contacts.SetText(r.URI().Path())
			}
			r.Close()
		}, a.win)
	})
	w.contactsRow = container.NewBorder(nil, nil, nil, addFile, w.contacts)
	form := widget.NewForm(
		widget.NewFormItem("From", w.source),
		widget.NewFormItem("File", container.NewBorder(nil, nil, nil, browse(w.file), w.file)),
		widget.NewFormItem("Other files", w.contactsRow),
		w.dateItem,
		widget.NewFormItem("", w.monthFirst),
		widget.NewFormItem("Encoding", w.encoding),
	)
	w.fields = form
	w.dlg = dialog.NewCustomWithoutButtons("Move in from another program", container.NewBorder(
		container.NewVBox(widget.NewLabel("Customers, open invoices, credit notes and payments move in together, or nothing does. Preview first: it writes nothing."), form),
		container.NewHBox(layout.NewSpacer(), widget.NewButton("Close", func() { w.dlg.Hide() }), w.preview, w.moveBtn), nil, nil,
		container.NewVScroll(w.report)), a.win)
	w.source.SetSelected(sourceGnuCash)
	w.dlg.Resize(fyne.NewSize(860, 560))
	w.dlg.Show()
	return w
}

// sourceChanged shows the fields of the chosen source.
func (w *moveIn) sourceChanged() {
	if hint, csv := otherFiles[w.source.Selected]; csv {
		w.contactsRow.Show()
		w.monthFirst.Show()
		w.contacts.SetPlaceHolder(hint)
		w.dateItem.Text = "Paid on"
		w.date.SetPlaceHolder("the day what the source shows as paid (and no payment in the files explains) counts as paid")
	} else {
		w.contactsRow.Hide()
		w.monthFirst.Hide()
		w.dateItem.Text = "As of"
		w.date.SetPlaceHolder("as of this day (what GnuCash had then)")
	}
	if w.fields != nil {
		w.fields.Refresh()
	}
	if otherFiles[w.source.Selected] != "" {
		w.encoding.Show()
	} else {
		w.encoding.Hide()
	}
	w.moveBtn.Disable()
}

// form is what the wizard would move in, to tell a changed form from the
// one previewed.
func (w *moveIn) form() string {
	return strings.Join([]string{w.source.Selected, w.file.Text, w.contacts.Text, w.date.Text, map[bool]string{true: "m"}[w.monthFirst.Checked], w.encoding.Selected}, "\x00")
}

// run previews (dryRun) or moves in, in the background, and shows the
// report or every problem found.
func (w *moveIn) run(dryRun bool) {
	file := strings.TrimSpace(w.file.Text)
	if file == "" {
		w.report.SetText("Choose the file to move in.")
		return
	}
	day, err := parseDateField(w.date.Text, w.today())
	if err != nil {
		w.report.SetText("Date: " + err.Error())
		return
	}
	form, source := w.form(), w.source.Selected
	files := []string{file}
	for _, c := range strings.Split(w.contacts.Text, ";") {
		if c = strings.TrimSpace(c); c != "" {
			files = append(files, c)
		}
	}
	monthFirst := w.monthFirst.Checked
	enc := w.encoding.Selected
	if enc == encodings[0] {
		enc = "" // UTF-8, with or without a byte-order mark
	}
	w.report.SetText("Reading " + file + "…")
	w.preview.Disable()
	w.moveBtn.Disable()
	run(w.app, w.base, "", func(ctx context.Context) (*paidapp.MigrationReport, error) {
		var rep *paidapp.MigrationReport
		var err error
		switch source {
		case sourceXero:
			rep, err = w.l.MigrateXero(ctx, files, enc, day, monthFirst, dryRun)
		case sourceQuickBooks:
			rep, err = w.l.MigrateQuickBooks(ctx, files, enc, day, monthFirst, dryRun)
		case sourceInvoiceNinja:
			rep, err = w.l.MigrateInvoiceNinja(ctx, files, enc, day, monthFirst, dryRun)
		default:
			rep, err = w.l.MigrateGnuCash(ctx, file, day, dryRun)
		}
		if err != nil {
			w.env.do(func() { w.failed(err) })
			return nil, errHandled
		}
		return rep, nil
	}, func(rep *paidapp.MigrationReport) {
		w.preview.Enable()
		w.report.SetText(strings.Join(rep.Lines(), "\n"))
		if dryRun {
			w.previewed = form
			w.moveBtn.Enable()
		} else {
			w.previewed = ""
			w.report.SetText(w.report.Text + "\n\nDone. The customers and their open items are in the ledger.")
		}
	})
}

// failed shows why nothing moved in: each problem of the files, or the
// error in words.
func (w *moveIn) failed(err error) {
	w.preview.Enable()
	var probs paidapp.MigrationProblems
	if errors.As(err, &probs) {
		w.report.SetText("Nothing was moved in. Problems:\n" + strings.Join(probs, "\n"))
		return
	}
	w.report.SetText("Nothing was moved in: " + userMessage(err))
}

// onMove asks before moving in what the preview showed; a form changed
// since the preview is previewed again first.
func (w *moveIn) onMove() {
	if w.previewed != w.form() {
		w.report.SetText("The form changed since the preview: preview again first.")
		w.moveBtn.Disable()
		return
	}
	w.confirm = dialog.NewConfirm("Move in?", "Write what the preview shows into this ledger? It is one transaction: all of it or nothing.", func(ok bool) {
		if ok {
			w.run(false)
		}
	}, w.win)
	w.confirm.Show()
}
