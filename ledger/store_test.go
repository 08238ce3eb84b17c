package ledger

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestOpenCreatesPrivateFile(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	// A folder with URI characters in its name must still open this file.
	dir := filepath.Join(t.TempDir(), "Books #2 ?100%", "sub")
	path := filepath.Join(dir, "paidup.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustCustomer(t, s, "A", "USD")
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s mode %v, want 0600", p, fi.Mode().Perm())
		}
	}
	if fi, _ := os.Stat(dir); fi.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %v, want 0700", fi.Mode().Perm())
	}
	// Reopening finds the data and runs no migration.
	s, err = Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CustomerByCode(ctx, "A"); err != nil {
		t.Fatal(err)
	}
	matches, _ := filepath.Glob(path + ".v*.bak")
	if len(matches) != 0 {
		t.Errorf("backup taken without a migration: %v", matches)
	}
}

func TestBackupIsVerifiedAndPrivate(t *testing.T) {
	ctx := context.Background()
	s := newTestStore(t)
	mustCustomer(t, s, "A", "USD")
	mustInvoice(t, s, "A", "2026-01-10", line(1, 10000, 0))
	dest := filepath.Join(t.TempDir(), "copy.db")
	if err := s.Backup(ctx, dest); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dest)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("backup mode %v", fi.Mode().Perm())
	}
	b, err := Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	rep := mustCheck(t, b)
	if rep.Receivable["USD"] != 10000 {
		t.Fatalf("backup AR %v", rep.Receivable)
	}
	if err := s.Backup(ctx, dest); ErrorCode(err) != ECONFLICT {
		t.Fatalf("overwriting a backup: %v", err)
	}
}

func TestMigrationBacksUpFirst(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustCustomer(t, s, "A", "USD")
	// Pretend the file predates the newest migration.
	if _, err := s.w.ExecContext(ctx, `DELETE FROM schema_migrations WHERE version = ?`, SchemaVersion()); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if SchemaVersion() == 1 {
		// Re-running 0001 on a populated file must fail (tables exist) and
		// leave it untouched, after a backup was taken.
		if _, err := Open(ctx, path); err == nil {
			t.Fatal("re-applied the first migration")
		}
	} else if _, err := Open(ctx, path); err != nil {
		t.Fatal(err)
	}
	matches, _ := filepath.Glob(path + ".v*.bak")
	if len(matches) != 1 {
		t.Fatalf("backups %v", matches)
	}
	b, err := Open(ctx, matches[0])
	if err == nil {
		defer b.Close()
	}
	if _, err := os.Stat(matches[0]); err != nil {
		t.Fatal(err)
	}
}
