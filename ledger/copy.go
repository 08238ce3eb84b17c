package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
)

// ledgerTables are the ledger's tables in an order where every row's
// references come before it: the order a copy writes them in.
var ledgerTables = []struct{ name, order string }{
	{"settings", "key"},
	{"customers", "id"},
	{"sequences", "kind"},
	{"documents", "id"},
	{"document_lines", "document_id, line_no"},
	{"journal_entries", "id"},
	{"postings", "entry_id, line"},
	{"allocations", "id"},
	{"payment_sources", "document_id"},
	{"setting_files", "key"},
	{"reminder_policies", "name"},
	{"customer_reminders", "customer_id"},
	{"disputes", "id"},
	{"outbox", "id"},
	{"outbox_items", "outbox_id, document_id"},
	{"recurring", "id"},
	{"recurring_lines", "recurring_id, line_no"},
	{"recurring_issued", "recurring_id, period"},
	{"customer_holds", "id"},
	{"hold_overrides", "document_id"},
	{"customer_notes", "id"},
	{"promises", "id"},
	{"promise_items", "promise_id, document_id"},
	{"exchange_rates", "currency, date"},
	{"reference_rates", "series, date"},
	{"charge_periods", "invoice_id, kind, from_date"},
	{"bank_lines", "id"},
	{"bank_payers", "iban"},
	{"bank_csv_mappings", "name"},
	{"bank_balances", "account, currency, date, kind"},
	{"payment_plans", "id"},
	{"plan_items", "plan_id, document_id"},
	{"plan_instalments", "plan_id, seq"},
	{"audit_log", "seq"},
}

// identityTables have an id that PostgreSQL hands out from a sequence,
// which a copy that writes the ids itself must move past them.
var identityTables = []string{"customers", "documents", "journal_entries", "allocations", "disputes", "outbox", "recurring", "customer_holds", "customer_notes", "promises", "bank_lines", "payment_plans"}

// CopyCounts is how many rows of each table a copy wrote.
type CopyCounts map[string]int64

// copyInto copies every row of this ledger into dst, an empty ledger of
// the same schema version (its own migrations only filled sequences),
// reading one snapshot of this ledger and writing in one transaction of
// dst: a copy is whole or nothing. The rows are copied as they are, ids
// included, so the two ledgers are the same ledger.
func (s *Store) copyInto(ctx context.Context, dst *Store, progress func(table string, rows int64)) (CopyCounts, error) {
	return s.copyRows(ctx, dst, false, progress)
}

// copyIntoReplacing is copyInto a PostgreSQL ledger whose rows it first
// removes, in the same transaction (a restore).
func (s *Store) copyIntoReplacing(ctx context.Context, dst *Store, progress func(table string, rows int64)) (CopyCounts, error) {
	if dst.dialect != postgresDialect {
		return nil, Errorf(EINTERNAL, "copy: only a PostgreSQL ledger is replaced row by row")
	}
	return s.copyRows(ctx, dst, true, progress)
}

func (s *Store) copyRows(ctx context.Context, dst *Store, replace bool, progress func(table string, rows int64)) (CopyCounts, error) {
	src, err := s.r.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == postgresDialect {
		opts.Isolation = sql.LevelRepeatableRead // one snapshot for every table
	}
	rtx, err := src.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("copy: %w", err)
	}
	defer rtx.Rollback()
	counts := CopyCounts{}
	err = dst.writeOn(ctx, dst.w, func(t *tx) error {
		if replace {
			// TRUNCATE fires no row triggers: the rules against deleting
			// posted rows guard the books, not a restore of them.
			names := make([]string, len(ledgerTables))
			for i, tb := range ledgerTables {
				names[i] = tb.name
			}
			if _, err := t.ExecContext(ctx, `TRUNCATE `+strings.Join(names, ", ")); err != nil {
				return err
			}
		}
		var n int
		if err := t.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return Errorf(ECONFLICT, "copy: %s already holds a ledger (%d documents); copy into an empty one", dst.Path(), n)
		}
		// The destination's migrations numbered nothing yet; the source's
		// counters replace them.
		if _, err := t.ExecContext(ctx, `DELETE FROM sequences`); err != nil {
			return err
		}
		for _, tb := range ledgerTables {
			c, err := copyTable(ctx, rtx, t, tb.name, tb.order, progress)
			if err != nil {
				return fmt.Errorf("copy %s: %w", tb.name, err)
			}
			counts[tb.name] = c
		}
		if dst.dialect == postgresDialect {
			for _, tb := range identityTables {
				if _, err := t.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+tb+`', 'id'), COALESCE((SELECT MAX(id) FROM `+tb+`), 0) + 1, false)`); err != nil {
					return fmt.Errorf("copy %s: %w", tb, err)
				}
			}
		}
		return nil
	})
	return counts, err
}

// copyBatch is how many rows one INSERT of a copy writes.
const copyBatch = 200

// copyTable copies one table's rows from src into the transaction t.
func copyTable(ctx context.Context, src *sql.Tx, t *tx, table, order string, progress func(string, int64)) (int64, error) {
	rows, err := src.QueryContext(ctx, `SELECT * FROM `+table+` ORDER BY `+order)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	head := `INSERT INTO ` + table + ` (` + strings.Join(cols, ", ") + `) VALUES `
	row := `(` + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + `)`
	var (
		args []any
		n    int64
	)
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		k := len(args) / len(cols)
		q := head + strings.TrimSuffix(strings.Repeat(row+", ", k), ", ")
		if _, err := t.ExecContext(ctx, q, args...); err != nil {
			return err
		}
		args = args[:0]
		if progress != nil {
			progress(table, n)
		}
		return nil
	}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return 0, err
		}
		args = append(args, vals...)
		n++
		if n%copyBatch == 0 {
			if err := flush(); err != nil {
				return 0, err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return n, flush()
}

// Backup of a PostgreSQL ledger: the same portable SQLite file a backup of
// a ledger file is, written from one snapshot of the database, then
// verified like any backup.
func (s *Store) backupPostgres(ctx context.Context, dest string, quick bool) error {
	dst, err := openSQLite(ctx, dest) // the empty file Backup made
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := s.copyInto(ctx, dst, nil); err != nil {
		dst.Close()
		os.Remove(dest)
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	if err := dst.Close(); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	return verifyFile(ctx, dest, quick)
}

// CopyTo copies this whole ledger into dst, an empty ledger (a new file or
// a new PostgreSQL database), rows and ids as they are, from one snapshot
// and in one transaction of dst. progress (optional) hears each table's
// rows as they are written.
func (s *Store) CopyTo(ctx context.Context, dst *Store, progress func(table string, rows int64)) (CopyCounts, error) {
	return s.copyInto(ctx, dst, progress)
}

// TableCounts counts the rows of every ledger table, to compare two copies.
func (s *Store) TableCounts(ctx context.Context) (CopyCounts, error) {
	out := CopyCounts{}
	for _, tb := range ledgerTables {
		var n int64
		if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM `+tb.name).Scan(&n); err != nil {
			return nil, fmt.Errorf("count %s: %w", tb.name, err)
		}
		out[tb.name] = n
	}
	return out, nil
}

// Dialect names the database the ledger is on: "SQLite" or "PostgreSQL".
func (s *Store) Dialect() string { return s.dialect.String() }
