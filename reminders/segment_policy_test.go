package reminders

import (
	"context"
	"strings"
	"testing"
)

// A risk segment can have a reminder policy of its own
// (reminders.segment_policy): customers without one of their own follow
// their segment's; a policy named there must exist.
func TestSegmentPolicy(t *testing.T) {
	ctx := context.Background()
	s := stepsLedger(t) // every customer "new": fewer than 3 invoices due
	must(t, s.SetReminderPolicy(ctx, "stern", `{"steps":[{"name":"final","offset":1}]}`))
	setting(t, s, "reminders.segment_policy", "new=stern")
	r, _ := newRunner(t, s, nil)
	p, err := r.Preview(ctx, day("2026-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(summary(p), "\n")
	for _, want := range []string{"BETA billing@beta.example final [INV-000003@final]", "GAMMA gamma@gamma.example final [INV-000004@final]"} {
		if !strings.Contains(got, want) {
			t.Fatalf("plan:\n%s\nwant %q", got, want)
		}
	}
	if strings.Contains(got, "@friendly") || strings.Contains(got, "@overdue") {
		t.Fatalf("the default policy was used:\n%s", got)
	}
	if err := s.ChangeSetting(ctx, "reminders.segment_policy", "slow=sterner"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Preview(ctx, day("2026-03-31")); err == nil || !strings.Contains(err.Error(), `"sterner", which does not exist`) {
		t.Fatalf("a missing policy: %v", err)
	}
	if err := s.ChangeSetting(ctx, "reminders.segment_policy", "tardy=stern"); err == nil || !strings.Contains(err.Error(), "not a segment") {
		t.Fatalf("a wrong segment stored: %v", err)
	}
}
