package ui

import (
	"context"
	"io"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/ledger"
)

// The accountant's exports from the window (Reports, "Accountant's
// export…"): the general journal, QuickBooks IIF, Xero's two files and
// DATEV's Buchungsstapel of a period, as `paidup export` writes them.

// accountingLedger is what the dialog asks of the app.
type accountingLedger interface {
	ExportJournal(ctx context.Context, w io.Writer, from, to time.Time, home bool) (int, error)
	ExportIIF(ctx context.Context, w io.Writer, p ledger.ExportPeriod) (paidapp.ExportCounts, error)
	ExportDATEV(ctx context.Context, w io.Writer, p ledger.ExportPeriod) (paidapp.ExportCounts, error)
	ExportXero(ctx context.Context, invoices, payments io.Writer, p ledger.ExportPeriod) (paidapp.ExportCounts, error)
}

// The formats the dialog offers, as a person reads them.
const (
	exportJournal = "General journal (CSV)"
	exportIIF     = "QuickBooks Desktop (IIF)"
	exportXero    = "Xero (invoices and payments CSV)"
	exportDATEV   = "DATEV Buchungsstapel (CSV)"
)

// accountingRequest is what the dialog collected.
type accountingRequest struct {
	format string
	period ledger.ExportPeriod
	home   bool // journal: home amounts too
}

// fileName is the file the save dialog offers.
func (r accountingRequest) fileName() string {
	p := r.period
	switch r.format {
	case exportIIF:
		return paidapp.ExportFileName("IIF", ".iif", p.From, p.To)
	case exportXero:
		return paidapp.ExportFileName("Xero invoices", ".csv", p.From, p.To)
	case exportDATEV:
		return paidapp.ExportFileName("DATEV", ".csv", p.From, p.To)
	}
	return paidapp.JournalFileName(p.From, p.To)
}

// xeroPaymentsPath is where Xero's payments go beside its invoices.
func xeroPaymentsPath(path string) string {
	dir, base := filepath.Split(path)
	if strings.HasPrefix(base, "Xero invoices ") {
		return filepath.Join(dir, "Xero payments "+strings.TrimPrefix(base, "Xero invoices "))
	}
	ext := filepath.Ext(base)
	return filepath.Join(dir, strings.TrimSuffix(base, ext)+" payments"+ext)
}

// writeAccounting writes the export to w, saved at path (Xero's payments
// beside it), and says what was written.
func writeAccounting(ctx context.Context, l accountingLedger, w io.Writer, path string, r accountingRequest) (string, error) {
	switch r.format {
	case exportJournal:
		n, err := l.ExportJournal(ctx, w, r.period.From, r.period.To, r.home)
		return group(n) + " postings.", err
	case exportIIF:
		c, err := l.ExportIIF(ctx, w, r.period)
		return group(c.Entries) + " transactions of " + group(c.Postings) + " postings.", err
	case exportDATEV:
		c, err := l.ExportDATEV(ctx, w, r.period)
		return group(c.Rows) + " bookings of " + group(c.Postings) + " postings.", err
	}
	var c paidapp.ExportCounts
	payments := xeroPaymentsPath(path)
	err := paidapp.WriteFile(payments, func(pw io.Writer) error {
		var err error
		c, err = l.ExportXero(ctx, w, pw, r.period)
		return err
	})
	return group(c.Entries) + " documents and " + group(c.Payments) + " payments (" + payments + ").", err
}

// onAccountingExport asks for the format and the period, then where to
// save, and writes the export as a cancellable task.
func (s *reportsScreen) onAccountingExport() {
	today := s.today()
	format := widget.NewSelect([]string{exportJournal, exportIIF, exportXero, exportDATEV}, nil)
	format.SetSelected(exportJournal)
	from := s.dateEntry(time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC))
	to := s.dateEntry(today)
	currency := widget.NewEntry()
	currency.SetPlaceHolder("All currencies (IIF: one a file)")
	home := widget.NewCheck("Also in the home currency (journal)", nil)
	problem := fieldError()
	items := []*widget.FormItem{widget.NewFormItem("Format", format), widget.NewFormItem("From", from), widget.NewFormItem("To", to),
		widget.NewFormItem("Currency", currency), widget.NewFormItem("", home), widget.NewFormItem("", problem)}
	var d dialog.Dialog
	d = dialog.NewForm("Accountant's export", "Save…", "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		f, err := parseDateField(from.Text, today)
		if err == nil {
			var t time.Time
			if t, err = parseDateField(to.Text, today); err == nil {
				r := accountingRequest{format: format.Selected, home: home.Checked && format.Selected == exportJournal,
					period: ledger.ExportPeriod{From: f, To: t, Currency: strings.ToUpper(strings.TrimSpace(currency.Text))}}
				s.saveAccounting(r)
				return
			}
		}
		setFieldError(problem, err.Error())
		d.Show()
	}, s.win)
	d.Resize(fyne.NewSize(520, 0))
	d.Show()
}

// saveAccounting asks where to save r and writes it there.
func (s *reportsScreen) saveAccounting(r accountingRequest) {
	s.saveAs(r.fileName(), func(w fyne.URIWriteCloser, path string) {
		var said string
		s.task("Exporting for the accountant", func(ctx context.Context, progress func(string)) (err error) {
			defer func() {
				if cerr := w.Close(); err == nil {
					err = cerr
				}
				if err != nil {
					_ = removeIfEmpty(path)
				}
			}()
			progress("Writing " + r.format + "…")
			said, err = writeAccounting(ctx, s.l, w, path, r)
			return err
		}, func() {
			s.lastFile = path
			s.openBtn.Enable()
			s.exported.SetText("Saved " + path + ": " + said)
			s.exported.Show()
		})
	})
}
