package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"modernc.org/sqlite"
)

// EBUSY: another program held the ledger for longer than Paidup waits.
const EBUSY = "busy"

// busyTimeout is how long a write waits for another Paidup (the window, a
// reminder run from cron) to finish its own before giving up; tests
// shorten it.
var busyTimeout = 10 * time.Second

// busyNotice is how long a write waits before telling that it is waiting.
var busyNotice = time.Second

// sqliteBusy is SQLite's primary result code SQLITE_BUSY (its extended
// codes keep it in the low byte).
const sqliteBusy = 5

// busy turns SQLite's "database is locked (5) (SQLITE_BUSY)" into a
// sentence that says what was not done.
func busy(path string, err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) || se.Code()&0xff != sqliteBusy {
		return err
	}
	return Errorf(EBUSY, "the ledger %s is busy: another Paidup has been writing to it for over %d seconds; nothing was changed, try again when it has finished",
		path, int(busyTimeout/time.Second))
}

// begin starts a write transaction on a ledger file, calling s.OnBusy once
// when another writer has kept it waiting for busyNotice: a user whose
// command seems to hang is told why.
func (s *Store) begin(ctx context.Context, db interface {
	BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
}) (*sql.Tx, error) {
	onBusy := s.OnBusy
	if s.dialect == postgresDialect || onBusy == nil {
		t, err := db.BeginTx(ctx, nil)
		if err != nil {
			return nil, fmt.Errorf("begin: %w", busy(s.path, err))
		}
		return t, nil
	}
	done := make(chan struct{})
	go func() {
		t := time.NewTimer(busyNotice)
		defer t.Stop()
		select {
		case <-t.C:
			onBusy()
		case <-done:
		}
	}()
	t, err := db.BeginTx(ctx, nil)
	close(done)
	if err != nil {
		return nil, fmt.Errorf("begin: %w", busy(s.path, err))
	}
	return t, nil
}
