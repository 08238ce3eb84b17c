package ui

import (
	"image/color"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"paidup/ledger"
)

func TestShortAmount(t *testing.T) {
	for _, tc := range []struct {
		m    ledger.Money
		want string
	}{
		{ledger.NewMoney(95049, "EUR"), "950"},
		{ledger.NewMoney(2243150, "EUR"), "22.4k"},
		{ledger.NewMoney(99999999, "EUR"), "1.0M"},
		{ledger.NewMoney(125000000, "USD"), "1.3M"},
		{ledger.NewMoney(-2250000, "EUR"), "-22.5k"},
		{ledger.NewMoney(2243150, "JPY"), "2.2M"},
		{ledger.NewMoney(1500, "KWD"), "2"},
	} {
		if got := shortAmount(tc.m); got != tc.want {
			t.Errorf("shortAmount(%v) = %q, want %q", tc.m, got, tc.want)
		}
	}
}

// A chart's labels are never cut: every caption is shown whole in its
// column, with ten weeks of six-figure amounts.
func TestChartLabelsWhole(t *testing.T) {
	test.NewTempApp(t)
	labels := []string{"late", "Mar 31", "Apr 7", "Apr 14", "Apr 21", "Apr 28", "May 5", "May 12", "May 19", "later"}
	values := []int64{2243150, 99999999, 12345678, 55555555, 100, 0, 7777777, 8888888, 9999999, 123456789}
	chart := barChart(labels, values, func(v int64) string { return shortAmount(ledger.NewMoney(v, "EUR")) },
		func(int) color.Color { return theme.Color(theme.ColorNamePrimary) })
	chart.Resize(chart.MinSize())
	if w := chart.MinSize().Width; w > 520 {
		t.Errorf("the chart wants %v px", w)
	}
	n := 0
	for _, col := range chart.(*fyne.Container).Objects {
		for _, o := range col.(*fyne.Container).Objects {
			txt, ok := o.(*canvas.Text)
			if !ok {
				continue
			}
			n++
			if strings.Contains(txt.Text, "…") || txt.Size().Width < txt.MinSize().Width {
				t.Errorf("caption %q is %v wide, needs %v", txt.Text, txt.Size().Width, txt.MinSize().Width)
			}
		}
	}
	if n != 2*len(values) {
		t.Errorf("%d labels, want %d", n, 2*len(values))
	}
}
