package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"paidup/internal/pgtest"
	"paidup/ledger"
	"paidup/reminders/mailpittest"
)

// A reminder of a missed payment plan instalment, sent through a real
// SMTP server, asks for the instalment: its amount and date in the
// payment instructions (text and HTML), and the plan's schedule attached
// instead of the invoice, whose "How to pay" and EPC QR code are for the
// instalment's open part.
func TestCLIRemindPlanInstalment(t *testing.T) {
	srv := mailpittest.Start(t, mailpittest.Options{})
	db := pgtest.LedgerPath(t, "plan.db")
	t.Setenv("PAIDUP_DB", db)
	ctx := context.Background()
	s, err := ledger.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateCustomer(ctx, ledger.Customer{Code: "ACME", Name: "ACME Ltd", Email: "ap@acme.example", Currency: "EUR", TermsDays: 30}); err != nil {
		t.Fatal(err)
	}
	due, _ := ledger.ParseDate("2026-03-01")
	if _, err := s.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "ACME", Date: due.AddDate(0, 0, -30), DueDate: due,
		Lines: []ledger.Line{{Description: "Work", Quantity: ledger.D4(1), UnitPrice: 10001}}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for k, v := range map[string]string{"smtp.host": "127.0.0.1", "smtp.port": fmt.Sprint(srv.SMTPPort),
		"smtp.security": "none", "business.name": "Nordlicht", "business.email": "accounts@nordlicht.example",
		"payment.iban": "DE89 3704 0044 0532 0130 00"} {
		mustRun(t, 0, "settings", "set", k, v)
	}
	mustRun(t, 0, "plan", "create", "INV-000001", "--dates", "2026-03-20,2026-04-20", "--grace", "2", "--cancel-after", "0", "--made", "2026-03-10")
	// The aging detail lists the invoice once per instalment.
	var rows []struct {
		Document   string
		DueDate    string `json:"due_date"`
		Bucket     string
		Open       string
		Instalment int
	}
	mustJSON(t, mustRun(t, 0, "aging", "--detail", "--as-of", "2026-03-23", "--format", "json"), &rows)
	if len(rows) != 2 || rows[0].Instalment != 1 || rows[0].Bucket != "1-30" || rows[0].Open != "50.00" ||
		rows[1].Instalment != 2 || rows[1].DueDate != "2026-04-20" || rows[1].Bucket != "current" || rows[1].Open != "50.01" {
		t.Fatalf("aging detail %+v", rows)
	}
	// Within the grace nothing goes; after it, one reminder.
	wantIn(t, mustRun(t, 0, "remind", "--send", "--as-of", "2026-03-22"), "0 sent")
	wantIn(t, mustRun(t, 0, "remind", "--send", "--as-of", "2026-03-23"), "1 sent")
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("%d messages", len(msgs))
	}
	m := srv.Message(msgs[0].ID)
	// 100.01 in two: 50.00 on 20 March, 50.01 on 20 April.
	wantIn(t, m.Text, "Amount: 50.00 EUR", "Instalment: 1 of payment plan #1, due 2026-03-20")
	wantIn(t, m.HTML, "Amount: 50.00 EUR", "Instalment: 1 of payment plan #1, due 2026-03-20")
	var names []string
	var plan string
	for _, a := range m.Attachments {
		names = append(names, a.FileName)
		if strings.HasPrefix(a.FileName, "Payment plan 1") {
			path := filepath.Join(t.TempDir(), "plan.pdf")
			if err := os.WriteFile(path, srv.Part(m.ID, a.PartID), 0o600); err != nil {
				t.Fatal(err)
			}
			plan = checkPDF(t, path)
		}
	}
	if plan == "" || strings.Contains(strings.Join(names, " "), "Invoice") {
		t.Fatalf("attachments %q: want the plan's schedule instead of the invoice", names)
	}
	wantIn(t, strings.Join(strings.Fields(plan), " "), "Please pay the next instalment, €50.00, by 20 Mar 2026", "quoting \"Plan 1 instalment 1\"", "Scan to pay")
}
