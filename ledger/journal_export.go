package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// JournalLine is one posting with what an accountant needs to book it:
// its entry, the document it comes from, and the customer of the
// sub-ledger accounts (1100, 2100).
type JournalLine struct {
	Date         time.Time
	EntryID      int64
	EntryKind    string // issue, payment, apply, void, write_off…
	Memo         string
	DocKind      Kind
	DocNumber    string
	Line         int
	Account      Account
	Amount       Money // debit positive, credit negative
	CustomerCode string
	CustomerName string
}

// EachJournalLine calls fn for every posting of the journal entries dated
// from..to (both included), by date, entry and line, streaming: every
// posting exactly once, each entry whole (its lines sum to zero), voids as
// the reversing entries they are.
func (s *Store) EachJournalLine(ctx context.Context, from, to time.Time, fn func(JournalLine) error) error {
	if from.After(to) {
		return Errorf(EINVALID, "the period starts (%s) after it ends (%s)", fmtDate(from), fmtDate(to))
	}
	return s.readTx(ctx, func(rtx *sql.Tx) error {
		err := each(ctx, rtx, `SELECT e.date, e.id, e.kind, e.memo, d.kind, COALESCE(d.number, ''), p.line, p.account, p.currency, p.amount,
			COALESCE(c.code, ''), COALESCE(c.name, '')
			FROM journal_entries e JOIN documents d ON d.id = e.document_id
			JOIN postings p ON p.entry_id = e.id LEFT JOIN customers c ON c.id = p.customer_id
			WHERE e.date >= ? AND e.date <= ? ORDER BY e.date, e.id, p.line`, func(r *sql.Rows) error {
			var l JournalLine
			var account, amount int64
			var cur string
			if err := r.Scan(scanDate(&l.Date), &l.EntryID, &l.EntryKind, &l.Memo, &l.DocKind, &l.DocNumber, &l.Line, &account, &cur, &amount,
				&l.CustomerCode, &l.CustomerName); err != nil {
				return err
			}
			l.Account, l.Amount = Account(account), NewMoney(amount, cur)
			return fn(l)
		}, fmtDate(from), fmtDate(to))
		if err != nil {
			return fmt.Errorf("journal %s to %s: %w", fmtDate(from), fmtDate(to), err)
		}
		return nil
	})
}
