package cli

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"paidup/ledger"
	"paidup/reminders/mailpittest"

	"paidup/internal/pgtest"
)

// remindLedger has ACME (due today), BETA (30 days late) and BAD, whose
// address the test server refuses.
func remindLedger(t *testing.T, db string) {
	t.Helper()
	ctx := context.Background()
	s, err := ledger.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, c := range []struct{ code, email, due string }{
		{"ACME", "ap@acme.example", "2026-03-31"}, {"BETA", "ap@beta.example", "2026-03-01"},
		{"BETA", "", "2026-03-02"}, {"BAD", "ap@bad.example", "2026-03-20"},
	} {
		if c.email != "" {
			if _, err := s.CreateCustomer(ctx, ledger.Customer{Code: c.code, Name: c.code + " Ltd", Email: c.email, Currency: "EUR", TermsDays: 30}); err != nil {
				t.Fatal(err)
			}
		}
		due, _ := ledger.ParseDate(c.due)
		_, err := s.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: c.code, Date: due.AddDate(0, 0, -30), DueDate: due,
			Lines: []ledger.Line{{Description: "Work", Quantity: ledger.D4(1), UnitPrice: 12345}}})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func mustRun(t *testing.T, wantCode int, args ...string) string {
	t.Helper()
	code, out, errs := paidup(t, args...)
	if code != wantCode {
		t.Fatalf("paidup %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, wantCode, out, errs)
	}
	return out + errs
}

func wantIn(t *testing.T, out string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(out, w) {
			t.Fatalf("output lacks %q:\n%s", w, out)
		}
	}
}

// TestCLIRemind drives reminders and disputes through the command line
// against a local mailpit.
func TestCLIRemind(t *testing.T) {
	srv := mailpittest.Start(t, mailpittest.Options{AllowedRecipients: `@(acme|beta)\.example$`})
	db := pgtest.LedgerPath(t, "r.db")
	t.Setenv("PAIDUP_DB", db)
	remindLedger(t, db)
	for k, v := range map[string]string{"smtp.host": "127.0.0.1", "smtp.port": fmt.Sprint(srv.SMTPPort),
		"smtp.security": "none", "business.name": "Nordlicht", "business.email": "accounts@nordlicht.example"} {
		mustRun(t, 0, "settings", "set", k, v)
	}
	mustRun(t, 1, "settings", "set", "smtp.security", "ssl")
	out := mustRun(t, 0, "remind", "--as-of", "2026-03-31")
	wantIn(t, out, "a dry run", "ACME  ACME Ltd <ap@acme.example>  step due", "BETA  BETA Ltd <ap@beta.example>  step firm",
		"Attached: 2 invoice PDF(s) and the open-item statement", "3 email(s) to 3 customer(s) about 4 invoice(s).")
	if len(srv.Messages()) != 0 {
		t.Fatal("a dry run sent mail")
	}

	out = mustRun(t, 0, "dispute", "open", "INV-000002", "--reason", "hours not agreed")
	wantIn(t, out, "invoice INV-000002 is disputed")
	mustRun(t, 1, "dispute", "open", "INV-000002", "--reason", "again")
	mustRun(t, 2, "dispute", "open", "INV-000002")
	wantIn(t, mustRun(t, 0, "dispute", "list"), "INV-000002  BETA")
	wantIn(t, mustRun(t, 0, "remind", "--as-of", "2026-03-31"), "BETA INV-000002: disputed")

	// BAD's address is refused: exit 1, the others go.
	out = mustRun(t, 1, "remind", "--send", "--as-of", "2026-03-31")
	wantIn(t, out, "3 new email(s)", "2 sent, 1 failed", "failed  #", "paidup remind: 1 failed")
	if n := len(srv.Messages()); n != 2 {
		t.Fatalf("%d messages arrived", n)
	}
	// Nothing new: exit 0, nothing sent.
	wantIn(t, mustRun(t, 0, "remind", "--send", "--as-of", "2026-03-31"), "0 new email(s)", "0 sent, 0 failed")
	if n := len(srv.Messages()); n != 2 {
		t.Fatalf("%d messages after the second run", n)
	}
	out = mustRun(t, 0, "remind", "log")
	wantIn(t, out, "ID  WHEN", "sent    ACME", "250 2.0.0 Ok", "failed  BAD")
	wantIn(t, mustRun(t, 0, "remind", "log", "--customer", "ACME"), "INV-000001")
	mustRun(t, 2, "remind", "log", "--status", "lost")
	mustRun(t, 2, "remind", "log", "--sent")

	mustRun(t, 2, "remind", "resolve", "3")
	mustRun(t, 1, "remind", "resolve", "99", "--sent")
	mustRun(t, 1, "remind", "resolve", "1", "--retry") // sent already
	// Rows are numbered by customer name: BAD is #2.
	wantIn(t, mustRun(t, 0, "remind", "resolve", "2", "--cancel"), "message 2 is cancelled")

	wantIn(t, mustRun(t, 0, "remind", "customer", "ACME", "--off", "--email", "payables@acme.example"),
		"reminders: off", "payables@acme.example (their own reminder address)")
	mustRun(t, 1, "remind", "customer", "ACME", "--policy", "nope")
	wantIn(t, mustRun(t, 0, "remind", "policy", "show"), `"name": "friendly"`, `"offset": -3`)

	wantIn(t, mustRun(t, 0, "remind", "--test", "me@acme.example"), "the server answered: 250")
	mustRun(t, 2, "remind", "--test", "not an address")
	mustRun(t, 2, "remind", "--dry-run", "--send")
	wantIn(t, mustRun(t, 0, "dispute", "resolve", "INV-000002"), "resolved")
}
