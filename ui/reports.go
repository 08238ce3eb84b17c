package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"paidup/ledger"
	"paidup/reports"
)

// Export formats.
const (
	formatXLSX = "Excel workbook (.xlsx)"
	formatCSV  = "CSV (.csv)"
	formatPDF  = "PDF (.pdf)"
)

// reportsScreen shows the aging as of a chosen date and exports it.
type reportsScreen struct {
	*app
	aging *ledger.Aging // the last one shown

	asOf     *widget.Entry
	basis    *widget.RadioGroup
	detail   *widget.Check
	format   *widget.Select
	problem  *widget.Label
	table    *widget.Label
	lastFile string
	openBtn  *widget.Button
	exported *widget.Label
	metrics  *metricsPanel
}

func newReportsScreen(a *app) *reportsScreen {
	s := &reportsScreen{app: a, asOf: dateEntry(a.today()), problem: fieldError(), table: widget.NewLabel(""),
		exported: widget.NewLabel("")}
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
	s.metrics = newMetricsPanel(a, func() (ledger.MetricsOptions, bool) {
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

// options reads the form.
func (s *reportsScreen) options() (ledger.AgingOptions, bool) {
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

// withEdges adds the bucket edges the user set in Settings.
func (s *reportsScreen) withEdges(ctx context.Context, o ledger.AgingOptions) (ledger.AgingOptions, error) {
	v, err := s.l.Setting(ctx, "aging.edges", "")
	if err != nil || v == "" {
		return o, err
	}
	o.Edges, err = ledger.ParseEdges(v)
	return o, err
}

func (s *reportsScreen) onRun() {
	o, ok := s.options()
	if !ok {
		return
	}
	s.table.SetText("Computing…")
	s.metrics.onShow() // the metrics follow the date too
	run(s.app, s.base, "Could not compute the aging", func(ctx context.Context) (*ledger.Aging, error) {
		o, err := s.withEdges(ctx, o)
		if err != nil {
			return nil, err
		}
		return s.l.Aging(ctx, o)
	}, func(a *ledger.Aging) {
		s.aging = a
		var b strings.Builder
		if err := reports.WriteAgingTable(&b, a); err != nil {
			s.showError("Could not lay out the aging", err)
			return
		}
		s.table.SetText(b.String())
	})
}

// onExport asks where to save and writes the chosen format there.
func (s *reportsScreen) onExport() {
	o, ok := s.options()
	if !ok {
		return
	}
	ext := map[string]string{formatXLSX: ".xlsx", formatCSV: ".csv", formatPDF: ".pdf"}[s.format.Selected]
	s.saveAs(fmt.Sprintf("aging-%s%s", fmtDate(o.AsOf), ext), func(w fyne.URIWriteCloser, path string) {
		s.export(w, o, s.format.Selected, s.detail.Checked, func() {
			s.lastFile = path
			s.openBtn.Enable()
			s.exported.SetText("Saved " + path)
		})
	})
}

// export writes the aging to w (and closes it) as a cancellable task.
func (s *reportsScreen) export(w io.WriteCloser, o ledger.AgingOptions, format string, detail bool, done func()) {
	name := filepath.Base(s.l.Path())
	now := s.now()
	s.task("Exporting the aging", func(ctx context.Context, progress func(string)) (err error) {
		defer func() {
			if cerr := w.Close(); err == nil {
				err = cerr
			}
		}()
		if o, err = s.withEdges(ctx, o); err != nil {
			return err
		}
		progress("Computing the aging…")
		a, err := s.l.Aging(ctx, o)
		if err != nil {
			return err
		}
		items := 0
		each := func(fn func(ledger.AgingItem) error) error {
			return s.l.AgingDetail(ctx, o, func(it ledger.AgingItem) error {
				if items++; items%10000 == 0 {
					progress(fmt.Sprintf("%s open items written…", group(items)))
				}
				return fn(it)
			})
		}
		switch {
		case format == formatCSV && detail:
			c := reports.NewAgingDetailCSV(w, a.Labels)
			if err := each(c.Item); err != nil {
				return err
			}
			return c.Close()
		case format == formatCSV:
			return reports.WriteAgingCSV(w, a)
		case format == formatPDF:
			if s.docs == nil {
				return errors.New("PDFs are not available here")
			}
			var det func(func(ledger.AgingItem) error) error
			if detail {
				det = each
			}
			progress("Writing the PDF…")
			return s.docs.AgingPDF(ctx, w, a, det)
		default:
			progress("Writing the workbook…")
			var det func(func(ledger.AgingItem) error) error
			if detail {
				det = each
			}
			biz, err := s.l.Setting(ctx, "business.name", "")
			if err != nil {
				return err
			}
			return reports.WriteAgingXLSX(w, a, det, reports.WorkbookMeta{BusinessName: biz, LedgerName: name, GeneratedAt: now})
		}
	}, done)
}
