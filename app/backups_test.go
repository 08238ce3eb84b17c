package app

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"paidup/ledger"
)

// backupApp is an app on a new ledger file whose clock the test moves.
func backupApp(t *testing.T) (*App, *time.Time) {
	t.Helper()
	now := time.Date(2026, 1, 1, 18, 0, 0, 0, time.Local)
	a, err := Create(context.Background(), filepath.Join(t.TempDir(), "books.db"))
	if err != nil {
		t.Fatal(err)
	}
	a = New(a.Store, func() time.Time { return now })
	t.Cleanup(func() { a.Close() })
	if _, err := a.CreateCustomer(context.Background(), ledger.Customer{Code: "NGUYEN", Name: "Thương mại Nguyễn Đức", Currency: "EUR", TermsDays: 14}); err != nil {
		t.Fatal(err)
	}
	return a, &now
}

// The rotation keeps the newest backup of each of the last 7 days, 5 ISO
// weeks and 12 months, whatever the order it sees them in.
func TestKeepBackups(t *testing.T) {
	// One backup a day, morning and evening, from 2025-01-01 to 2026-03-31.
	var times []time.Time
	for d := time.Date(2026, 3, 31, 0, 0, 0, 0, time.UTC); !d.Before(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)); d = d.AddDate(0, 0, -1) {
		times = append(times, d.Add(19*time.Hour), d.Add(8*time.Hour))
	}
	keep := KeepBackups(times)
	var kept []string
	for i, k := range keep {
		if k {
			kept = append(kept, times[i].Format("2006-01-02 15"))
		}
	}
	want := []string{
		// the last 7 days, each day's newest
		"2026-03-31 19", "2026-03-30 19", "2026-03-29 19", "2026-03-28 19", "2026-03-27 19", "2026-03-26 19", "2026-03-25 19",
		// weeks W14 (Mar 30-31) and W13 are among the days; W12, W11, W10 end on Sundays
		"2026-03-22 19", "2026-03-15 19", "2026-03-08 19",
		// months: March is kept; then the last day of each month back to April 2025
		"2026-02-28 19", "2026-01-31 19", "2025-12-31 19", "2025-11-30 19", "2025-10-31 19", "2025-09-30 19",
		"2025-08-31 19", "2025-07-31 19", "2025-06-30 19", "2025-05-31 19", "2025-04-30 19",
	}
	if strings.Join(kept, ", ") != strings.Join(want, ", ") {
		t.Fatalf("kept\n %s\nwant\n %s", strings.Join(kept, ", "), strings.Join(want, ", "))
	}
}

// Daily backups over three months with the app's clock: each is a real,
// verified copy; the folder ends as the rotation says, and nothing but
// Paidup's backups is touched.
func TestAutoBackupRotatesAcrossMonths(t *testing.T) {
	ctx := context.Background()
	a, now := backupApp(t)
	dir, err := a.BackupDir(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(filepath.Dir(a.Path()), "books backups"); dir != want {
		t.Fatalf("backup dir %s, want %s", dir, want)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	mine := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(mine, []byte("the user's own file"), 0o600); err != nil {
		t.Fatal(err)
	}
	var last *AutoBackupResult
	for range 95 { // 2026-01-01 .. 2026-04-05
		if last, err = a.AutoBackup(ctx); err != nil {
			t.Fatal(err)
		}
		*now = now.AddDate(0, 0, 1)
	}
	bs, err := Backups(dir, "books")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, b := range bs {
		names = append(names, b.Time.Format("01-02"))
	}
	// 7 days (03-30..04-05), the weeks ending 03-29, 03-22, 03-15, 03-08
	// (04-05 is a Sunday: its week is among the days), then months:
	// April's and March's newest are days already, February's and
	// January's last.
	want := "04-05 04-04 04-03 04-02 04-01 03-31 03-30 03-29 03-22 03-15 03-08 02-28 01-31"
	if got := strings.Join(names, " "); got != want {
		t.Fatalf("kept %s\nwant %s", got, want)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Fatalf("the user's file in the folder: %v", err)
	}
	fi, err := os.Stat(last.Path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("backup %s: %v %v", last.Path, fi.Mode(), err)
	}
	b, err := Open(ctx, last.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	if c, err := b.CustomerByCode(ctx, "NGUYEN"); err != nil || c.Name != "Thương mại Nguyễn Đức" {
		t.Fatalf("the backup's customer: %+v %v", c, err)
	}
	*now = now.AddDate(0, 0, -1).Add(time.Hour) // an hour after the last backup
	h, err := a.BackupHealth(ctx)
	if err != nil || h.Due || h.Failed != nil || h.Newest.Path != last.Path {
		t.Fatalf("health %+v %v", h, err)
	}
	*now = now.AddDate(0, 0, 2)
	if h, _ := a.BackupHealth(ctx); !h.Due {
		t.Fatalf("two days on, no backup is due: %+v", h)
	}
}

// A backup taken while another connection keeps writing is one consistent
// snapshot: it passes the ledger's full check.
func TestAutoBackupWhileAnotherWrites(t *testing.T) {
	ctx := context.Background()
	a, _ := backupApp(t)
	other, err := ledger.Open(ctx, a.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	writes := 0
	go func() {
		defer wg.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := other.IssueInvoice(ctx, ledger.InvoiceInput{CustomerCode: "NGUYEN", Date: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
				Lines: []ledger.Line{{Description: "Thiết kế", Quantity: ledger.Decimal4(10000), UnitPrice: 12345, TaxRate: ledger.Decimal4(190000)}}}); err != nil {
				t.Error(err)
				return
			}
			writes++
		}
	}()
	// Each backup is checked before the next: they are made in the same
	// second by the test's clock, so the rotation keeps only the last.
	for range 5 {
		res, err := a.AutoBackup(ctx)
		if err != nil {
			t.Fatal(err)
		}
		b, err := Open(ctx, res.Path)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := b.Check(ctx)
		b.Close()
		if err != nil || !rep.OK() {
			t.Fatalf("backup %s: %v %v", res.Path, err, rep)
		}
	}
	close(stop)
	wg.Wait()
	t.Logf("%d invoices written during 5 backups", writes)
}

// An import is followed by a backup; a backup that cannot be written is
// an error the dashboard shows, and the import stands.
func TestAutoBackupAfterImportAndFailure(t *testing.T) {
	ctx := context.Background()
	a, _ := backupApp(t)
	csv := "code,name,currency\nACME,Acme Ltd,EUR\n"
	if _, err := a.ImportCustomers(ctx, strings.NewReader(csv), "c.csv", ledger.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	res, err := a.LastAutoBackup()
	if err != nil || res == nil {
		t.Fatalf("no backup after the import: %v", err)
	}
	// backup.dir under a file: nothing can be made there.
	blocker := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := a.ChangeSetting(ctx, "backup.dir", filepath.Join(blocker, "backups")); err != nil {
		t.Fatal(err)
	}
	if _, err := a.ImportCustomers(ctx, strings.NewReader("code,name,currency\nBETA,Beta,EUR\n"), "d.csv", ledger.ImportOptions{}); err != nil {
		t.Fatalf("the import must stand when its backup fails: %v", err)
	}
	if _, err := a.LastAutoBackup(); err == nil {
		t.Fatal("a backup into a file's path did not fail")
	}
	h, err := a.BackupHealth(ctx)
	if err != nil || h.Failed == nil || !strings.Contains(fmt.Sprint(h.Failed), "a-file") {
		t.Fatalf("health %+v %v", h, err)
	}
	if _, err := a.CustomerByCode(ctx, "BETA"); err != nil {
		t.Fatal(err)
	}
}
