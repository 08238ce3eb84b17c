package cli

import (
	"fmt"
	"strings"
	"testing"

	"paidup/internal/pgtest"
	"paidup/reminders/mailpittest"
)

// A bookkeeper sets up a month-end recurring invoice and cron runs
// paidup recur: each period once, a dry run writes nothing, and the
// JSON has stable fields.
func TestCLIRecur(t *testing.T) {
	db := newLedger(t, pgtest.LedgerPath(t, "recur.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	run(0, "customer", "add", "NGUYEN", "--name", "Thương mại Nguyễn Đức", "--currency", "EUR", "--terms", "14")
	wantIn(t, run(0, "recur", "new", "Hosting", "--customer", "NGUYEN", "--every", "month", "--start", "2026-01-31",
		"--line", "Hosting;1;49.00;20"), `recurring invoice "Hosting" for NGUYEN: every month from 2026-01-31`)
	wantIn(t, run(0, "recur", "--as-of", "2026-03-31", "--dry-run"), "would issue (not issued) for NGUYEN dated 2026-02-28: 58.80 EUR")
	var rows []documentRowJSON
	mustJSON(t, run(0, "invoice", "list", "--format", "json"), &rows)
	if len(rows) != 0 {
		t.Fatalf("a dry run issued %d invoices", len(rows))
	}
	var res recurRunJSON
	mustJSON(t, run(0, "recur", "--as-of", "2026-03-31", "--format", "json"), &res)
	if len(res.Issued) != 3 || res.Issued[1].Date != "2026-02-28" || res.Issued[2].Date != "2026-03-31" || res.Issued[0].Total != "58.80" {
		t.Fatalf("run: %+v", res)
	}
	wantIn(t, run(0, "recur", "--as-of", "2026-03-31"), "no recurring invoice has fallen due")
	mustJSON(t, run(0, "invoice", "list", "--format", "json"), &rows)
	if len(rows) != 3 {
		t.Fatalf("%d invoices after two runs, want 3", len(rows))
	}
	var list []recurringJSON
	mustJSON(t, run(0, "recur", "list", "--format", "json"), &list)
	if len(list) != 1 || list[0].Issued != 3 || list[0].Next != "2026-04-30" || list[0].Total != "58.80" {
		t.Fatalf("list: %+v", list)
	}
	wantIn(t, run(0, "recur", "pause", "Hosting"), "is paused")
	wantIn(t, run(0, "recur", "--as-of", "2026-05-31"), "no recurring invoice has fallen due")
	wantIn(t, run(0, "recur", "resume", "Hosting"), "is active")
	wantIn(t, run(0, "recur", "--as-of", "2026-05-31"), "dated 2026-04-30", "dated 2026-05-31")
	run(0, "check")
	wantIn(t, run(0, "check", "--quick"), "ok (quick)")

	for _, args := range [][]string{
		{"recur", "new", "X"},
		{"recur", "frobnicate"},
		{"recur", "pause"},
	} {
		if code, _, _ := paidup(t, append([]string{"--db", db}, args...)...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	code, _, errs := paidup(t, "--db", db, "recur", "new", "Y", "--customer", "NGUYEN", "--every", "fortnight", "--start", "2026-01-01", "--line", "x;1;1")
	if code != 1 || !strings.Contains(errs, `every "fortnight"`) {
		t.Errorf("bad --every: exit %d, %q", code, errs)
	}
}

// An invoice by email, on demand and as a recurring invoice is issued:
// through a real SMTP server, its PDF attached, each invoice once.
func TestCLIInvoiceEmail(t *testing.T) {
	srv := mailpittest.Start(t, mailpittest.Options{})
	db := newLedger(t, pgtest.LedgerPath(t, "mail.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	for k, v := range map[string]string{"smtp.host": "127.0.0.1", "smtp.port": fmt.Sprint(srv.SMTPPort),
		"smtp.security": "none", "business.name": "Nordlicht", "business.email": "accounts@nordlicht.example"} {
		run(0, "settings", "set", k, v)
	}
	run(0, "customer", "add", "NGUYEN", "--name", "Thương mại Nguyễn Đức", "--currency", "EUR", "--email", "kt@nguyen.example")
	run(0, "invoice", "new", "--customer", "NGUYEN", "--date", "2026-11-02", "--line", "Design;1;100;0", "--issue")
	wantIn(t, run(0, "invoice", "email", "INV-000001"), "sent invoice INV-000001")
	code, _, errs := paidup(t, "--db", db, "invoice", "email", "INV-000001")
	if code != 1 || !strings.Contains(errs, "emailed already") {
		t.Fatalf("a second email: exit %d %q", code, errs)
	}
	// Recurring invoices by email: queued as they are issued, sent with
	// the next send.
	run(0, "settings", "set", "recur.email", "true")
	run(0, "recur", "new", "Hosting", "--customer", "NGUYEN", "--every", "month", "--start", "2026-10-31", "--line", "Hosting;1;49;0")
	run(0, "recur", "--as-of", "2026-11-30")
	run(0, "remind", "--send", "--as-of", "2026-11-30")
	msgs := srv.Messages()
	subjects := map[string]int{}
	for _, m := range msgs {
		subjects[m.Subject]++
		if strings.HasPrefix(m.Subject, "Invoice ") && m.Attachments != 1 {
			t.Errorf("%q has %d attachments, want its PDF", m.Subject, m.Attachments)
		}
	}
	for _, want := range []string{"Invoice INV-000001 from Nordlicht", "Invoice INV-000002 from Nordlicht", "Invoice INV-000003 from Nordlicht"} {
		if subjects[want] != 1 {
			t.Errorf("%q arrived %d times; all: %v", want, subjects[want], subjects)
		}
	}
}

// Reminder letters: one PDF per customer a run would remind, those
// without an email included, with the step's words, the open items and
// the payment slip; nothing is sent.
func TestCLIRemindLetters(t *testing.T) {
	dir := t.TempDir()
	db := newLedger(t, pgtest.LedgerPath(t, "letters.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	for k, v := range map[string]string{"business.name": "Nordlicht", "business.email": "accounts@nordlicht.example",
		"payment.iban": "DE89 3704 0044 0532 0130 00"} {
		run(0, "settings", "set", k, v)
	}
	run(0, "customer", "add", "POST", "--name", "Bäckerei Nguyễn", "--currency", "EUR", "--address", "Hauptstraße 1\\n20095 Hamburg")
	run(0, "customer", "add", "MAIL", "--name", "Mail GmbH", "--currency", "EUR", "--email", "ap@mail.example")
	run(0, "invoice", "new", "--customer", "POST", "--date", "2026-02-01", "--line", "Brot;1;250.00;0", "--issue")
	run(0, "invoice", "new", "--customer", "MAIL", "--date", "2026-02-01", "--line", "Web;1;99.00;0", "--issue")
	out := run(0, "remind", "--as-of", "2026-03-31", "--letters", dir)
	wantIn(t, out, "Reminder POST 2026-03-31.pdf", "Reminder MAIL 2026-03-31.pdf")
	text := checkPDF(t, dir+"/Reminder POST 2026-03-31.pdf")
	for _, want := range []string{"Reminder", "Bäckerei Nguyễn", "Hauptstraße 1", "INV-000001", "250.00", "DE89"} {
		if !strings.Contains(text, want) {
			t.Errorf("the letter lacks %q:\n%s", want, text)
		}
	}
	if out := run(0, "remind", "log"); strings.Contains(out, "POST") {
		t.Fatalf("letters went to the outbox:\n%s", out)
	}
}
