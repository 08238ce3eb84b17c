package ledger

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestRestoreInPlace(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s := newTestStore(t)
	mustCustomer(t, s, "A", "USD")
	mustInvoice(t, s, "A", "2026-01-10", line(1, 10000, 0))
	bak := filepath.Join(dir, "monday.db")
	if err := s.Backup(ctx, bak); err != nil {
		t.Fatal(err)
	}
	// Work done after the backup…
	mustInvoice(t, s, "A", "2026-01-11", line(1, 5000, 0))
	if rep := mustCheck(t, s); rep.Receivable["USD"] != 15000 {
		t.Fatalf("before restore %v", rep.Receivable)
	}
	// …is gone after restoring it, and kept in the safety copy.
	safety := filepath.Join(dir, "before-restore.db")
	if err := s.Restore(ctx, bak, safety); err != nil {
		t.Fatal(err)
	}
	if rep := mustCheck(t, s); rep.Receivable["USD"] != 10000 {
		t.Fatalf("after restore %v", rep.Receivable)
	}
	// The open store goes on working: numbering continues from the backup.
	d := mustInvoice(t, s, "A", "2026-01-12", line(1, 100, 0))
	if d.Number != "INV-000002" {
		t.Fatalf("next number %s", d.Number)
	}
	old, err := Open(ctx, safety)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if rep := mustCheck(t, old); rep.Receivable["USD"] != 15000 {
		t.Fatalf("safety copy %v", rep.Receivable)
	}
	// A file that is no ledger is refused and changes nothing.
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, []byte("not a database at all, not even close to one......................................................"), 0o600)
	if err := s.Restore(ctx, junk, filepath.Join(dir, "x.db")); ErrorCode(err) != EINVALID {
		t.Fatalf("junk restore: %v", err)
	}
	if rep := mustCheck(t, s); rep.Receivable["USD"] != 10100 {
		t.Fatalf("after refused restore %v", rep.Receivable)
	}
}
