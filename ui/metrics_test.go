package ui

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"paidup/ledger"
	"paidup/reports"
)

// The Reports screen shows the collection metrics as paidup metrics
// prints them, for the date and period given, and refuses a bad period.
func TestMetricsPanel(t *testing.T) {
	m, h, st := openDemo(t, "reports")
	s := m.reports()
	h.settle(t)
	p := s.metrics

	want := func(days int) string {
		ms, err := st.Metrics(context.Background(), ledger.MetricsOptions{AsOf: flowDay, Days: days})
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		if err := reports.WriteMetricsTable(&b, ms); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	if got := p.table.Text; got != want(90) || !strings.Contains(got, "Average days to pay") {
		t.Errorf("metrics shown:\n%s\nwant:\n%s", got, want(90))
	}

	p.days.SetText("30")
	tapIn(t, p.content(), "Show metrics")
	h.settle(t)
	if got := p.table.Text; got != want(30) {
		t.Errorf("30-day metrics shown:\n%s\nwant:\n%s", got, want(30))
	}

	p.days.SetText("0")
	before := p.table.Text
	p.onShow()
	h.settle(t)
	if !p.problem.Visible() || !strings.Contains(p.problem.Text, "1 to 3650") || p.table.Text != before {
		t.Errorf("period 0: message %q (shown %v), table changed %v", p.problem.Text, p.problem.Visible(), p.table.Text != before)
	}
}

func TestMetricsPanelSavesCSV(t *testing.T) {
	m, h, st := openDemo(t, "reports")
	p := m.reports().metrics
	h.settle(t)
	path := filepath.Join(t.TempDir(), "metrics.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	o, _ := p.options()
	saved := false
	p.save(f, o, func() { saved = true })
	h.settle(t)
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	ms, _ := st.Metrics(context.Background(), ledger.MetricsOptions{AsOf: flowDay, Days: 90})
	var b strings.Builder
	reports.WriteMetricsCSV(&b, ms)
	if !saved {
		t.Error("done was not called")
	}
	if string(got) != b.String() || !strings.HasPrefix(string(got), "metric,currency,value\n") {
		t.Errorf("saved %q, want %q", got, b.String())
	}
}
