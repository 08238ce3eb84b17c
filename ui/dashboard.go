package ui

import (
	"context"
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	paidapp "paidup/app"
	"paidup/internal/bidi"
	"paidup/ledger"
	"paidup/reminders"
)

// dashboardLedger is what the dashboard reads.
type dashboardLedger interface {
	Aging(ctx context.Context, o ledger.AgingOptions) (*ledger.Aging, error)
	Metrics(ctx context.Context, o ledger.MetricsOptions) ([]ledger.Metrics, error)
	TopOverdue(ctx context.Context, today time.Time, n int) ([]ledger.OverdueCustomer, error)
	Forecast(ctx context.Context, o ledger.ForecastOptions) (*ledger.Forecast, error)
	DueReminders(ctx context.Context, asOf time.Time) (reminders.DueCount, error)
	// The figures of all currencies together in the home currency
	// (app/home.go); nil without a home currency or with one currency.
	HomeMetrics(ctx context.Context, ms []ledger.Metrics) (*paidapp.HomeFigures, error)
	HomeForecast(ctx context.Context, f *ledger.Forecast) (*paidapp.HomeFigures, error)
}

// dashboardScreen shows where receivables stand: the headline figures per
// currency, the aging buckets, who owes most past due, and the cash to
// expect in the coming weeks.
type dashboardScreen struct {
	*app
	l      dashboardLedger
	ctx    context.Context
	cancel context.CancelFunc

	figures  *fyne.Container // a card per currency
	aging    *fyne.Container // a chart per currency
	overdue  *widget.Label   // the top overdue customers, one per line
	due      *widget.Label   // the reminders due today
	forecast *fyne.Container // a chart per currency
	status   *widget.Label
	backup   *widget.Label // where the last automatic backup went (backups.go)
	credit   *widget.Label // who is on hold or over the limit (credit_watch.go)
	// collections: promises broken lately, plans with a missed instalment (credit_watch.go)
	collections *widget.Label
}

func newDashboardScreen(a *app, l dashboardLedger) *dashboardScreen {
	s := &dashboardScreen{app: a, l: l,
		figures:     container.NewVBox(),
		aging:       container.NewVBox(),
		overdue:     widget.NewLabel(""),
		due:         widget.NewLabel(""),
		forecast:    container.NewVBox(),
		status:      widget.NewLabel(""),
		backup:      newBackupLine(),
		credit:      newCreditWatchLine(),
		collections: newCreditWatchLine(),
	}
	s.overdue.Wrapping = fyne.TextWrapWord
	s.due.Wrapping = fyne.TextWrapWord
	return s
}

func (s *dashboardScreen) content() fyne.CanvasObject {
	reload := widget.NewButtonWithIcon("Refresh", theme.ViewRefreshIcon(), s.refresh)
	left := container.NewVBox(heading("Aging"), s.aging, heading("Expected cash in (by week)"), s.forecast)
	review := widget.NewButtonWithIcon("Review and send…", theme.MailSendIcon(), func() {
		if s.nav != nil {
			s.nav.show("reminders")
		}
	})
	right := container.NewVBox(heading("Reminders due today"), s.due, container.NewHBox(review),
		heading("Most overdue"), s.overdue)
	// The charts take what the lists leave (the lists at least 320 px):
	// two equal columns would each be as wide as the widest chart and
	// push the window past 1024 px.
	lists := container.NewStack(container.NewGridWrap(fyne.NewSize(320, 1)), right)
	body := container.NewVBox(s.figures, s.credit, s.collections, container.NewBorder(nil, nil, nil, lists, left), s.backup)
	return container.NewBorder(container.NewHBox(heading("Dashboard"), layout.NewSpacer(), reload), s.status, nil, nil,
		container.NewVScroll(body))
}

func (s *dashboardScreen) start() { s.refresh() }

func (s *dashboardScreen) close() {
	if s.cancel != nil {
		s.cancel()
	}
}

// refresh asks the ledger for the parts in two lanes, the quick part of
// each first, so that the aging and the most overdue show at once. Five
// queries side by side on a million invoices pushed the window past its
// memory budget (250 MB); two at a time stay within it.
func (s *dashboardScreen) refresh() {
	s.close()
	s.ctx, s.cancel = context.WithCancel(s.base)
	ctx, today := s.ctx, s.today()
	s.status.SetText("Loading…")
	s.loadBackupHealth()
	s.loadCreditWatch(ctx)
	s.loadCollectionsWatch(ctx)
	countDue := func() {
		run(s.app, ctx, "Could not count the reminders due", func(ctx context.Context) (reminders.DueCount, error) {
			return s.l.DueReminders(ctx, today)
		}, s.showDue)
	}
	s.due.SetText("Counting…")
	run(s.app, ctx, "Could not compute the aging", func(ctx context.Context) (*ledger.Aging, error) {
		return s.l.Aging(ctx, ledger.AgingOptions{AsOf: today})
	}, func(a *ledger.Aging) {
		s.showAging(a)
		run(s.app, ctx, "Could not compute the metrics", func(ctx context.Context) ([]ledger.Metrics, error) {
			return s.l.Metrics(ctx, ledger.MetricsOptions{AsOf: today})
		}, func(ms []ledger.Metrics) {
			s.showMetrics(ms, today)
			countDue()
			run(s.app, ctx, "", func(ctx context.Context) (homeResult, error) {
				h, err := s.l.HomeMetrics(ctx, ms)
				return homeResult{h, err}, ctx.Err() // a refresh since: nothing to show
			}, s.showHomeMetrics)
		})
	})
	run(s.app, ctx, "Could not list overdue customers", func(ctx context.Context) ([]ledger.OverdueCustomer, error) {
		return s.l.TopOverdue(ctx, today, 5) // per currency
	}, func(cs []ledger.OverdueCustomer) {
		s.showOverdue(cs)
		run(s.app, ctx, "Could not forecast cash", func(ctx context.Context) (*ledger.Forecast, error) {
			return s.l.Forecast(ctx, ledger.ForecastOptions{AsOf: today, Weeks: 8})
		}, func(f *ledger.Forecast) {
			s.showForecast(f)
			run(s.app, ctx, "", func(ctx context.Context) (homeResult, error) {
				h, err := s.l.HomeForecast(ctx, f)
				return homeResult{h, err}, ctx.Err()
			}, func(r homeResult) { s.showHomeForecast(f, r) })
		})
	})
}

// showDue says how many reminders are due today; Reminders shows them.
func (s *dashboardScreen) showDue(n reminders.DueCount) {
	text := "None."
	if n.Emails > 0 {
		text = fmt.Sprintf("%s customer(s) to remind, one email each, about %s invoice(s).", group(n.Emails), group(n.Invoices))
	}
	if n.Held > 0 {
		text += fmt.Sprintf(" %s invoice(s) held back (disputed, no address, or reminders off).", group(n.Held))
	}
	s.due.SetText(text)
}

func (s *dashboardScreen) showMetrics(ms []ledger.Metrics, asOf time.Time) {
	s.status.SetText("As of " + fmtDate(asOf))
	s.figures.Objects = nil
	if len(ms) == 0 {
		s.figures.Add(widget.NewLabel("Nothing is owed yet. Import customers and invoices, or create them under Customers and Invoices."))
	}
	if len(ms) > 0 {
		// One header row and a row per currency: a table, not a card each.
		grid := container.NewGridWithColumns(5)
		for _, h := range []string{"Currency", "Receivable", "Overdue", "DSO", "CEI"} {
			grid.Add(widget.NewLabel(h))
		}
		dash := func(f ledger.Figure, places int, unit string) string {
			if !f.Valid() {
				return "—"
			}
			return f.Format(places) + unit
		}
		for _, m := range ms {
			for _, v := range []string{m.Currency, ledger.NewMoney(m.AREnd, m.Currency).String(),
				ledger.NewMoney(m.Overdue, m.Currency).String(), dash(m.DSO, 1, " days"), dash(m.CEI, 2, " %")} {
				grid.Add(widget.NewLabelWithStyle(v, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
			}
		}
		s.figures.Add(grid)
	}
	s.figures.Refresh()
}

func (s *dashboardScreen) showAging(a *ledger.Aging) {
	s.aging.Objects = nil
	for _, sec := range a.Sections {
		cur := sec.Currency
		n := len(sec.Total.Buckets)
		chart := barChart(a.Labels, sec.Total.Buckets, func(v int64) string { return shortAmount(ledger.NewMoney(v, cur)) },
			func(i int) color.Color { return agingColor(i, n) })
		s.aging.Add(container.NewVBox(widget.NewLabel(cur), chart))
	}
	if len(a.Sections) == 0 {
		s.aging.Add(widget.NewLabel("Nothing open."))
	}
	s.aging.Refresh()
}

// showOverdue lists, per currency, the customers longest overdue: by the
// days their oldest overdue invoice is late, then by amount.
func (s *dashboardScreen) showOverdue(cs []ledger.OverdueCustomer) {
	if len(cs) == 0 {
		s.overdue.SetText("No customer is overdue.")
		return
	}
	var b strings.Builder
	cur := ""
	for _, c := range cs {
		if c.Overdue.Currency != cur {
			if cur != "" {
				b.WriteByte('\n')
			}
			cur = c.Overdue.Currency
			b.WriteString(cur + "\n")
		}
		items := fmt.Sprintf("%d invoices", c.Items)
		if c.Items == 1 {
			items = "1 invoice"
		}
		days := fmt.Sprintf("%d days late", c.DaysLate)
		if c.DaysLate == 1 {
			days = "1 day late"
		}
		fmt.Fprintf(&b, "%s (%s): %s, %s in %s\n", bidi.Display(c.Name), c.Code, days, c.Overdue, items)
	}
	s.overdue.SetText(strings.TrimSuffix(b.String(), "\n"))
}

// homeResult is a home-currency figure or why there is none (a missing
// rate: said on the dashboard, not in a dialog at every refresh).
type homeResult struct {
	h   *paidapp.HomeFigures
	err error
}

// homeNote says why the home-currency figures are missing.
func homeNote(err error) fyne.CanvasObject {
	l := widget.NewLabel("In the home currency: " + err.Error())
	l.Wrapping = fyne.TextWrapWord
	return l
}

// showHomeMetrics adds the row of all currencies together in the home
// currency, with the rates used, under the per-currency figures.
func (s *dashboardScreen) showHomeMetrics(r homeResult) {
	if r.err != nil {
		s.figures.Add(homeNote(r.err))
		s.figures.Refresh()
		return
	}
	if r.h == nil || r.h.Metrics == nil {
		return
	}
	m := r.h.Metrics
	dash := func(f ledger.Figure, places int, unit string) string {
		if !f.Valid() {
			return "—"
		}
		return f.Format(places) + unit
	}
	grid := container.NewGridWithColumns(5)
	for _, v := range []string{"All in " + r.h.Home, ledger.NewMoney(m.AREnd, r.h.Home).String(), ledger.NewMoney(m.Overdue, r.h.Home).String(),
		dash(m.DSO, 1, " days"), dash(m.CEI, 2, " %")} {
		grid.Add(widget.NewLabelWithStyle(v, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	s.figures.Add(grid)
	s.figures.Add(widget.NewLabel(ratesLine(r.h)))
	s.figures.Refresh()
}

// ratesLine names the rates home figures were worked out at.
func ratesLine(h *paidapp.HomeFigures) string {
	var parts []string
	for _, r := range h.Rates {
		parts = append(parts, fmt.Sprintf("1 %s = %s %s (%s)", r.Currency, r, h.Home, fmtDate(r.Date)))
	}
	return "At the rates of " + fmtDate(h.AsOf) + ": " + strings.Join(parts, ", ")
}

// showHomeForecast adds the forecast of all currencies together in the
// home currency.
func (s *dashboardScreen) showHomeForecast(f *ledger.Forecast, r homeResult) {
	if r.err != nil {
		s.forecast.Add(homeNote(r.err))
		s.forecast.Refresh()
		return
	}
	if r.h == nil || r.h.Forecast == nil {
		return
	}
	s.forecast.Add(s.forecastChart(f, *r.h.Forecast, "All in "+r.h.Home))
	s.forecast.Refresh()
}

// forecastChart is one line of a forecast as a bar chart, captioned.
func (s *dashboardScreen) forecastChart(f *ledger.Forecast, l ledger.ForecastLine, caption string) fyne.CanvasObject {
	labels := []string{"late"}
	values := []int64{l.Late}
	for i, v := range l.Weeks {
		labels = append(labels, f.AsOf.AddDate(0, 0, 7*i).Format("Jan 2"))
		values = append(values, v)
	}
	labels, values = append(labels, "later"), append(values, l.Later)
	cur, n := l.Currency, len(values)
	return container.NewVBox(widget.NewLabel(caption),
		barChart(labels, values, func(v int64) string { return shortAmount(ledger.NewMoney(v, cur)) },
			func(i int) color.Color { return forecastColor(i, n) }))
}

func (s *dashboardScreen) showForecast(f *ledger.Forecast) {
	s.forecast.Objects = nil
	for _, l := range f.Lines {
		s.forecast.Add(s.forecastChart(f, l, l.Currency))
	}
	if len(f.Lines) == 0 {
		s.forecast.Add(widget.NewLabel("No open invoices."))
	}
	s.forecast.Refresh()
}

// chartText is a chart's caption, centred, in the theme's caption size;
// a canvas.Text is as wide as its text, so it is never cut.
func chartText(s string, bold bool) *canvas.Text {
	t := canvas.NewText(s, theme.Color(theme.ColorNameForeground))
	t.Alignment = fyne.TextAlignCenter
	t.TextSize = theme.CaptionTextSize()
	t.TextStyle.Bold = bold
	return t
}

// chartHeight is the height of the tallest bar.
const chartHeight = 120

// barChart draws one bar per value, scaled to the largest, with its label
// under it and its value (formatted by format, short enough to be shown
// whole: shortAmount) as a caption; colour gives bar i its colour.
func barChart(labels []string, values []int64, format func(int64) string, colour func(i int) color.Color) fyne.CanvasObject {
	var top int64
	for _, v := range values {
		top = max(top, v)
	}
	cols := make([]fyne.CanvasObject, len(values))
	for i, v := range values {
		h := float32(0)
		if top > 0 && v > 0 {
			h = max(2, float32(float64(v)/float64(top)*chartHeight))
		}
		bar := canvas.NewRectangle(colour(i))
		bar.SetMinSize(fyne.NewSize(24, h))
		// Never cut: the amount in short (22.4k), whole, in caption size
		// so that ten weeks fit beside the lists at 1024 px.
		name := chartText(labels[i], true)
		value := chartText(format(v), false)
		cols[i] = container.NewVBox(
			container.NewGridWrap(fyne.NewSize(1, chartHeight-h)), // the space above the bar
			bar, name, value)
	}
	return container.NewGridWithColumns(len(cols), cols...)
}

// agingColor colours aging bucket i of n by where it stands, whatever the
// edges and their labels: bucket 0 (current) in the primary colour, the
// younger half of the overdue buckets (the larger half when they are odd)
// in the warning colour, the older half, the open-ended oldest always
// among them once there are two, in the error colour.
func agingColor(i, n int) color.Color {
	overdue := n - 1 // buckets past due: 1 … n-1
	switch {
	case i == 0:
		return theme.Color(theme.ColorNamePrimary)
	case i > (overdue+1)/2:
		return theme.Color(theme.ColorNameError)
	default:
		return theme.Color(theme.ColorNameWarning)
	}
}

// forecastColor colours forecast bar i of n: the first is what is already
// late, the last what falls due after the weeks shown, the weeks between
// are money to come.
func forecastColor(i, n int) color.Color {
	switch i {
	case 0:
		return theme.Color(theme.ColorNameError)
	case n - 1:
		return theme.Color(theme.ColorNameDisabled)
	default:
		return theme.Color(theme.ColorNamePrimary)
	}
}
