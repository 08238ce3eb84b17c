package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"paidup/ledger"
	"paidup/reminders/mailpittest"
)

// From a customer's screen, Statement… → Email sends the open-item
// statement through a real SMTP server and says so; a second time the
// same day it is refused in words, and nothing more is sent.
func TestStatementEmail(t *testing.T) {
	srv := mailpittest.Start(t, mailpittest.Options{})
	m, h, st := openLedger(t, "customers")
	ctx := context.Background()
	for k, v := range map[string]string{"smtp.host": "127.0.0.1", "smtp.port": fmt.Sprint(srv.SMTPPort),
		"smtp.security": "none", "business.name": "Nordlicht", "business.email": "accounts@nordlicht.example"} {
		if err := st.SetSetting(ctx, k, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: "NGUYEN", Name: "Thương mại Nguyễn Đức", Currency: "EUR", TermsDays: 14,
		Email: "kt@nguyen.example"}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "NGUYEN", Date: flowDay.AddDate(0, -1, 0),
		Lines: []ledger.Line{{Description: "Thiết kế", Quantity: ledger.D4(1), UnitPrice: 12000}}}); err != nil {
		t.Fatal(err)
	}
	m.customers.openCustomer("NGUYEN")
	h.settle(t)
	email := func() {
		t.Helper()
		tapIn(t, m.customers.detail.box, "Statement…")
		tapIn(t, topDialog(t, m), "Email")
		h.settle(t)
	}
	email()
	if !says(t, m, "Sent the statement of NGUYEN as of 2026-03-31.") {
		t.Fatalf("after Email the window says %q", overlayTexts(m))
	}
	msgs := srv.Messages()
	if len(msgs) != 1 || msgs[0].Subject != "Statement of account 2026-03-31 from Nordlicht" || msgs[0].Attachments != 1 {
		t.Fatalf("messages: %+v", msgs)
	}
	tapIn(t, topDialog(t, m), "OK")
	email()
	if got := overlayTexts(m); !strings.Contains(got, "emailed already") {
		t.Errorf("a second statement of the day: the window says %q", got)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("%d messages after the refusal, want 1", n)
	}
}
