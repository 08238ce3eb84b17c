package reminders

import (
	"context"
	"strings"
	"testing"
)

// TestReminderShowsAccruedInterest: with charges.interest set, a
// reminder's data carry what each overdue invoice has accrued and the
// sum, for templates to quote ({{.Interest}}, {{range .Items}}{{.Interest}}).
func TestReminderShowsAccruedInterest(t *testing.T) {
	ctx := context.Background()
	s := stepsLedger(t)
	setting(t, s, "charges.interest", "10%/year")
	setting(t, s, "charges.compensation", "40")
	r, _ := newRunner(t, s, &recordingMailer{})
	asOf := day("2026-03-31")
	policies, err := LoadPolicies(ctx, s)
	must(t, err)
	pl, err := r.newPlanner(ctx, asOf, policies)
	must(t, err)
	custs, err := s.ReminderCandidates(ctx, query(asOf, policies))
	must(t, err)
	p, err := pl.plan(custs)
	must(t, err)
	for _, e := range p.Emails {
		if e.CustomerCode != "GAMMA" {
			continue
		}
		for _, c := range custs {
			if c.Code != "GAMMA" {
				continue
			}
			d, err := pl.data(c, &e)
			must(t, err)
			// 11-31 March: 21 days × 999.00 × 10 % / 365 = 5.7477 → 5.75.
			if len(d.Items) != 1 || !strings.Contains(d.Items[0].Interest, "5.75") || !strings.Contains(d.Interest, "5.75") ||
				!strings.Contains(d.Compensation, "40.00") || !strings.Contains(d.Items[0].InterestWorking, "21 days × 999.00 × 10% / 365") {
				t.Fatalf("data: %+v", d)
			}
			return
		}
	}
	t.Fatal("no reminder to GAMMA")
}
