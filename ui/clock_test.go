package ui

import (
	"context"
	"image/color"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	paidapp "paidup/app"

	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"paidup/ledger"
)

// A window left open past midnight works as of the new day: the dates it
// offers and the aging it shows follow the app's clock, while a date the
// user typed stays.
func TestDatesFollowTheClockPastMidnight(t *testing.T) {
	var now atomic.Int64
	set := func(d time.Time) { now.Store(d.UnixNano()) }
	set(time.Date(2026, 3, 31, 23, 59, 0, 0, time.UTC))
	ctx := context.Background()
	st, err := ledger.Open(ctx, filepath.Join(t.TempDir(), "clock.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	st.Now = func() time.Time { return time.Unix(0, now.Load()).UTC() }
	h := &harness{}
	a := test.NewTempApp(t)
	a.Preferences().SetString(prefScreen, "dashboard")
	m := newMainWindow(a, sourcesOf(paidapp.New(st, nil)), "clock.db", h.env())
	t.Cleanup(m.close)
	h.settle(t)

	rep := m.reports()
	h.settle(t)
	pay := m.payments()
	h.settle(t)
	rem := m.show("reminders").(*remindersScreen)
	h.settle(t)
	if rep.asOf.Text != "2026-03-31" || rep.aging == nil || fmtDate(rep.aging.AsOf) != "2026-03-31" ||
		pay.date.Text != "2026-03-31" || rem.asOf.Text != "2026-03-31" {
		t.Fatalf("before midnight: reports as of %q, payments dated %q, reminders as of %q", rep.asOf.Text, pay.date.Text, rem.asOf.Text)
	}

	set(time.Date(2026, 4, 1, 0, 1, 0, 0, time.UTC))
	m.show("reports")
	h.settle(t)
	if rep.asOf.Text != "2026-04-01" || fmtDate(rep.aging.AsOf) != "2026-04-01" || !strings.Contains(rep.status.Text, "2026-04-01") {
		t.Errorf("after midnight the aging is as of %q (%s)", rep.asOf.Text, fmtDate(rep.aging.AsOf))
	}
	m.show("payments")
	h.settle(t)
	if pay.date.Text != "2026-04-01" {
		t.Errorf("after midnight a payment is dated %q", pay.date.Text)
	}
	m.show("reminders")
	h.settle(t)
	if rem.asOf.Text != "2026-04-01" || rem.plan == nil || fmtDate(rem.plan.AsOf) != "2026-04-01" {
		t.Errorf("after midnight reminders are planned as of %q", rem.asOf.Text)
	}
	dash := m.show("dashboard").(*dashboardScreen)
	h.settle(t)
	if dash.status.Text != "As of 2026-04-01" {
		t.Errorf("after midnight the dashboard says %q", dash.status.Text)
	}

	// A date the user chose is theirs: the next day does not move it.
	m.show("reports")
	rep.asOf.SetText("2026-02-15")
	rep.onRun()
	h.settle(t)
	set(time.Date(2026, 4, 2, 0, 1, 0, 0, time.UTC))
	m.show("reports")
	h.settle(t)
	if rep.asOf.Text != "2026-02-15" || fmtDate(rep.aging.AsOf) != "2026-02-15" {
		t.Errorf("a chosen date moved to %q", rep.asOf.Text)
	}
}

// The dashboard colours the aging by bucket, not by label: with edges of
// the user's the labels are not the defaults, and the oldest bucket is the
// error colour however many there are.
func TestDashboardAgingColoursCustomEdges(t *testing.T) {
	m, h, st := openLedger(t, "customers")
	ctx := context.Background()
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "ACME", Name: "Acme", Currency: "EUR", TermsDays: 30}); err != nil {
		t.Fatal(err)
	}
	// Invoices due in 10 days, 10, 30 and 60 days ago.
	for _, due := range []int{10, -10, -30, -60} {
		d := ledger.Day(flowDay).AddDate(0, 0, due)
		id, err := st.SaveDraft(ctx, 0, ledger.InvoiceInput{CustomerCode: "ACME", Date: d.AddDate(0, 0, -30), DueDate: d,
			Lines: []ledger.Line{{Description: "Work", Quantity: ledger.D4(1), UnitPrice: 10000}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.IssueDraft(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	primary, warning, bad := theme.Color(theme.ColorNamePrimary), theme.Color(theme.ColorNameWarning), theme.Color(theme.ColorNameError)
	dash := m.show("dashboard").(*dashboardScreen)
	for _, tc := range []struct {
		edges, labels string
		want          []color.Color
	}{
		{"15,45", "current 1-15 16-45 46+", []color.Color{primary, warning, warning, bad}},
		{"30", "current 1-30 31+", []color.Color{primary, warning, bad}},
		{"", "current 1-30 31-60 61-90 91+", []color.Color{primary, warning, warning, bad, bad}},
	} {
		if err := st.ChangeSetting(ctx, "aging.edges", tc.edges); err != nil {
			t.Fatal(err)
		}
		dash.refresh()
		h.settle(t)
		var labels []string
		var bars []color.Color
		for _, o := range visible(dash.aging) {
			switch o := o.(type) {
			case *canvas.Rectangle:
				bars = append(bars, o.FillColor)
			case *canvas.Text: // the chart's captions
				if s := o.Text; s == "current" || strings.Contains(s, "-") || strings.HasSuffix(s, "+") {
					labels = append(labels, s)
				}
			}
		}
		if strings.Join(labels, " ") != tc.labels {
			t.Fatalf("edges %q: the aging chart's labels are %q, want %q", tc.edges, labels, tc.labels)
		}
		if len(bars) != len(tc.want) {
			t.Fatalf("edges %q: %d bars, want %d", tc.edges, len(bars), len(tc.want))
		}
		for i := range tc.want {
			if bars[i] != tc.want[i] {
				t.Errorf("edges %q: bar %d (%s) is %v, want %v", tc.edges, i, labels[i], bars[i], tc.want[i])
			}
		}
	}
}
