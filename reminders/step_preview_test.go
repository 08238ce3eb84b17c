package reminders

import (
	"context"
	"testing"

	"paidup/ledger"
)

// A step previewed for a customer is the very email a run writes when
// that step is due: the same subject, text and HTML.
func TestPreviewStepIsTheRunsEmail(t *testing.T) {
	s := newLedger(t)
	ctx := context.Background()
	customer(t, s, "ACME", "ap@acme.example")
	invoice(t, s, "ACME", "2026-03-24", 123456) // 7 days overdue on testNow: step overdue
	customer(t, s, "NONE", "none@example.com")
	r, _ := newRunner(t, s, nil)
	plan, err := r.Preview(ctx, testNow)
	must(t, err)
	if len(plan.Emails) != 1 || plan.Emails[0].Step != "overdue" {
		t.Fatalf("the run plans %+v", plan.Emails)
	}
	want := plan.Emails[0]
	got, err := r.PreviewStep(ctx, DefaultPolicy(), DefaultPolicy().index("overdue"), "ACME", testNow)
	must(t, err)
	if got.Subject != want.Subject || got.Text != want.Text || got.HTML != want.HTML || got.Recipient != want.Recipient {
		t.Errorf("preview:\n%s\n%s\nrun:\n%s\n%s", got.Subject, got.Text, want.Subject, want.Text)
	}
	// Another step of the same policy speaks in its own voice.
	final, err := r.PreviewStep(ctx, DefaultPolicy(), DefaultPolicy().index("final"), "ACME", testNow)
	must(t, err)
	if final.Step != "final" || final.Subject == want.Subject || !final.Statement {
		t.Errorf("final step: %q %q statement %v", final.Step, final.Subject, final.Statement)
	}
	// A customer who owes nothing, or one not there: a clear error.
	if _, err := r.PreviewStep(ctx, DefaultPolicy(), 0, "NONE", testNow); ledger.ErrorCode(err) != ledger.ENOTFOUND {
		t.Errorf("customer without invoices: %v", err)
	}
	if _, err := r.PreviewStep(ctx, DefaultPolicy(), 0, "NOBODY", testNow); err == nil {
		t.Error("no error for a customer not there")
	}
	if _, err := r.PreviewStep(ctx, DefaultPolicy(), 9, "ACME", testNow); ledger.ErrorCode(err) != ledger.EINVALID {
		t.Errorf("step out of range: %v", err)
	}
}
