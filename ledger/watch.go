package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// changeChannel is the PostgreSQL channel every committed write notifies.
const changeChannel = "paidup_changes"

// Watch calls changed whenever another process (another desk, a reminder
// run from cron) commits a change to the ledger, until ctx ends, so that a
// window can refresh what it shows. On PostgreSQL it listens for the
// notification every write sends with its commit (LISTEN/NOTIFY); on a
// SQLite file it looks at the file's data_version every few seconds,
// which other connections' commits move. Its own store's writes are not
// reported on SQLite and may be on PostgreSQL: callers refresh anyway.
func (s *Store) Watch(ctx context.Context, changed func()) error {
	if s.dialect == postgresDialect {
		return s.watchPostgres(ctx, changed)
	}
	return s.watchFile(ctx, changed, 2*time.Second)
}

func (s *Store) watchFile(ctx context.Context, changed func(), every time.Duration) error {
	conn, err := s.r.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	version := func() (int64, error) {
		var v int64
		err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v)
		return v, err
	}
	last, err := version()
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
		v, err := version()
		if errors.Is(err, context.Canceled) || ctx.Err() != nil {
			return nil
		}
		if err != nil && !errors.Is(err, sql.ErrConnDone) {
			return fmt.Errorf("watch: %w", err)
		}
		if v != last {
			last = v
			changed()
		}
	}
}

func (s *Store) watchPostgres(ctx context.Context, changed func()) error {
	conn, err := pgx.Connect(ctx, s.url)
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+changeChannel); err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return fmt.Errorf("watch: %w", err)
		}
		changed()
	}
}
