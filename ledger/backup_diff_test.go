package ledger

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// What restoring a backup would undo: the documents and customers made
// since, by kind with their numbers, the voids and the payments applied
// since; nothing for a backup of the ledger as it is; and a backup from
// another history is named as such.
func TestDiffBackup(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "A", "USD")
	old := mustInvoice(t, s, "A", "2026-03-01", line(1, 10000, 0))
	mustInvoice(t, s, "A", "2026-03-02", line(1, 20000, 0))
	backup := filepath.Join(t.TempDir(), "b.db")
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	if d, err := s.DiffBackup(ctx, backup); err != nil || !d.Empty() || !strings.Contains(d.String(), "undoes nothing") {
		t.Fatalf("a fresh backup: %+v %q (%v)", d, d.String(), err)
	}

	mustCustomer(t, s, "B", "USD")
	mustInvoice(t, s, "B", "2026-03-10", line(1, 5000, 0))
	mustInvoice(t, s, "B", "2026-03-11", line(1, 5000, 0))
	if _, err := s.RecordPayment(ctx, PaymentInput{CustomerCode: "A", Date: day("2026-03-20"), Amount: usd("200.00")}); err != nil {
		t.Fatal(err)
	}
	if err := s.Void(ctx, old.Number, day("2026-03-21"), "duplicate"); err != nil {
		t.Fatal(err)
	}
	d, err := s.DiffBackup(ctx, backup)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.NewDocuments) != 2 || d.NewDocuments[0].Kind != KindInvoice || d.NewDocuments[0].Count != 2 ||
		d.NewDocuments[0].First != "INV-000003" || d.NewDocuments[0].Last != "INV-000004" || d.NewDocuments[1].Kind != KindPayment ||
		d.NewCustomers != 1 || d.VoidedSince != 1 || d.AppliedSince < 1 || d.Unknown != 0 {
		t.Fatalf("diff %+v", d)
	}
	want := "Restoring would undo 2 invoices (INV-000003 … INV-000004), 1 payment (PAY-000001), 1 new customer, 1 void"
	if !strings.HasPrefix(d.String(), want) {
		t.Errorf("says %q, want it to start %q", d.String(), want)
	}

	// A backup of another ledger with more documents: another history.
	other := newTestStore(t)
	mustCustomer(t, other, "Z", "USD")
	for i := 0; i < 6; i++ {
		mustInvoice(t, other, "Z", "2026-03-01", line(1, 100, 0))
	}
	foreign := filepath.Join(t.TempDir(), "other.db")
	if err := other.Backup(ctx, foreign); err != nil {
		t.Fatal(err)
	}
	if d, err := s.DiffBackup(ctx, foreign); err != nil || d.Unknown == 0 || !strings.Contains(d.String(), "another history") {
		t.Errorf("another ledger's backup: %+v %q (%v)", d, d.String(), err)
	}
}
