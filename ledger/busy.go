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

// EFULL: the disk (or the user's quota) has no room for the write.
const EFULL = "full"

// SQLite's primary result codes SQLITE_BUSY and SQLITE_FULL (its extended
// codes keep them in the low byte).
const (
	sqliteBusy = 5
	sqliteFull = 13
)

// busy turns SQLite's "database is locked (5) (SQLITE_BUSY)" and
// "database or disk is full (13)" into sentences that say what was not
// done: the write's transaction was rolled back whole.
func busy(path string, err error) error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqliteBusy:
		return Errorf(EBUSY, "the ledger %s is busy: another Paidup has been writing to it for over %d seconds; nothing was changed, try again when it has finished",
			path, int(busyTimeout/time.Second))
	case sqliteFull:
		return Errorf(EFULL, "the disk holding the ledger %s is full: nothing was changed; make room and try again", path)
	}
	return err
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
	done, noticed := make(chan struct{}), make(chan struct{})
	notice := busyNotice // read here, not in the goroutine
	go func() {
		defer close(noticed)
		t := time.NewTimer(notice)
		defer t.Stop()
		select {
		case <-t.C:
			onBusy()
		case <-done:
		}
	}()
	t, err := db.BeginTx(ctx, nil)
	close(done)
	// The notice (a line on stderr) is written before begin returns, so
	// nothing the caller writes afterwards can interleave with it.
	<-noticed
	if err != nil {
		return nil, fmt.Errorf("begin: %w", busy(s.path, err))
	}
	return t, nil
}
