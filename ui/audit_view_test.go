package ui

import (
	"context"
	"strings"
	"testing"

	paidapp "paidup/app"
	"paidup/ledger"
)

// The audit trail from Settings: the entries newest first, filtered by
// customer and action; the restore list's account of a backup.
func TestAuditTrailView(t *testing.T) {
	m, h, st := openLedger(t, "settings")
	ctx := context.Background()
	for _, c := range []string{"ACME", "BETA"} {
		if _, err := st.CreateCustomer(ctx, ledger.Customer{Code: c, Name: c + " Ltd", Currency: "USD", TermsDays: 30}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "ACME", Date: flowDay,
		Lines: []ledger.Line{{Description: "Work", Quantity: ledger.D4(1), UnitPrice: 10000}}}); err != nil {
		t.Fatal(err)
	}
	s := m.built["settings"].(*settingsScreen)
	if len(s.ledgerFileButtons()) != 2 {
		t.Fatalf("Settings offers %d audit/backup buttons, want the audit trail and the automatic backups", len(s.ledgerFileButtons()))
	}
	v := s.showAuditTrail(s.l.(auditLedger))
	h.settle(t)
	if len(v.entries) < 3 || v.entries[0].Action != "document.issue" {
		t.Fatalf("entries %+v, want the invoice first (newest first)", v.entries)
	}
	if !strings.Contains(v.head.Text, ":") {
		t.Errorf("head label %q", v.head.Text)
	}
	v.customer.SetText("BETA")
	v.load(false)
	h.settle(t)
	if len(v.entries) != 1 || v.entries[0].Subject != "BETA" {
		t.Errorf("BETA's entries: %+v", v.entries)
	}
	v.customer.SetText("")
	v.action.SetSelected("customer.")
	v.load(false)
	h.settle(t)
	if len(v.entries) != 2 {
		t.Errorf("customer entries: %+v", v.entries)
	}
	v.list.Select(0)
	if !strings.Contains(v.detail.Text, "Hash ") {
		t.Errorf("detail %q", v.detail.Text)
	}

	head, err := st.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	older := paidapp.BackupSummary{Info: ledger.LedgerFileInfo{Customers: 2, Documents: 0, Head: ledger.AuditHead{Count: head.Count - 1, Hash: "x"}}}
	if got := backupDifference(older, head); !strings.Contains(got, "1 audit entries (changes) after") {
		t.Errorf("an older backup: %q", got)
	}
	same := paidapp.BackupSummary{Info: ledger.LedgerFileInfo{Head: head}}
	if got := backupDifference(same, head); !strings.Contains(got, "nothing changed since") {
		t.Errorf("the same: %q", got)
	}
}
