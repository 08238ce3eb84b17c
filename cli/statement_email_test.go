package cli

import (
	"fmt"
	"strings"
	"testing"

	"paidup/internal/pgtest"
	"paidup/reminders/mailpittest"
)

// A statement by email on demand: through a real SMTP server, the
// open-item statement attached (and no invoice PDFs), once per customer
// and day; a customer with nothing open has none to send.
func TestCLIStatementEmail(t *testing.T) {
	srv := mailpittest.Start(t, mailpittest.Options{})
	db := newLedger(t, pgtest.LedgerPath(t, "statement-mail.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	for k, v := range map[string]string{"smtp.host": "127.0.0.1", "smtp.port": fmt.Sprint(srv.SMTPPort),
		"smtp.security": "none", "business.name": "Nordlicht", "business.email": "accounts@nordlicht.example"} {
		run(0, "settings", "set", k, v)
	}
	run(0, "customer", "add", "NGUYEN", "--name", "Thương mại Nguyễn Đức", "--currency", "EUR", "--email", "kt@nguyen.example")
	run(0, "customer", "add", "ZHANG", "--name", "张伟贸易有限公司", "--currency", "EUR", "--email", "ap@zhang.example")
	run(0, "invoice", "new", "--customer", "NGUYEN", "--date", "2026-10-02", "--line", "Design;1;100;0", "--issue")
	run(0, "invoice", "new", "--customer", "NGUYEN", "--date", "2026-11-02", "--line", "Hosting;1;49.50;0", "--issue")

	// Queued only, it waits for the next send.
	wantIn(t, run(0, "statement", "NGUYEN", "--email", "--to", "2026-11-30", "--queue-only"), "is in the outbox")
	if n := len(srv.Messages()); n != 0 {
		t.Fatalf("--queue-only sent %d message(s)", n)
	}
	// The next send delivers it with the reminders it plans.
	run(0, "remind", "--send", "--as-of", "2026-11-30")
	statements := func() (subjects []string) {
		for _, m := range srv.Messages() {
			if strings.HasPrefix(m.Subject, "Statement of account") {
				if m.Attachments != 1 {
					t.Errorf("%q has %d attachments, want the statement alone", m.Subject, m.Attachments)
				}
				subjects = append(subjects, m.Subject)
			}
		}
		return subjects
	}
	if got := statements(); len(got) != 1 || got[0] != "Statement of account 2026-11-30 from Nordlicht" {
		t.Fatalf("statement emails: %q", got)
	}
	// Once per customer and day; another day is another statement.
	code, _, errs := paidup(t, "--db", db, "statement", "NGUYEN", "--email", "--to", "2026-11-30")
	if code != 1 || !strings.Contains(errs, "emailed already") {
		t.Fatalf("a second statement of the day: exit %d %q", code, errs)
	}
	wantIn(t, run(0, "statement", "NGUYEN", "--email", "--to", "2026-12-01"), "sent the statement of NGUYEN as of 2026-12-01")
	if got := statements(); len(got) != 2 {
		t.Errorf("statement emails: %q, want 2", got)
	}
	// Nothing open: nothing to send, nothing queued.
	code, _, errs = paidup(t, "--db", db, "statement", "ZHANG", "--email", "--to", "2026-11-30")
	if code != 1 || !strings.Contains(errs, "nothing open on 2026-11-30") {
		t.Errorf("a statement with nothing open: exit %d %q", code, errs)
	}
	code, _, errs = paidup(t, "--db", db, "statement", "NGUYEN", "--email", "--type", "activity", "--from", "2026-11-01")
	if code != 2 || !strings.Contains(errs, "--email sends one customer's open-item statement") {
		t.Errorf("--email with an activity statement: exit %d %q", code, errs)
	}
	// The statement emailed stays out of the reminders' steps: the
	// invoices are still reminded as the policy says.
	wantIn(t, run(0, "remind", "log"), "statement-2026-11-30")
}
