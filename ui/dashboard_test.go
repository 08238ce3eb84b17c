package ui

import (
	"context"
	"fmt"
	"testing"

	paidapp "paidup/app"
)

// The dashboard counts the reminders due today as the Reminders screen
// plans them, and its button goes there.
func TestDashboardRemindersDue(t *testing.T) {
	m, h, st := openDemo(t, "dashboard")
	s := m.built["dashboard"].(*dashboardScreen)
	h.settle(t)
	plan, err := paidapp.New(st, nil).PreviewReminders(context.Background(), flowDay)
	if err != nil {
		t.Fatal(err)
	}
	if len(plan.Emails) == 0 {
		t.Fatal("the demo has no reminders due: the test needs some")
	}
	want := fmt.Sprintf("%d customer(s) to remind, one email each, about %d invoice(s).", len(plan.Emails), plan.Invoices())
	if got := s.due.Text; len(got) < len(want) || got[:len(want)] != want {
		t.Errorf("dashboard says %q, want it to start %q", got, want)
	}
	tapIn(t, m.win.Content(), "Review and send…")
	h.settle(t)
	if got := m.tabs.Selected().Text; got != "Reminders" {
		t.Errorf("after Review and send the window shows %s", got)
	}
}
