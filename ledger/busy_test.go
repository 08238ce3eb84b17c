package ledger

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// TestBusyLedgerIsWaitedForAndNamed: a write that finds another program
// holding the ledger says it is waiting (OnBusy), goes on when the other
// finishes, and when the other holds it past the limit gets a sentence,
// not "database is locked (5) (SQLITE_BUSY)".
func TestBusyLedgerIsWaitedForAndNamed(t *testing.T) {
	sqliteOnly(t)
	defer func(to, n time.Duration) { busyTimeout, busyNotice = to, n }(busyTimeout, busyNotice)
	busyTimeout, busyNotice = 1500*time.Millisecond, 200*time.Millisecond
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "busy.db")
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var waits atomic.Int32
	s.OnBusy = func() { waits.Add(1) }

	// Another Paidup: a connection of its own holding the write lock.
	other, err := sql.Open("sqlite", fileURI(path))
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		t.Fatal(err)
	}
	_, err = s.CreateCustomer(ctx, Customer{Code: "A", Name: "A", Currency: "EUR"})
	if ErrorCode(err) != EBUSY || strings.Contains(err.Error(), "SQLITE_BUSY") || !strings.Contains(err.Error(), "nothing was changed") {
		t.Fatalf("write on a held ledger: %v", err)
	}
	if waits.Load() != 1 {
		t.Fatalf("OnBusy called %d times", waits.Load())
	}
	// Released within the limit: the write waits, says so, and is done.
	go func() {
		time.Sleep(500 * time.Millisecond)
		conn.ExecContext(ctx, `ROLLBACK`)
	}()
	if _, err := s.CreateCustomer(ctx, Customer{Code: "A", Name: "A", Currency: "EUR"}); err != nil {
		t.Fatal(err)
	}
	if waits.Load() != 2 {
		t.Fatalf("OnBusy called %d times", waits.Load())
	}
	// Not held: no word.
	mustCustomer(t, s, "B", "EUR")
	if waits.Load() != 2 {
		t.Fatalf("OnBusy called %d times", waits.Load())
	}
}

// TestDatesOutsideRangeRefused: 0000-01-01 and 9999-12-31 were taken (and
// a due date of "10000-01-14" stored); dates are 1900-01-01 … 2199-12-31,
// parsed or worked out.
func TestDatesOutsideRangeRefused(t *testing.T) {
	for _, s := range []string{"0000-01-01", "9999-12-31", "1899-12-31", "2200-01-01", "0202-03-31"} {
		if _, err := ParseDate(s); err == nil || !strings.Contains(err.Error(), "1900-01-01 to 2199-12-31") {
			t.Errorf("ParseDate(%s): %v", s, err)
		}
		var d time.Time
		if err := scanDate(&d).Scan(s); err == nil {
			t.Errorf("stored date %s read back", s)
		}
	}
	for _, s := range []string{"1900-01-01", "2199-12-31", "2026-03-31"} {
		if _, err := ParseDate(s); err != nil {
			t.Errorf("ParseDate(%s): %v", s, err)
		}
	}
	s := newTestStore(t)
	mustCustomer(t, s, "A", "EUR")
	_, err := s.IssueInvoice(context.Background(), InvoiceInput{CustomerCode: "A", Date: day("2199-12-20"), Lines: []Line{line(1, 100, 0)}})
	if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), "due date 2200-01-19") {
		t.Fatalf("a due date past 2199: %v", err)
	}
}
