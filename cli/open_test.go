package cli

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"paidup/ledger"
)

// newLedger makes an empty ledger at path, as the window's new ledger
// does: the commands other than demo and import refuse a missing one.
func newLedger(t *testing.T, path string) string {
	t.Helper()
	st, err := ledger.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestCLIReadOnlyCommandsNeverCreate: a mistyped --db used to leave a new
// folder and an empty ledger behind and say "ok". Every command but demo
// and import now names the missing path and creates nothing.
func TestCLIReadOnlyCommandsNeverCreate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "typo")
	db := filepath.Join(dir, "ledgr.db")
	for _, args := range [][]string{
		{"check"}, {"aging"}, {"metrics"}, {"statement", "C1"}, {"customer", "list"}, {"customer", "show", "C1"},
		{"invoice", "list"}, {"invoice", "show", "INV-000001"}, {"settings", "list"}, {"remind", "log"},
		{"backup", filepath.Join(t.TempDir(), "b.db")}, {"customer", "add", "C1", "--name", "One"},
	} {
		code, out, errs := paidup(t, append([]string{"--db", db}, args...)...)
		if code != 1 || !strings.Contains(errs, "there is no ledger at "+db) {
			t.Errorf("paidup %s on a missing ledger: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), code, out, errs)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Fatalf("paidup %s made %s: %v", strings.Join(args, " "), dir, err)
		}
	}
	// demo and import make it.
	mustRun(t, 0, "--db", db, "demo", "--invoices", "20", "--as-of", "2026-03-31")
	mustRun(t, 0, "--db", db, "check")
	csv := filepath.Join(t.TempDir(), "c.csv")
	if err := os.WriteFile(csv, []byte("code,name,currency\nN1,New,EUR\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	db2 := filepath.Join(t.TempDir(), "new", "books.db")
	wantIn(t, mustRun(t, 0, "--db", db2, "import", "customers", csv), "imported 1 customers")
}

// TestCLIRefusesForeignFiles: a zero-byte file, a text file and another
// application's SQLite file (made with the sqlite3 shell) are refused by
// every command, import included, and left byte for byte as they were:
// no tables added, no WAL switch, no backup beside them.
func TestCLIRefusesForeignFiles(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.db")
	text := filepath.Join(dir, "notes.db")
	foreign := filepath.Join(dir, "other.db")
	foreignID := filepath.Join(dir, "otherid.db")
	must(t, os.WriteFile(empty, nil, 0o600))
	must(t, os.WriteFile(text, []byte("shopping list\n"), 0o600))
	sqlite3(t, foreign, "CREATE TABLE schema_migrations (version TEXT); CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me');")
	sqlite3(t, foreignID, "PRAGMA application_id = 1234; CREATE TABLE t (x);")
	csv := filepath.Join(dir, "c.csv")
	must(t, os.WriteFile(csv, []byte("code,name,currency\nN1,New,EUR\n"), 0o600))
	for _, f := range []struct{ path, why string }{
		{empty, "an empty file, 0 bytes"}, {text, "not a SQLite database file"},
		{foreign, "a SQLite file without Paidup's tables"}, {foreignID, "a SQLite file of another application, application_id 0x4d2"},
	} {
		before, err := os.ReadFile(f.path)
		must(t, err)
		for _, args := range [][]string{{"check"}, {"import", "customers", csv}, {"demo", "--invoices", "10"}, {"aging"}} {
			code, _, errs := paidup(t, append([]string{"--db", f.path}, args...)...)
			if code != 1 || !strings.Contains(errs, f.path+" is not a Paidup ledger ("+f.why) || !strings.Contains(errs, "left as it is") {
				t.Errorf("paidup %s on %s: exit %d, stderr %s", args[0], filepath.Base(f.path), code, errs)
			}
		}
		after, err := os.ReadFile(f.path)
		must(t, err)
		if string(after) != string(before) {
			t.Errorf("%s was changed", f.path)
		}
	}
	ents, err := os.ReadDir(dir)
	must(t, err)
	if len(ents) != 5 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Fatalf("files beside the refused ones: %v", names)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// sqlite3 runs SQL on a file with the sqlite3 shell.
func sqlite3(t *testing.T, path, sql string) {
	t.Helper()
	out, err := exec.Command("sqlite3", path, sql).CombinedOutput()
	if err != nil {
		t.Fatalf("sqlite3 %s: %v\n%s", path, err, out)
	}
}
