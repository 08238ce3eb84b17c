package ui

import (
	"context"
	"fmt"
	"io"
	"strings"
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
// the metrics and statements for all.
type reportsLedger interface {
	PrepareAging(ctx context.Context, req *paidapp.AgingRequest) (*ledger.Aging, error)
	WriteAging(ctx context.Context, w io.Writer, ag *ledger.Aging, req paidapp.AgingRequest) error
	metricsLedger
	statementsLedger
}

// exportFormats are the app's formats of the export choices.
var exportFormats = map[string]paidapp.Format{formatXLSX: paidapp.FormatXLSX, formatCSV: paidapp.FormatCSV, formatPDF: paidapp.FormatPDF}

// reportsScreen shows the aging as of a chosen date and exports it.
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
	table     *widget.Label
	lastFile  string
	openBtn   *widget.Button
	exported  *widget.Label
	metrics   *metricsPanel
}

func newReportsScreen(a *app, l reportsLedger) *reportsScreen {
	s := &reportsScreen{app: a, l: l, asOf: a.dateEntry(time.Time{}), problem: fieldError(), table: widget.NewLabel(""),
		exported: widget.NewLabel("")}
	s.asOfToday = todayDefault{e: s.asOf}
	s.asOfToday.reset(a.today())
	s.basis = widget.NewRadioGroup([]string{"due date", "issue date"}, nil)
	s.basis.Horizontal = true
	s.basis.SetSelected("due date")
	s.detail = widget.NewCheck("Detail (every open item)", nil)
	s.format = widget.NewSelect([]string{formatXLSX, formatCSV, formatPDF}, nil)
	s.format.SetSelected(formatXLSX)
	s.table.TextStyle.Monospace = true
	s.openBtn = widget.NewButtonWithIcon("Open", theme.FileIcon(), func() {
		if err := openInViewer(s.lastFile); err != nil {
			s.showError("Could not open "+s.lastFile, err)
		}
	})
	s.openBtn.Disable()
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
		s.openBtn, layout.NewSpacer(), statements)
	top := container.NewVBox(heading("Aged receivables"), form, s.problem, buttons, s.exported)
	return container.NewBorder(top, nil, nil, nil, container.NewScroll(container.NewVBox(s.table,
		widget.NewSeparator(), s.metrics.content())))
}

func (s *reportsScreen) start()   { s.onRun() }
func (s *reportsScreen) refresh() { s.onRun() }
func (s *reportsScreen) close()   {}

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

func (s *reportsScreen) onRun() {
	o, ok := s.options()
	if !ok {
		return
	}
	s.table.SetText("Computing…")
	s.metrics.onShow() // the metrics follow the date too
	type shown struct {
		aging *ledger.Aging
		table string
	}
	run(s.app, s.base, "Could not compute the aging", func(ctx context.Context) (shown, error) {
		req := paidapp.AgingRequest{AgingOptions: o, Format: paidapp.FormatTable}
		a, err := s.l.PrepareAging(ctx, &req)
		if err != nil {
			return shown{}, err
		}
		var b strings.Builder
		if err := s.l.WriteAging(ctx, &b, a, req); err != nil {
			return shown{}, err
		}
		return shown{a, b.String()}, nil
	}, func(r shown) {
		s.aging = r.aging
		s.table.SetText(r.table)
	})
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
