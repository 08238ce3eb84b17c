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

// The built-in firm and final reminders quote the late-payment charges
// accrued when charges are set up, in words, and say nothing of them
// otherwise; the earlier steps never do.
func TestDefaultRemindersQuoteCharges(t *testing.T) {
	for _, s := range DefaultPolicy().Steps {
		tpl, err := parseStep(s)
		must(t, err)
		d := sampleData()
		plain, err := tpl.render(d)
		must(t, err)
		d.Interest, d.Compensation = "12.34 USD", "40.00 USD"
		charged, err := tpl.render(d)
		must(t, err)
		quotes := s.Name == "firm" || s.Name == "final"
		want := "late-payment charges have accrued on it: interest of 12.34 USD and compensation of 40.00 USD for recovery costs."
		if got := strings.Contains(charged.Text, want) && strings.Contains(charged.HTML, "interest of 12.34 USD"); got != quotes {
			t.Errorf("step %s quotes the charges: %v, want %v\n%s", s.Name, got, quotes, charged.Text)
		}
		if strings.Contains(plain.Text, "late-payment") || strings.Contains(plain.Text, "accrued") {
			t.Errorf("step %s speaks of charges when none are set up:\n%s", s.Name, plain.Text)
		}
		d.Interest = ""
		if only, err := tpl.render(d); err != nil || (quotes && !strings.Contains(only.Text, "accrued on it: compensation of 40.00 USD for recovery costs.")) {
			t.Errorf("step %s with compensation alone (%v):\n%s", s.Name, err, only.Text)
		}
	}
}
