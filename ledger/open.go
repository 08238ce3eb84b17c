package ledger

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// paidupAppID is written in the header of every Paidup ledger file (PRAGMA
// application_id, "Paid"): a file with another application's id, or with
// none and no Paidup tables, is refused before anything touches it, so
// opening the wrong file never adds tables to it, switches it to WAL or
// writes a backup beside it.
const paidupAppID = 0x50616964

// Open opens the ledger at path, making a new one (mode 0600, folder 0700)
// when nothing is there, and brings its schema up to date, backing the
// file up first when an existing ledger needs migrating. Only what means
// to make a ledger calls it (the demo, an import, the window's new
// ledger); the rest call OpenExisting.
//
// A path that is a PostgreSQL URL (postgres://user@host/dbname) opens an
// office ledger on that database instead (openPostgres).
func Open(ctx context.Context, path string) (*Store, error) {
	if IsPostgresURL(path) {
		return openPostgres(ctx, path)
	}
	return openFile(ctx, path, true)
}

// OpenExisting opens the ledger at path as Open does, but never makes one:
// a missing path is an error naming it (a mistyped --db must not leave an
// empty ledger behind and report it sound).
func OpenExisting(ctx context.Context, path string) (*Store, error) {
	if IsPostgresURL(path) {
		return openPostgres(ctx, path)
	}
	return openFile(ctx, path, false)
}

// openFile opens a ledger file: a new one it made itself, or one it has
// recognised as Paidup's (recognise).
func openFile(ctx context.Context, path string, create bool) (*Store, error) {
	fi, err := os.Stat(path)
	fresh := false
	if errors.Is(err, fs.ErrNotExist) && create {
		fresh, err = makeFile(path)
		if err == nil && !fresh {
			// Another Paidup made it meanwhile: it is theirs to recognise.
			fi, err = os.Stat(path)
		}
	}
	switch {
	case fresh:
	case errors.Is(err, fs.ErrNotExist) && !create:
		return nil, Errorf(ENOTFOUND, "there is no ledger at %s: check the path (paidup demo and paidup import make a new ledger)", path)
	case err != nil:
		return nil, fmt.Errorf("open ledger: %w", err)
	case fi.IsDir():
		return nil, Errorf(EINVALID, "%s is a folder, not a ledger file", path)
	default:
		if err := recognise(ctx, path, fi.Size()); err != nil {
			return nil, err
		}
	}
	s, err := openSQLite(ctx, path)
	if err != nil && fresh {
		// Nothing of ours is lost, and a zero-byte file left behind would
		// be refused the next time.
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			os.Remove(p)
		}
	}
	return s, err
}

// makeFile makes an empty ledger file and its folder, reporting false when
// the file appeared meanwhile. The file is made here so it is 0600 from
// its first byte (SQLite gives the -wal and -shm files the same mode);
// O_EXCL, so that a file another Paidup made is recognised, not taken.
func makeFile(path string) (bool, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return false, fmt.Errorf("open ledger: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("open ledger: %w", err)
	}
	if err := f.Close(); err != nil {
		return false, fmt.Errorf("open ledger: %w", err)
	}
	return true, nil
}

// sqliteMagic starts every SQLite database file.
var sqliteMagic = []byte("SQLite format 3\x00")

// recognise refuses, without writing a byte, a file that is not a Paidup
// ledger: an empty file, a file that is not SQLite, a SQLite file with
// another application's id, or one with no id and not Paidup's tables.
// Ledgers made before Paidup set its id are known by their tables, and get
// the id when migrate next runs.
func recognise(ctx context.Context, path string, size int64) error {
	refused := func(why string, args ...any) error {
		return Errorf(EINVALID, "%s is not a Paidup ledger (%s): refused and left as it is; name another file, or move this one away",
			path, fmt.Sprintf(why, args...))
	}
	if size == 0 {
		return refused("an empty file, 0 bytes")
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open ledger: %w", err)
	}
	hdr := make([]byte, 100)
	_, err = io.ReadFull(f, hdr)
	f.Close()
	if err != nil || !bytes.HasPrefix(hdr, sqliteMagic) {
		return refused("not a SQLite database file")
	}
	switch id := binary.BigEndian.Uint32(hdr[68:72]); id {
	case paidupAppID:
		return nil
	case 0:
	default:
		return refused("a SQLite file of another application, application_id %#x", id)
	}
	ours, err := hasLedgerTables(ctx, path)
	if err != nil {
		return refused("cannot be read as SQLite: %v", err)
	}
	if !ours {
		return refused("a SQLite file without Paidup's tables")
	}
	return nil
}

// hasLedgerTables reports whether the file holds a Paidup ledger's tables,
// reading it through a read-only connection with no pragmas (journal mode
// untouched). Without a -wal file beside it the file is read as immutable,
// so that SQLite makes no -wal or -shm file beside a foreign one; with
// one, the WAL is read too: a new ledger's id and tables may still be
// there rather than in the file.
func hasLedgerTables(ctx context.Context, path string) (bool, error) {
	q := "?mode=ro&_pragma=busy_timeout(10000)"
	if _, err := os.Stat(path + "-wal"); errors.Is(err, fs.ErrNotExist) {
		q = "?mode=ro&immutable=1"
	}
	db, err := sql.Open("sqlite", fileURI(path)+q)
	if err != nil {
		return false, err
	}
	defer db.Close()
	var id int64
	if err := db.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&id); err != nil {
		return false, err
	}
	if id == paidupAppID {
		return true, nil
	}
	if id != 0 {
		return false, nil
	}
	var n int
	err = db.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table'
		AND name IN ('schema_migrations', 'documents', 'journal_entries', 'postings')`).Scan(&n)
	return n == 4, err
}

// markOurs writes Paidup's application_id into a ledger file that lacks it
// (a new one, or one made before Paidup set it); an up-to-date ledger is
// not written to.
func (s *Store) markOurs(ctx context.Context) error {
	var id int64
	if err := s.w.QueryRowContext(ctx, `PRAGMA application_id`).Scan(&id); err != nil {
		return fmt.Errorf("read application_id: %w", err)
	}
	if id == paidupAppID {
		return nil
	}
	if _, err := s.w.ExecContext(ctx, fmt.Sprintf(`PRAGMA application_id = %d`, paidupAppID)); err != nil {
		return fmt.Errorf("set application_id: %w", err)
	}
	return nil
}
