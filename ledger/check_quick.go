package ledger

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"strings"
)

// QuickCheck is the check a user can run often (paidup check --quick):
// the file's pages (SQLite's quick_check, which skips matching each index
// against its table), and the ledger's rules on the newest documents and
// journal entries — each recent entry balances, each recent document's
// open amount agrees with its allocations in force. The full Check stays
// what proves the whole ledger (control accounts against every open item,
// every line, every date).
func (s *Store) QuickCheck(ctx context.Context) (*CheckReport, error) {
	rep := &CheckReport{Receivable: map[string]int64{}, Credits: map[string]int64{}}
	if s.dialect == sqliteDialect {
		lines, err := s.quickCheckPages(ctx)
		if err != nil {
			return nil, fmt.Errorf("quick check: %w", err)
		}
		if len(lines) != 1 || lines[0] != "ok" {
			rep.add("quick_check: %s", strings.Join(lines, "; "))
		}
	}
	err := s.readTx(ctx, func(rtx *sql.Tx) error {
		if err := rtx.QueryRowContext(ctx, `SELECT count(*) FROM journal_entries`).Scan(&rep.Entries); err != nil {
			return err
		}
		if err := rtx.QueryRowContext(ctx, `SELECT count(*) FROM documents`).Scan(&rep.Documents); err != nil {
			return err
		}
		var maxEntry, maxDoc int64
		if err := rtx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM journal_entries`).Scan(&maxEntry); err != nil {
			return err
		}
		if err := rtx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM documents`).Scan(&maxDoc); err != nil {
			return err
		}
		if err := each(ctx, rtx, `SELECT entry_id, currency, SUM(amount) FROM postings WHERE entry_id > ?
			GROUP BY entry_id, currency HAVING SUM(amount) <> 0 LIMIT 50`, func(r *sql.Rows) error {
			var id, sum int64
			var cur string
			err := r.Scan(&id, &cur, &sum)
			rep.add("journal entry %d does not balance in %s: off by %s", id, cur, NewMoney(sum, cur).Plain())
			return err
		}, maxEntry-QuickRecent); err != nil {
			return err
		}
		// The CHECK constraints of documents and allocations that
		// quickCheckPages leaves to this, on the newest rows.
		if err := each(ctx, rtx, `SELECT id, COALESCE(number, '') FROM documents WHERE id > ? AND NOT (
			kind IN ('invoice', 'credit_note', 'payment', 'write_off', 'charge', 'refund', 'discount') AND status IN ('draft', 'issued', 'void')
			AND total >= 0 AND open >= 0 AND open <= total AND (status = 'draft' OR number IS NOT NULL)) LIMIT 50`, func(r *sql.Rows) error {
			var id int64
			var number string
			err := r.Scan(&id, &number)
			rep.add("document %s (id %d) breaks a rule of the documents table (kind, status, total ≥ 0, 0 ≤ open ≤ total, a number once issued)", number, id)
			return err
		}, maxDoc-QuickRecent); err != nil {
			return err
		}
		if err := each(ctx, rtx, `SELECT id FROM allocations WHERE id > (SELECT COALESCE(MAX(id), 0) FROM allocations) - ? AND NOT (amount > 0) LIMIT 50`, func(r *sql.Rows) error {
			var id int64
			err := r.Scan(&id)
			rep.add("allocation %d is not of an amount above zero", id)
			return err
		}, QuickRecent); err != nil {
			return err
		}
		return each(ctx, rtx, `SELECT d.kind, COALESCE(d.number, ''), d.status, d.total, d.open,
			COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = d.id AND a.void_date IS NULL), 0) +
			COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.credit_id = d.id AND a.void_date IS NULL), 0)
			FROM documents d WHERE d.id > ? AND d.status = 'issued' AND d.kind NOT IN ('write_off', 'discount')`, func(r *sql.Rows) error {
			var kind Kind
			var number, status string
			var total, open, used int64
			if err := r.Scan(&kind, &number, &status, &total, &open, &used); err != nil {
				return err
			}
			if used > total || open != total-used {
				rep.add("%s: total %d, open %d, but allocations in force %d (minor units)", docRef(kind, number), total, open, used)
			}
			return nil
		}, maxDoc-QuickRecent)
	})
	if err != nil {
		return nil, fmt.Errorf("quick check: %w", err)
	}
	// The audit chain's tail: the newest entries' hashes and links, and
	// the head file beside the ledger.
	probs, err := s.VerifyAuditTail(ctx, QuickRecent)
	if err != nil {
		return nil, fmt.Errorf("quick check: %w", err)
	}
	for _, p := range probs {
		rep.add("%s", p.Message)
	}
	return rep, nil
}

// quickCheckPages runs SQLite's quick_check over the whole file: every
// page of every table and index, NOT NULL and STRICT types of every row.
// Evaluating the CHECK constraints of every row is what made it slow
// (two thirds of its time on a million invoices, most of it the
// documents'): they are left out of the whole file's pass and checked
// whole for every table but documents and allocations, whose newest rows
// QuickCheck holds to them in SQL; the full Check holds every row.
func (s *Store) quickCheckPages(ctx context.Context) ([]string, error) {
	conn, err := s.r.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	var tables []string
	if err := scanRows(ctx, conn, `SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%CHECK%'
		AND name NOT IN ('documents', 'allocations') ORDER BY name`, nil, func(v []any) error {
		tables = append(tables, asText(v[0]))
		return nil
	}); err != nil {
		return nil, err
	}
	var lines []string
	run := func(q string) error {
		return scanRows(ctx, conn, q, nil, func(v []any) error {
			lines = append(lines, asText(v[0]))
			return nil
		})
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA ignore_check_constraints = ON`); err != nil {
		return nil, err
	}
	err = run(`PRAGMA quick_check`)
	// The connection goes back to the pool: it must enforce them again.
	if _, err2 := conn.ExecContext(ctx, `PRAGMA ignore_check_constraints = OFF`); err2 != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn }) // never reused
		if err == nil {
			err = err2
		}
	}
	if err != nil {
		return nil, err
	}
	for _, t := range tables {
		var more []string
		if err := scanRows(ctx, conn, `PRAGMA quick_check('`+strings.ReplaceAll(t, "'", "''")+`')`, nil, func(v []any) error {
			if l := asText(v[0]); l != "ok" {
				more = append(more, l)
			}
			return nil
		}); err != nil {
			return nil, err
		}
		if len(more) > 0 {
			if len(lines) == 1 && lines[0] == "ok" {
				lines = nil
			}
			lines = append(lines, more...)
		}
	}
	return lines, nil
}

// QuickRecent is how many of the newest entries and documents the quick
// check holds to the ledger's rules.
const QuickRecent = 10000
