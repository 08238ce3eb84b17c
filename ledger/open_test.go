package ledger

import (
	"context"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// fileAppID reads the application_id from a file's header.
func fileAppID(t *testing.T, path string) uint32 {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 100 {
		t.Fatalf("%s: %d bytes", path, len(b))
	}
	return binary.BigEndian.Uint32(b[68:72])
}

func sqlite3Shell(t *testing.T, path, sql string) string {
	t.Helper()
	out, err := exec.Command("sqlite3", path, sql).CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3 %s %q: %v\n%s", path, sql, err, out)
	}
	return string(out)
}

// TestOpenMarksAndRecognisesLedgers: a new ledger carries Paidup's
// application_id (in the header once checkpointed, and in its backups); a
// ledger made before the id existed is known by its tables and gets it on
// open; OpenExisting refuses a missing path and makes nothing.
func TestOpenMarksAndRecognisesLedgers(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	dir := t.TempDir()
	path := filepath.Join(dir, "l.db")
	if _, err := OpenExisting(ctx, path); ErrorCode(err) != ENOTFOUND {
		t.Fatalf("OpenExisting on a missing path: %v", err)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Fatalf("OpenExisting left %s: %v", path, err)
	}
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	mustCustomer(t, s, "A", "EUR")
	bak := filepath.Join(dir, "b.db")
	if err := s.Backup(ctx, bak); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if id := fileAppID(t, path); id != paidupAppID {
		t.Fatalf("new ledger's application_id %#x", id)
	}
	if id := fileAppID(t, bak); id != paidupAppID {
		t.Fatalf("backup's application_id %#x", id)
	}
	// An older ledger: no id, but Paidup's tables.
	sqlite3Shell(t, path, "PRAGMA application_id = 0;")
	if id := fileAppID(t, path); id != 0 {
		t.Fatalf("id not cleared: %#x", id)
	}
	s, err = OpenExisting(ctx, path)
	if err != nil {
		t.Fatalf("a ledger without the id: %v", err)
	}
	s.Close()
	if id := fileAppID(t, path); id != paidupAppID {
		t.Fatalf("older ledger's application_id after open %#x", id)
	}
}

// TestOpenRefusesForeignFilesUntouched: what is not a Paidup ledger is
// refused by Open as by OpenExisting, and left byte for byte as it was,
// with nothing written beside it.
func TestOpenRefusesForeignFilesUntouched(t *testing.T) {
	sqliteOnly(t)
	ctx := context.Background()
	dir := t.TempDir()
	files := map[string]string{}
	for name, content := range map[string]string{"empty.db": "", "text.db": "SQLite format 2 but not really"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		files[name] = p
	}
	files["rails.db"] = filepath.Join(dir, "rails.db")
	sqlite3Shell(t, files["rails.db"], "CREATE TABLE schema_migrations (version TEXT); INSERT INTO schema_migrations VALUES ('20240101');")
	files["wal.db"] = filepath.Join(dir, "wal.db")
	sqlite3Shell(t, files["wal.db"], "PRAGMA journal_mode = WAL; CREATE TABLE documents (x);")
	files["id.db"] = filepath.Join(dir, "id.db")
	sqlite3Shell(t, files["id.db"], "PRAGMA application_id = 7; CREATE TABLE t (x);")
	before := map[string]string{}
	for n, p := range files {
		b, _ := os.ReadFile(p)
		before[n] = string(b)
	}
	for n, p := range files {
		for _, open := range []func(context.Context, string) (*Store, error){Open, OpenExisting} {
			s, err := open(ctx, p)
			if err == nil {
				s.Close()
				t.Fatalf("%s opened", n)
			}
			if ErrorCode(err) != EINVALID {
				t.Errorf("%s: %v", n, err)
			}
		}
		if b, _ := os.ReadFile(p); string(b) != before[n] {
			t.Errorf("%s was changed", n)
		}
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != len(files) {
		for _, e := range ents {
			t.Log(e.Name())
		}
		t.Fatalf("%d files in the folder, want %d", len(ents), len(files))
	}
}

// TestRestoreRefusesForeignFile: a restore from another application's
// SQLite file is refused before anything is read or written.
func TestRestoreRefusesForeignFile(t *testing.T) {
	sqliteOnly(t)
	s := newTestStore(t)
	mustCustomer(t, s, "A", "EUR")
	before := fingerprint(t, s)
	dir := t.TempDir()
	foreign := filepath.Join(dir, "rails.db")
	sqlite3Shell(t, foreign, "PRAGMA journal_mode = WAL; CREATE TABLE schema_migrations (version TEXT); INSERT INTO schema_migrations VALUES ('20240101');")
	err := s.Restore(context.Background(), foreign, filepath.Join(dir, "safety.db"))
	if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "not a Paidup ledger") {
		t.Fatalf("restore from a foreign file: %v", err)
	}
	if fingerprint(t, s) != before {
		t.Fatal("the ledger changed")
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Fatalf("files written beside the foreign one: %d", len(ents))
	}
}
