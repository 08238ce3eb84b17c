package cli

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"paidup/internal/pgtest"
	"paidup/reminders/mailpittest"
)

// A posted charge document falls due like an invoice and is reminded like
// one, through a real SMTP server, its PDF attached under its own title;
// `invoice pdf` prints it.
func TestCLIChargesReminded(t *testing.T) {
	srv := mailpittest.Start(t, mailpittest.Options{})
	db := newLedger(t, pgtest.LedgerPath(t, "charges-remind.db"))
	run := func(want int, args ...string) string {
		t.Helper()
		return mustRun(t, want, append([]string{"--db", db}, args...)...)
	}
	for k, v := range map[string]string{"smtp.host": "127.0.0.1", "smtp.port": fmt.Sprint(srv.SMTPPort),
		"smtp.security": "none", "business.name": "Nordlicht", "business.email": "accounts@nordlicht.example",
		"charges.interest": "12%/year", "charges.compensation": "40"} {
		run(0, "settings", "set", k, v)
	}
	run(0, "customer", "add", "ACME", "--name", "Acme GmbH", "--currency", "EUR", "--terms", "30", "--email", "ap@acme.example")
	run(0, "invoice", "new", "--customer", "ACME", "--line", "Design;1;1000.00", "--date", "2026-01-02", "--issue") // due 2026-02-01
	wantIn(t, run(0, "charges", "--as-of", "2026-03-03", "--post"), "CHG-000001")
	pdf := filepath.Join(t.TempDir(), "chg.pdf")
	run(0, "invoice", "pdf", "CHG-000001", "-o", pdf)
	if text := checkPDF(t, pdf); !strings.Contains(text, "Late-payment charges") || !strings.Contains(text, "CHG-000001") {
		t.Errorf("the charge's PDF:\n%s", text)
	}
	// Months later both are overdue: one reminder names the invoice and the
	// charge and carries both PDFs.
	run(0, "payment", "record", "ACME", "1000.00", "--date", "2026-03-05", "--to", "INV-000001")
	run(0, "remind", "--send", "--as-of", "2026-05-15")
	var found bool
	for _, m := range srv.Messages() {
		if m.Attachments >= 1 {
			found = true
		}
	}
	if !found {
		t.Fatalf("no reminder of the charge was sent: %+v", srv.Messages())
	}
	wantIn(t, run(0, "remind", "log"), "CHG-000001")
}
