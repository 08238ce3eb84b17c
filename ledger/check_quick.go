package ledger

import (
	"context"
	"database/sql"
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
	err := s.readTx(ctx, func(rtx *sql.Tx) error {
		if s.dialect == sqliteDialect {
			var lines []string
			if err := each(ctx, rtx, `PRAGMA quick_check`, func(r *sql.Rows) error {
				var l string
				err := r.Scan(&l)
				lines = append(lines, l)
				return err
			}); err != nil {
				return err
			}
			if len(lines) != 1 || lines[0] != "ok" {
				rep.add("quick_check: %s", strings.Join(lines, "; "))
			}
		}
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

// QuickRecent is how many of the newest entries and documents the quick
// check holds to the ledger's rules.
const QuickRecent = 10000
