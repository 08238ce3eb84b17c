package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// A date field's calendar writes the chosen day as YYYY-MM-DD and submits
// the field: on Reports, the aging follows.
func TestDateEntryCalendar(t *testing.T) {
	m, h, _ := openLedger(t, "reports")
	s := m.reports()
	h.settle(t)
	test.Tap(s.asOf.ActionItem.(*widget.Button))
	top := m.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no calendar")
	}
	tapIn(t, top, "15")
	h.settle(t)
	if want := flowDay.Format("2006-01") + "-15"; s.asOf.Text != want {
		t.Errorf("as of %q, want %q", s.asOf.Text, want)
	}
	if m.win.Canvas().Overlays().Top() != nil {
		t.Error("the calendar stayed open")
	}
	if !strings.Contains(s.status.Text, flowDay.Format("2006-01")+"-15") {
		t.Errorf("the aging did not follow the date: %q", s.status.Text)
	}
}
