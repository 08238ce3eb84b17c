package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"os"
)

// Backup writes a consistent copy of the ledger to dest while it stays in
// use (VACUUM INTO reads one snapshot), then opens the copy and verifies it:
// integrity_check must say ok and the journal must balance. A PostgreSQL
// ledger is backed up to the same kind of file (backupPostgres), so a
// backup restores on either database.
func (s *Store) Backup(ctx context.Context, dest string) error {
	return s.backup(ctx, dest, false)
}

// BackupQuick is Backup verified by SQLite's quick_check alone, for the
// automatic backups (app.AutoBackup): it reads every page as the full
// check does but skips matching each index against its table, the
// slowest part of integrity_check on a large ledger.
func (s *Store) BackupQuick(ctx context.Context, dest string) error {
	return s.backup(ctx, dest, true)
}

func (s *Store) backup(ctx context.Context, dest string, quick bool) error {
	if _, err := os.Stat(dest); err == nil {
		return Errorf(ECONFLICT, "backup %s: the file exists already; choose a new name", dest)
	}
	// Create the target empty and 0600 first (VACUUM INTO accepts an empty
	// file): left to SQLite it would follow the umask, readable by others.
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if s.dialect == postgresDialect {
		return s.backupPostgres(ctx, dest, quick)
	}
	if _, err := s.w.ExecContext(ctx, `VACUUM INTO ?`, dest); err != nil {
		os.Remove(dest)
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	if err := os.Chmod(dest, 0o600); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := verifyFile(ctx, dest, quick); err != nil {
		return fmt.Errorf("backup %s written but does not verify: %w", dest, err)
	}
	return nil
}

// verifyFile opens a backup read-only and checks it: integrity_check and
// every journal entry balanced, or (quick) quick_check alone.
func verifyFile(ctx context.Context, path string, quick bool) error {
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro")
	if err != nil {
		return err
	}
	defer db.Close()
	var res string
	pragma := "integrity_check"
	if quick {
		pragma = "quick_check"
	}
	if err := db.QueryRowContext(ctx, `PRAGMA `+pragma).Scan(&res); err != nil {
		return err
	}
	if res != "ok" {
		return fmt.Errorf("%s: %s", pragma, res)
	}
	if quick {
		return nil
	}
	var bad int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM (SELECT 1 FROM postings
		GROUP BY entry_id, currency HAVING SUM(amount) <> 0)`).Scan(&bad); err != nil {
		return err
	}
	if bad > 0 {
		return fmt.Errorf("%d journal entries do not balance", bad)
	}
	return nil
}
