package ledger

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
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

// A PostgreSQL ledger's head is remembered in the user's config folder
// (a ledger file's beside it): audit verify and check --quick find a
// chain cut short with no head given, and a Paidup opening the same
// database finds the same file.
func TestAuditHeadFileFindsCutChain(t *testing.T) {
	ctx := context.Background()
	s, _, _ := eInvoiceLedger(t)
	path := s.HeadPath()
	if onPostgres() {
		cfg, err := os.UserConfigDir()
		if err != nil || !strings.HasPrefix(path, filepath.Join(cfg, "Paidup", "audit-heads")+string(filepath.Separator)) {
			t.Fatalf("head file %q, want it in %s/Paidup/audit-heads (%v)", path, cfg, err)
		}
	}
	want, err := s.AuditHead(ctx)
	if err != nil {
		t.Fatal(err)
	}
	s = tamper(t, s, "DROP TRIGGER audit_log_no_delete;\nDELETE FROM audit_log WHERE seq > 2;\n")
	if s.HeadPath() != path {
		t.Fatalf("the ledger opened again keeps its head in %q, not %q", s.HeadPath(), path)
	}
	got, err := ReadHeadFile(path)
	if err != nil || got != want {
		t.Fatalf("head file %s holds %v (%v), want %v", path, got, err, want)
	}
	p := firstProblem(t, s)
	if p.Kind != "chain_cut" || !strings.Contains(p.Message, path) {
		t.Errorf("first problem %s (%s), want chain_cut naming %s", p.Message, p.Kind, path)
	}
	rep, err := s.QuickCheck(ctx)
	if err != nil || rep.OK() || !strings.Contains(strings.Join(rep.Problems, "\n"), "head file remembers entry") {
		t.Errorf("check --quick: %+v %v", rep, err)
	}
}

func TestPGHeadFileName(t *testing.T) {
	a := PGHeadFileName("db.office.lan", 5432, "paidup", "public")
	if !strings.HasPrefix(a, "db.office.lan-5432-paidup-public-") || !strings.HasSuffix(a, HeadFileSuffix) {
		t.Errorf("name %q", a)
	}
	if b := PGHeadFileName("/var/run/postgresql", 5432, "paidup", "public"); strings.ContainsAny(b, `/\`) {
		t.Errorf("a socket folder's name %q holds a separator", b)
	}
	if PGHeadFileName("db", 5432, "a/b", "public") == PGHeadFileName("db", 5432, "a_b", "public") {
		t.Error("two databases whose names read alike share a head file")
	}
}
