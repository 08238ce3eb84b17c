package ledger

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"modernc.org/sqlite"
)

// Restore replaces the ledger's contents with a backup, in place, while
// the file stays open: SQLite's online backup API copies the backup's
// pages into this database under its write lock, so other connections
// (the window, a reminder run) see either the old ledger or the restored
// one, never a mix. The backup is verified first (integrity_check, every
// entry balanced) and the current ledger is itself backed up to
// safetyCopy, so a restore can be undone. An older backup is migrated
// after it is restored; one from a newer Paidup is refused.
func (s *Store) Restore(ctx context.Context, backup, safetyCopy string) error {
	fi, err := os.Stat(backup)
	if err != nil {
		return Errorf(ENOTFOUND, "restore: %v", err)
	}
	// Another application's file is refused before SQLite reads it.
	if err := recognise(ctx, backup, fi.Size()); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if err := verifyFile(ctx, backup, false); err != nil {
		return Errorf(EINVALID, "restore: %s is not a sound Paidup ledger: %v", backup, err)
	}
	v, err := fileSchemaVersion(ctx, backup)
	if err != nil {
		return Errorf(EINVALID, "restore: %s is not a Paidup ledger: %v", backup, err)
	}
	if v > SchemaVersion() {
		return Errorf(ECONFLICT, "restore: %s comes from a newer Paidup (schema %d, this one knows %d)", backup, v, SchemaVersion())
	}
	if err := s.Backup(ctx, safetyCopy); err != nil {
		return fmt.Errorf("restore: keeping the current ledger first: %w", err)
	}
	// The audit trail of the restored ledger says what it replaced.
	replaced, err := s.AuditHead(ctx)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	sum, err := fileSum(backup)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	if s.dialect == postgresDialect {
		if err := s.restorePostgres(ctx, backup, safetyCopy); err != nil {
			return err
		}
		return s.auditRestore(ctx, backup, sum, safetyCopy, replaced)
	}
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	err = conn.Raw(func(dc any) error {
		r, ok := dc.(interface {
			NewRestore(string) (*sqlite.Backup, error)
		})
		if !ok {
			return fmt.Errorf("the SQLite driver cannot restore")
		}
		b, err := r.NewRestore(fileURI(backup) + "?mode=ro")
		if err != nil {
			return err
		}
		if _, err := b.Step(-1); err != nil {
			b.Finish()
			return err
		}
		return b.Finish()
	})
	// The writer's one connection goes back to the pool before migrate
	// needs it.
	if cerr := conn.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("restore from %s: %w (the ledger before it is in %s)", backup, err, safetyCopy)
	}
	if err := s.migrate(ctx); err != nil {
		return fmt.Errorf("restore: migrating the restored ledger: %w", err)
	}
	return s.auditRestore(ctx, backup, sum, safetyCopy, replaced)
}

// auditRestore appends the restore's entry to the restored ledger's chain:
// the backup (its SHA-256), where the ledger it replaced was kept, and
// that ledger's head, which verify then knows is not this chain's. The
// head file beside the ledger starts again from the restored chain.
func (s *Store) auditRestore(ctx context.Context, backup, sum, safetyCopy string, replaced AuditHead) error {
	err := s.write(ctx, func(t *tx) error {
		t.auditEvent("restore", filepath.Base(backup), 0, map[string]any{"backup": backup, "sha256": sum,
			"kept": safetyCopy, "replaced": replaced.String()})
		return nil
	})
	if err != nil {
		return fmt.Errorf("restore: audit log: %w", err)
	}
	return s.resetHeadFile(ctx)
}

// fileSum is a file's SHA-256, in hex.
func fileSum(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func fileSchemaVersion(ctx context.Context, path string) (int, error) {
	db, err := sql.Open("sqlite", fileURI(path)+"?mode=ro")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var v int
	err = db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// restorePostgres replaces a PostgreSQL ledger's rows with a backup file's,
// in one transaction: other desks see the old ledger or the restored one.
// A backup older than this Paidup is migrated in a copy first.
func (s *Store) restorePostgres(ctx context.Context, backup, safetyCopy string) error {
	tmp, err := os.MkdirTemp("", "paidup-restore-")
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer os.RemoveAll(tmp)
	// A copy, migrated by opening it: the backup file itself stays as it is.
	staged := tmp + "/backup.db"
	if err := copyFile(backup, staged); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	src, err := Open(ctx, staged)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	defer src.Close()
	if _, err := src.copyIntoReplacing(ctx, s, nil); err != nil {
		return fmt.Errorf("restore from %s: %w (the ledger before it is in %s)", backup, err, safetyCopy)
	}
	return nil
}

// copyFile copies a file, streaming: a backup may be a gigabyte.
func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
