package ledger

import (
	"context"
	"fmt"
	"time"
)

// AuditFilter chooses entries of the audit log.
type AuditFilter struct {
	From, To time.Time // days, inclusive; zero: open
	Customer string    // a customer's code: entries about that customer
	Action   string    // entries whose action starts with it
	AfterSeq int64     // entries after this one (paging)
	Limit    int       // at most so many; 0: all
	Newest   bool      // newest first
}

// AuditLog streams the entries f chooses to fn, oldest first (or newest
// with f.Newest), each with its customer's code.
func (s *Store) AuditLog(ctx context.Context, f AuditFilter, fn func(*AuditEntry) error) error {
	where := ` WHERE 1 = 1`
	var args []any
	if !f.From.IsZero() {
		where += ` AND at >= ?`
		args = append(args, fmtDate(f.From))
	}
	if !f.To.IsZero() {
		where += ` AND at < ?`
		args = append(args, fmtDate(f.To.AddDate(0, 0, 1)))
	}
	if f.Customer != "" {
		c, err := s.CustomerByCode(ctx, f.Customer)
		if err != nil {
			return err
		}
		where += ` AND customer_id = ?`
		args = append(args, c.ID)
	}
	if f.Action != "" {
		where += ` AND substr(action, 1, ?) = ?`
		args = append(args, len(f.Action), f.Action)
	}
	order := ` ORDER BY seq`
	if f.Newest {
		if f.AfterSeq > 0 {
			where += ` AND seq < ?`
			args = append(args, f.AfterSeq)
		}
		order = ` ORDER BY seq DESC`
	} else if f.AfterSeq > 0 {
		where += ` AND seq > ?`
		args = append(args, f.AfterSeq)
	}
	if f.Limit > 0 {
		order += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	codes := map[int64]string{}
	return eachEntry(ctx, s.r, where+order, args, func(e *AuditEntry) error {
		if e.CustomerID != 0 {
			code, ok := codes[e.CustomerID]
			if !ok {
				if err := s.r.QueryRowContext(ctx, `SELECT code FROM customers WHERE id = ?`, e.CustomerID).Scan(&code); err != nil {
					code = fmt.Sprint(e.CustomerID)
				}
				codes[e.CustomerID] = code
			}
			e.Customer = code
		}
		return fn(e)
	})
}
