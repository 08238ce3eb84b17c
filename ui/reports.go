package ui

import (
	"context"
	"fmt"
	"io"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/ledger"
)

// Export formats.
const (
	formatXLSX = "Excel workbook (.xlsx)"
	formatCSV  = "CSV (.csv)"
	formatPDF  = "PDF (.pdf)"
)

// reportsLedger is what the Reports screen does: the aging, its exports,
// the metrics and statements for all; the count of customers tells a
// large ledger, whose aging waits to be asked for.
type reportsLedger interface {
	PrepareAging(ctx context.Context, req *paidapp.AgingRequest) (*ledger.Aging, error)
	WriteAging(ctx context.Context, w io.Writer, ag *ledger.Aging, req paidapp.AgingRequest) error
	CountCustomers(ctx context.Context, search string) (int, error)
	metricsLedger
	statementsLedger
	accountingLedger
}

// autoAgingCustomers is the most customers a ledger may have for its
// aging to be shown as the screen opens: beyond it (about 100,000
// invoices) the aging takes long enough that it waits for Show aging.
const autoAgingCustomers = 1000

// exportFormats are the app's formats of the export choices.
var exportFormats = map[string]paidapp.Format{formatXLSX: paidapp.FormatXLSX, formatCSV: paidapp.FormatCSV, formatPDF: paidapp.FormatPDF}

// reportsScreen shows the aging as of a chosen date in a table and
// exports it.
type reportsScreen struct {
	*app
	l     reportsLedger
	aging *ledger.Aging // the last one shown

	asOf      *widget.Entry
	asOfToday todayDefault // keeps As of on today until the user picks a date
	basis     *widget.RadioGroup
	detail    *widget.Check
	format    *widget.Select
	problem   *widget.Label
	table     *agingTable
	status    *widget.Label // what the table shows, or what it waits for
	progress  *widget.ProgressBarInfinite
	cancelBtn *widget.Button
	lastFile  string
	openBtn   *widget.Button
	exported  *widget.Label
	metrics   *metricsPanel

	// On the UI goroutine only: the aging being computed (cancel stops
	// it) and whether the ledger is small enough to show it unasked
	// (known once counted).
	cancel  context.CancelFunc
	auto    bool
	counted bool
}

func newReportsScreen(a *app, l reportsLedger) *reportsScreen {
	s := &reportsScreen{app: a, l: l, asOf: a.dateEntry(time.Time{}), problem: fieldError(),
		status: widget.NewLabel(""), exported: widget.NewLabel(""), progress: widget.NewProgressBarInfinite()}
	s.table = newAgingTable(s.openCustomer)
	s.asOfToday = todayDefault{e: s.asOf}
	s.asOfToday.reset(a.today())
	s.basis = widget.NewRadioGroup([]string{"due date", "issue date"}, nil)
	s.basis.Horizontal = true
	s.basis.SetSelected("due date")
	s.detail = widget.NewCheck("Detail (every open item)", nil)
	s.format = widget.NewSelect([]string{formatXLSX, formatCSV, formatPDF}, nil)
	s.format.SetSelected(formatXLSX)
	s.status.Wrapping = fyne.TextWrapWord
	s.progress.Stop()
	s.progress.Hide()
	s.cancelBtn = widget.NewButtonWithIcon("Cancel", theme.CancelIcon(), s.onCancel)
	s.cancelBtn.Hide()
	s.openBtn = widget.NewButtonWithIcon("Open", theme.FileIcon(), func() {
		if err := openInViewer(s.lastFile); err != nil {
			s.showError("Could not open "+s.lastFile, err)
		}
	})
	s.openBtn.Disable()
	s.exported.Hide() // until a file is saved: the table gets the room
	s.asOf.OnSubmitted = func(string) { s.onRun() }
	s.metrics = newMetricsPanel(a, l, func() (ledger.MetricsOptions, bool) {
		o, ok := s.options()
		return ledger.MetricsOptions{AsOf: o.AsOf}, ok
	})
	return s
}

func (s *reportsScreen) content() fyne.CanvasObject {
	statements := widget.NewButtonWithIcon("Statements for all customers…", theme.DocumentPrintIcon(), s.onStatements)
	form := widget.NewForm(
		widget.NewFormItem("As of", s.asOf),
		widget.NewFormItem("Age by", s.basis),
		widget.NewFormItem("", s.detail),
		widget.NewFormItem("Export as", s.format),
	)
	buttons := container.NewHBox(
		widget.NewButtonWithIcon("Show aging", theme.ViewRefreshIcon(), s.onRun),
		widget.NewButtonWithIcon("Export… (Ctrl+E)", theme.DownloadIcon(), s.onExport),
		s.openBtn, layout.NewSpacer(), widget.NewButtonWithIcon("Accountant's export…", theme.DownloadIcon(), s.onAccountingExport), statements)
	top := container.NewVBox(heading("Aged receivables"), form, s.problem, buttons, s.exported,
		container.NewBorder(nil, nil, nil, s.cancelBtn, container.NewStack(s.progress)), s.status)
	split := container.NewVSplit(s.table.table, container.NewVScroll(s.metrics.content()))
	split.Offset = 0.7
	return container.NewBorder(top, nil, nil, nil, split)
}

// start shows the aging of a small ledger at once; a large one waits for
// Show aging (the screen opens at once either way).
func (s *reportsScreen) start() {
	s.status.SetText("Counting customers…")
	run(s.app, s.base, "Could not count the customers", func(ctx context.Context) (int, error) {
		return s.l.CountCustomers(ctx, "")
	}, func(n int) {
		s.counted, s.auto = true, n <= autoAgingCustomers
		if s.auto {
			s.onRun()
			return
		}
		s.status.SetText(fmt.Sprintf("%s customers: choose the date and press Show aging.", group(n)))
	})
}

// refresh shows the aging again on a small ledger, as the ledger may have
// changed; on a large one the table stays as it was until asked.
func (s *reportsScreen) refresh() {
	if s.auto {
		s.onRun()
	}
}

func (s *reportsScreen) close() { s.onCancel() }

// openCustomer shows a customer of the aging on the Customers screen,
// or, for an amount tapped, the customer's open invoices behind it.
func (s *reportsScreen) openCustomer(code string, col int) {
	if s.nav == nil {
		return
	}
	if col >= agingColBuckets {
		s.nav.invoices().showCustomerWith(code, showOpen)
		return
	}
	s.nav.show("customers")
	if s.nav.customers != nil {
		s.nav.customers.openCustomer(code)
	}
}

// options reads the form; an As of the user left alone is today's.
func (s *reportsScreen) options() (ledger.AgingOptions, bool) {
	s.asOfToday.follow(s.today())
	asOf, err := parseDateField(s.asOf.Text, s.today())
	if err != nil {
		setFieldError(s.problem, "As of: "+err.Error())
		return ledger.AgingOptions{}, false
	}
	setFieldError(s.problem, "")
	o := ledger.AgingOptions{AsOf: asOf, Basis: ledger.BasisDue}
	if s.basis.Selected == "issue date" {
		o.Basis = ledger.BasisIssue
	}
	return o, true
}

// onRun computes the aging in the background, with a progress bar and
// Cancel, and shows it in the table; one run at a time.
func (s *reportsScreen) onRun() {
	o, ok := s.options()
	if !ok {
		return
	}
	s.onCancel()
	ctx, cancel := context.WithCancel(s.base)
	s.cancel = cancel
	s.status.SetText("Computing the aging as of " + fmtDate(o.AsOf) + "…")
	s.progress.Show()
	s.progress.Start()
	s.cancelBtn.Show()
	s.metrics.onShow() // the metrics follow the date too
	s.env.spawn(func() {
		req := paidapp.AgingRequest{AgingOptions: o, Format: paidapp.FormatTable}
		a, err := s.l.PrepareAging(ctx, &req)
		s.env.do(func() {
			if ctx.Err() != nil {
				return // a later run or Cancel took over, and says so
			}
			s.stopProgress()
			if err != nil {
				s.status.SetText("The aging could not be computed.")
				s.showError("Could not compute the aging", err)
				return
			}
			s.aging = a
			s.table.set(a)
			s.status.SetText(agingStatus(a))
		})
	})
}

// onCancel stops the aging being computed, if any.
func (s *reportsScreen) onCancel() {
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancel = nil
	s.stopProgress()
	s.status.SetText("Cancelled: press Show aging to compute it.")
}

func (s *reportsScreen) stopProgress() {
	s.cancel = nil
	s.progress.Stop()
	s.progress.Hide()
	s.cancelBtn.Hide()
}

// agingStatus says what the table shows.
func agingStatus(a *ledger.Aging) string {
	basis := "days past the due date"
	if a.Basis == ledger.BasisIssue {
		basis = "days since the issue date"
	}
	n := 0
	for _, sec := range a.Sections {
		n += len(sec.Lines)
	}
	if n == 0 {
		return fmt.Sprintf("Nothing is owed as of %s.", fmtDate(a.AsOf))
	}
	return fmt.Sprintf("As of %s, by %s: %s %s. Tap a name to open the customer, an amount for its open invoices, a column's title to sort.",
		fmtDate(a.AsOf), basis, group(n), map[bool]string{true: "customer", false: "customers"}[n == 1])
}

// onExport asks where to save and writes the chosen format there.
func (s *reportsScreen) onExport() {
	o, ok := s.options()
	if !ok {
		return
	}
	name := paidapp.AgingFileName(&ledger.Aging{AsOf: o.AsOf}, exportFormats[s.format.Selected])
	s.saveAs(name, func(w fyne.URIWriteCloser, path string) {
		s.export(w, o, s.format.Selected, s.detail.Checked, func() {
			s.lastFile = path
			s.openBtn.Enable()
			s.exported.SetText("Saved " + path)
			s.exported.Show()
		})
	})
}

// export writes the aging to w (and closes it) in a format of the app's
// (paidapp.WriteAging) as a cancellable task.
func (s *reportsScreen) export(w io.WriteCloser, o ledger.AgingOptions, format string, detail bool, done func()) {
	s.task("Exporting the aging", func(ctx context.Context, progress func(string)) (err error) {
		defer func() {
			if cerr := w.Close(); err == nil {
				err = cerr
			}
		}()
		req := paidapp.AgingRequest{AgingOptions: o, Format: exportFormats[format], Detail: detail,
			Progress: func(items int) {
				if items%10000 == 0 {
					progress(fmt.Sprintf("%s open items written…", group(items)))
				}
			}}
		progress("Computing the aging…")
		a, err := s.l.PrepareAging(ctx, &req)
		if err != nil {
			return err
		}
		progress("Writing the " + format + "…")
		return s.l.WriteAging(ctx, w, a, req)
	}, done)
}
