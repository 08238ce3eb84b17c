package ledger

import (
	"context"
	"fmt"
	"testing"
)

// eInvoiceLedger is a ledger with an invoice that has every e-invoice
// field set (a service period, payment means, a line's VAT category,
// exemption reason and unit) and one that has none.
func eInvoiceLedger(t *testing.T) (*Store, string, string) {
	t.Helper()
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "ACME", "EUR")
	l := line(3, 20000, 0)
	l.VATCategory, l.VATReason, l.UnitCode = VATExempt, "Article 132 1 (i) Directive 2006/112/EC", "HUR"
	full, err := s.IssueInvoice(ctx, InvoiceInput{CustomerCode: "ACME", Date: day("2026-02-01"), Lines: []Line{l, line(1, 5000, 19)},
		ServiceFrom: day("2026-01-01"), ServiceTo: day("2026-01-31"), PaymentMeans: "sepa"})
	if err != nil {
		t.Fatal(err)
	}
	plain := mustInvoice(t, s, "ACME", "2026-02-02", line(1, 7000, 0))
	return s, full.Number, plain.Number
}

// Editing an e-invoice column (migration 0016) with a database tool is
// found by audit verify, naming the invoice, as an edited amount is.
func TestAuditVerifyEInvoiceColumns(t *testing.T) {
	cases := []struct {
		name, script, doc string
	}{
		{"change the service period", "UPDATE documents SET service_to = '2026-02-28' WHERE number = '%s';\n", "full"},
		{"clear the payment means", "UPDATE documents SET payment_means = '' WHERE number = '%s';\n", "full"},
		{"set a service date where there was none", "UPDATE documents SET service_from = '2026-01-15' WHERE number = '%s';\n", "plain"},
		{"change a line's VAT category", "DROP TRIGGER lines_immutable_update;\nUPDATE document_lines SET vat_category = 'Z', vat_reason = '' WHERE line_no = 1 AND document_id = (SELECT id FROM documents WHERE number = '%s');\n", "full"},
		{"change a line's unit", "DROP TRIGGER lines_immutable_update;\nUPDATE document_lines SET unit_code = 'DAY' WHERE line_no = 1 AND document_id = (SELECT id FROM documents WHERE number = '%s');\n", "full"},
		{"give a line a unit", "DROP TRIGGER lines_immutable_update;\nUPDATE document_lines SET unit_code = 'KGM' WHERE document_id = (SELECT id FROM documents WHERE number = '%s');\n", "plain"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, full, plain := eInvoiceLedger(t)
			mustIntact(t, s)
			number := map[string]string{"full": full, "plain": plain}[c.doc]
			s = tamper(t, s, fmt.Sprintf(c.script, number))
			p := firstProblem(t, s)
			if p.Kind != "document_changed" || p.Document != number {
				t.Errorf("first problem %s (%s, %q), want document_changed naming %s", p.Message, p.Kind, p.Document, number)
			}
		})
	}
}

// A ledger whose chain holds entries written before the digests covered
// the e-invoice columns (as an older Paidup wrote them: hashed as
// paidup-audit-v1) still verifies after the upgrade; its documents are
// held to those entries, and a document a newer entry covers is held to
// its e-invoice columns too.
func TestAuditVerifyOlderEntries(t *testing.T) {
	ctx := context.Background()
	auditWriteV1 = true
	s, full, plain := eInvoiceLedger(t)
	auditWriteV1 = false
	var v1 int
	if err := eachEntry(ctx, s.r, `ORDER BY seq`, nil, func(e *AuditEntry) error {
		if !checkEntryHash(e) || !e.v1 {
			t.Errorf("entry %d (%s) is not a v1 entry", e.Seq, e.Action)
		}
		v1++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if v1 == 0 {
		t.Fatal("no entries written as an older Paidup")
	}
	mustIntact(t, s)
	// Entries written now are v2, and the whole chain verifies, the
	// check's tail included. The payment goes to the oldest invoice: a v2
	// entry covers it from now on.
	mustInvoice(t, s, "ACME", "2026-03-01", line(1, 1000, 0))
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "ACME", Date: day("2026-03-05"), Amount: NewMoney(100, "EUR")}); err != nil {
		t.Fatal(err)
	}
	mustIntact(t, s)
	if probs, err := s.VerifyAuditTail(ctx, 1000); err != nil || len(probs) > 0 {
		t.Fatalf("tail: %+v %v", probs, err)
	}
	// An invoice only a v1 entry covers is still held to it.
	s = tamper(t, s, "UPDATE documents SET notes = 'edited' WHERE number = '"+plain+"';\n")
	if p := firstProblem(t, s); p.Document != plain {
		t.Errorf("first problem %+v, want %s", p, plain)
	}
	// The invoice the payment's entry covers is held to its e-invoice
	// columns.
	s = tamper(t, s, "UPDATE documents SET notes = '' WHERE number = '"+plain+"';\nUPDATE documents SET payment_means = 'cash' WHERE number = '"+full+"';\n")
	if p := firstProblem(t, s); p.Document != full {
		t.Errorf("first problem %+v, want %s", p, full)
	}
}
