package ui

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/ledger"
)

// metricsLedger is what the metrics panel reads.
type metricsLedger interface {
	Metrics(ctx context.Context, o ledger.MetricsOptions) ([]ledger.Metrics, error)
}

// metricsPanel shows the collection metrics (paidup metrics) as of the
// Reports screen's date over a period the user picks, and saves them as
// CSV: what the dashboard's headline figures leave out — credit sales,
// days to pay, days late, the share paid late.
type metricsPanel struct {
	*app
	l       metricsLedger
	asOf    func() (ledger.MetricsOptions, bool) // the screen's date, read when asked
	days    *widget.Entry
	problem *widget.Label
	table   *widget.Label
}

func newMetricsPanel(a *app, l metricsLedger, asOf func() (ledger.MetricsOptions, bool)) *metricsPanel {
	p := &metricsPanel{app: a, l: l, asOf: asOf, days: widget.NewEntry(), problem: fieldError(), table: widget.NewLabel("")}
	p.days.SetText("90")
	p.days.OnSubmitted = func(string) { p.onShow() }
	p.table.TextStyle.Monospace = true
	return p
}

func (p *metricsPanel) content() fyne.CanvasObject {
	form := widget.NewForm(widget.NewFormItem("Period (days)", p.days))
	buttons := container.NewHBox(
		widget.NewButtonWithIcon("Show metrics", theme.ViewRefreshIcon(), p.onShow),
		widget.NewButtonWithIcon("Save as CSV…", theme.DownloadIcon(), p.onSave))
	return container.NewVBox(heading("Collection metrics"), form, p.problem, buttons, p.table)
}

// options reads the date and the period.
func (p *metricsPanel) options() (ledger.MetricsOptions, bool) {
	o, ok := p.asOf()
	if !ok {
		return o, false
	}
	days, err := strconv.Atoi(strings.TrimSpace(p.days.Text))
	if err != nil || days < 1 || days > 3650 {
		setFieldError(p.problem, "The period is a whole number of days, 1 to 3650.")
		return o, false
	}
	setFieldError(p.problem, "")
	o.Days = days
	return o, true
}

func (p *metricsPanel) onShow() {
	o, ok := p.options()
	if !ok {
		return
	}
	p.table.SetText("Computing…")
	run(p.app, p.base, "Could not compute the metrics", func(ctx context.Context) ([]ledger.Metrics, error) {
		return p.l.Metrics(ctx, o)
	}, func(ms []ledger.Metrics) {
		var b strings.Builder
		if err := paidapp.WriteMetrics(&b, ms, paidapp.FormatTable); err != nil {
			p.showError("Could not lay out the metrics", err)
			return
		}
		p.table.SetText(b.String())
	})
}

// onSave writes the metrics as CSV (metric, currency, value) where the
// user says.
func (p *metricsPanel) onSave() {
	o, ok := p.options()
	if !ok {
		return
	}
	p.saveAs(fmt.Sprintf("metrics-%s-%dd.csv", fmtDate(o.AsOf), o.Days), func(w fyne.URIWriteCloser, path string) {
		p.save(w, o, func() { dialog.ShowInformation("Metrics", "Saved "+path, p.win) })
	})
}

// save writes the metrics as CSV to w, and closes it, as a task.
func (p *metricsPanel) save(w io.WriteCloser, o ledger.MetricsOptions, done func()) {
	p.task("Saving the metrics", func(ctx context.Context, progress func(string)) (err error) {
		defer func() {
			if cerr := w.Close(); err == nil {
				err = cerr
			}
		}()
		progress("Computing the metrics…")
		ms, err := p.l.Metrics(ctx, o)
		if err != nil {
			return err
		}
		return paidapp.WriteMetrics(w, ms, paidapp.FormatCSV)
	}, done)
}
