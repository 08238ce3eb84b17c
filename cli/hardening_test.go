package cli

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// TestCLIImportFullDiskSaysNothingImported: on a full disk the import
// printed "imported 118271 invoices … 353,065,239.33 EUR" before its
// error. The ledger lives on a small tmpfs here; the import fails, says
// nothing was imported and prints no summary, and the ledger is as it was.
func TestCLIImportFullDiskSaysNothingImported(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a small tmpfs (a full disk)")
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Fatalf("mount tmpfs: %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", mnt).Run() })
	db := filepath.Join(mnt, "l.db")
	dir := t.TempDir()
	custs := filepath.Join(dir, "c.csv")
	must(t, os.WriteFile(custs, []byte("code,name,currency\nC1,One,EUR\n"), 0o600))
	mustRun(t, 0, "--db", db, "import", "customers", custs)
	var b strings.Builder
	b.WriteString("number,customer_code,issue_date,currency,amount,description\n")
	for i := range 20000 {
		fmt.Fprintf(&b, "N%06d,C1,2026-03-01,EUR,%d.00,a line long enough to fill the little disk soon enough\n", i, i+1)
	}
	invs := filepath.Join(dir, "i.csv")
	must(t, os.WriteFile(invs, []byte(b.String()), 0o600))
	code, out, errs := paidup(t, "--db", db, "import", "invoices", invs)
	if code != 1 || strings.Contains(out, "imported") || !strings.Contains(errs, "nothing was imported") ||
		!strings.Contains(errs, "is full") || strings.Contains(errs, "(13)") {
		t.Fatalf("import on a full disk: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	wantIn(t, mustRun(t, 0, "--db", db, "check"), "ok:", "0 documents")
}

// TestCLIWaitsForBusyLedger: a command finding another Paidup writing
// says it waits, on stderr, and goes on when the other is done.
func TestCLIWaitsForBusyLedger(t *testing.T) {
	db := newLedger(t, filepath.Join(t.TempDir(), "l.db"))
	ctx := context.Background()
	other, err := sql.Open("sqlite", "file:"+db)
	must(t, err)
	defer other.Close()
	conn, err := other.Conn(ctx)
	must(t, err)
	defer conn.Close()
	_, err = conn.ExecContext(ctx, `BEGIN IMMEDIATE`)
	must(t, err)
	go func() {
		time.Sleep(2500 * time.Millisecond)
		conn.ExecContext(ctx, `ROLLBACK`)
	}()
	code, out, errs := paidup(t, "--db", db, "customer", "add", "C1", "--name", "One", "--currency", "EUR")
	if code != 0 || !strings.Contains(errs, "paidup: waiting for another Paidup to finish with "+db+"…") || !strings.Contains(out, "added customer C1") {
		t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}

// TestCLIDatesOutOfRange: --as-of 9999-12-31 said nothing was open.
func TestCLIDatesOutOfRange(t *testing.T) {
	db := newLedger(t, filepath.Join(t.TempDir(), "l.db"))
	for _, args := range [][]string{{"aging", "--as-of", "9999-12-31"}, {"metrics", "--as-of", "0000-01-01"}, {"demo", "--as-of", "2200-01-01"}} {
		code, _, errs := paidup(t, append([]string{"--db", db}, args...)...)
		if code != 2 || !strings.Contains(errs, "Paidup takes dates from 1900-01-01 to 2199-12-31") {
			t.Errorf("paidup %s: exit %d, %s", strings.Join(args, " "), code, errs)
		}
	}
}

// TestCLIImportEncodingAndRepeats: the flags reach the import.
func TestCLIImportEncodingAndRepeats(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "l.db")
	cmd := exec.Command("iconv", "-f", "UTF-8", "-t", "WINDOWS-1252")
	cmd.Stdin = strings.NewReader("code,name,currency\nC1,Café Olé,EUR\n")
	b, err := cmd.Output()
	must(t, err)
	custs := filepath.Join(dir, "c.csv")
	must(t, os.WriteFile(custs, b, 0o600))
	code, out, errs := paidup(t, "--db", db, "import", "customers", custs)
	if code != 1 || !strings.Contains(errs, custs+":2: column 2 (name): not UTF-8") || !strings.Contains(errs, "nothing was imported") || out != "" {
		t.Fatalf("windows-1252 file: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	mustRun(t, 0, "--db", db, "import", "customers", custs, "--encoding", "windows-1252")
	wantIn(t, mustRun(t, 0, "--db", db, "customer", "show", "C1"), "Café Olé")
	pays := filepath.Join(dir, "p.csv")
	must(t, os.WriteFile(pays, []byte("customer_code,date,amount\nC1,2026-03-01,10.00\n"), 0o600))
	mustRun(t, 0, "--db", db, "import", "payments", pays)
	code, _, errs = paidup(t, "--db", db, "import", "payments", pays)
	if code != 1 || !strings.Contains(errs, "imported before from this very file") {
		t.Fatalf("payments again: exit %d, %s", code, errs)
	}
	wantIn(t, mustRun(t, 0, "--db", db, "import", "payments", pays, "--new-payments"), "imported 1 payments")
}
