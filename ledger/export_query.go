package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// The accountant's exports (journal, IIF, Xero, DATEV) read one period of
// the ledger. An export reads everything it needs in one read
// transaction, a snapshot on both databases (repeatable read on
// PostgreSQL), so the customers it lists and the postings it writes are
// of one moment: run again on the same ledger it writes the same rows.

// ExportPeriod is what an export reads: the entries dated From..To (both
// included), of one currency or (Currency "") of all.
type ExportPeriod struct {
	From, To time.Time
	Currency string
}

func (p ExportPeriod) check() error {
	if p.From.After(p.To) {
		return Errorf(EINVALID, "the period starts (%s) after it ends (%s)", fmtDate(p.From), fmtDate(p.To))
	}
	if p.Currency != "" && !ValidCurrency(p.Currency) {
		return Errorf(EINVALID, "currency %q: use a three-letter ISO 4217 code such as USD", p.Currency)
	}
	return nil
}

// snapshot runs fn in a read transaction that sees one state of the
// ledger from its first query to its last.
func (s *Store) snapshot(ctx context.Context, fn func(*sql.Tx) error) error {
	opts := &sql.TxOptions{ReadOnly: true}
	if s.dialect == postgresDialect {
		opts.Isolation = sql.LevelRepeatableRead
	}
	rtx, err := s.r.BeginTx(ctx, opts)
	if err != nil {
		return err
	}
	defer rtx.Rollback()
	return fn(rtx)
}

// ExportReader reads one period inside one snapshot (Store.Export).
type ExportReader struct {
	ctx context.Context
	rtx *sql.Tx
	p   ExportPeriod
}

// Export checks the period and calls fn with a reader of it; every read
// fn makes sees the same state of the ledger.
func (s *Store) Export(ctx context.Context, p ExportPeriod, fn func(*ExportReader) error) error {
	if err := p.check(); err != nil {
		return err
	}
	return s.snapshot(ctx, func(rtx *sql.Tx) error {
		return fn(&ExportReader{ctx: ctx, rtx: rtx, p: p})
	})
}

// currencyFilter is the SQL condition and argument that keep one currency.
func (x *ExportReader) currencyFilter(col string) (string, []any) {
	if x.p.Currency == "" {
		return "", nil
	}
	return " AND " + col + " = ?", []any{x.p.Currency}
}

// EachCustomer calls fn for every customer with a posting in the period,
// by code.
func (x *ExportReader) EachCustomer(fn func(Customer) error) error {
	// Through the entries' date index: a posting's customer is its
	// document's.
	cond, args := x.currencyFilter("d.currency")
	err := each(x.ctx, x.rtx, `SELECT `+prefixCols("c.", customerCols)+` FROM customers c WHERE c.id IN (
			SELECT d.customer_id FROM journal_entries e JOIN documents d ON d.id = e.document_id
			WHERE e.date >= ? AND e.date <= ?`+cond+`)
		ORDER BY c.code`, func(r *sql.Rows) error {
		c, err := scanCustomer(r)
		if err != nil {
			return err
		}
		return fn(c)
	}, append([]any{fmtDate(x.p.From), fmtDate(x.p.To)}, args...)...)
	if err != nil {
		return fmt.Errorf("customers of %s to %s: %w", fmtDate(x.p.From), fmtDate(x.p.To), err)
	}
	return nil
}

func prefixCols(prefix, cols string) string {
	parts := strings.Split(cols, ", ")
	for i := range parts {
		parts[i] = prefix + parts[i]
	}
	return strings.Join(parts, ", ")
}

// EachJournalLine calls fn for every posting of the period, by date, entry
// and line: every posting exactly once, each entry whole, voids as the
// reversing entries they are.
func (x *ExportReader) EachJournalLine(fn func(JournalLine) error) error {
	cond, args := x.currencyFilter("p.currency")
	err := each(x.ctx, x.rtx, `SELECT e.date, e.id, e.kind, e.memo, d.kind, COALESCE(d.number, ''), p.line, p.account, p.currency, p.amount,
			COALESCE(c.code, ''), COALESCE(c.name, '')
			FROM journal_entries e JOIN documents d ON d.id = e.document_id
			JOIN postings p ON p.entry_id = e.id LEFT JOIN customers c ON c.id = p.customer_id
			WHERE e.date >= ? AND e.date <= ?`+cond+` ORDER BY e.date, e.id, p.line`, func(r *sql.Rows) error {
		var l JournalLine
		var account, amount int64
		var cur string
		if err := r.Scan(scanDate(&l.Date), &l.EntryID, &l.EntryKind, &l.Memo, &l.DocKind, &l.DocNumber, &l.Line, &account, &cur, &amount,
			&l.CustomerCode, &l.CustomerName); err != nil {
			return err
		}
		l.Account, l.Amount = Account(account), NewMoney(amount, cur)
		return fn(l)
	}, append([]any{fmtDate(x.p.From), fmtDate(x.p.To)}, args...)...)
	if err != nil {
		return fmt.Errorf("journal %s to %s: %w", fmtDate(x.p.From), fmtDate(x.p.To), err)
	}
	return nil
}

// EachEntry groups the period's postings by journal entry: fn gets each
// entry's lines together, in order (the slice is reused between calls).
func (x *ExportReader) EachEntry(fn func([]JournalLine) error) error {
	var cur []JournalLine
	err := x.EachJournalLine(func(l JournalLine) error {
		if len(cur) > 0 && cur[0].EntryID != l.EntryID {
			if err := fn(cur); err != nil {
				return err
			}
			cur = cur[:0]
		}
		cur = append(cur, l)
		return nil
	})
	if err != nil {
		return err
	}
	if len(cur) > 0 {
		return fn(cur)
	}
	return nil
}
