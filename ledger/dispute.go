package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Dispute is a customer's objection to an invoice. While it is open the
// invoice is never reminded; it still counts in the aging, flagged.
type Dispute struct {
	ID           int64
	Number       string // the invoice's
	CustomerCode string
	CustomerName string
	Reason       string
	OpenedOn     time.Time
	ResolvedOn   time.Time // zero while open
	Resolution   string
}

// Open reports whether the dispute is still open.
func (d Dispute) Open() bool { return d.ResolvedOn.IsZero() }

// disputedAsOf is the SQL condition "document ?doc had an open dispute at
// the end of day ?1"; %s is the document id column.
const disputedAsOf = `EXISTS (SELECT 1 FROM disputes x WHERE x.document_id = %s AND x.opened_on <= ?1
	AND (x.resolved_on IS NULL OR x.resolved_on > ?1))`

// OpenDispute records that the customer disputes an issued invoice, from
// today on. An invoice has at most one open dispute.
func (s *Store) OpenDispute(ctx context.Context, number, reason string) (Dispute, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return Dispute{}, Errorf(EINVALID, "a dispute needs a reason (what the customer objects to)")
	}
	if utf8.RuneCountInString(reason) > maxText {
		return Dispute{}, Errorf(EINVALID, "the reason is longer than %d characters", maxText)
	}
	var d Dispute
	err := s.write(ctx, func(t *tx) error {
		doc, err := t.docByNumber(number)
		if err != nil {
			return err
		}
		if doc.kind != KindInvoice {
			return Errorf(EINVALID, "%s is a %s: only invoices are disputed", number, doc.kind.label())
		}
		if doc.status != StatusIssued {
			return Errorf(ECONFLICT, "invoice %s is %s: only issued invoices are disputed", number, doc.status)
		}
		var n int
		if err := t.queryRow(`SELECT count(*) FROM disputes WHERE document_id = ? AND resolved_at IS NULL`, doc.id).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return Errorf(ECONFLICT, "invoice %s is disputed already", number)
		}
		today := Day(t.now)
		id, err := t.insertID(`INSERT INTO disputes (document_id, reason, opened_on, opened_at) VALUES (?, ?, ?, ?)`,
			doc.id, reason, fmtDate(today), t.stamp())
		if err != nil {
			return err
		}
		d = Dispute{ID: id, Number: number, Reason: reason, OpenedOn: today}
		return nil
	})
	if err != nil {
		return Dispute{}, fmt.Errorf("open dispute of %s: %w", number, err)
	}
	return d, nil
}

// ResolveDispute closes the open dispute of an invoice as of today; from
// tomorrow's reminder run on, the invoice is reminded again.
func (s *Store) ResolveDispute(ctx context.Context, number, resolution string) error {
	resolution = strings.TrimSpace(resolution)
	if utf8.RuneCountInString(resolution) > maxText {
		return Errorf(EINVALID, "the resolution is longer than %d characters", maxText)
	}
	err := s.write(ctx, func(t *tx) error {
		doc, err := t.docByNumber(number)
		if err != nil {
			return err
		}
		res, err := t.exec(`UPDATE disputes SET resolved_on = ?, resolved_at = ?, resolution = ?
			WHERE document_id = ? AND resolved_at IS NULL`, fmtDate(Day(t.now)), t.stamp(), resolution, doc.id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return Errorf(ECONFLICT, "invoice %s is not disputed", number)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("resolve dispute of %s: %w", number, err)
	}
	return nil
}

// Disputes lists disputes, newest first: only the open ones, or all.
func (s *Store) Disputes(ctx context.Context, openOnly bool) ([]Dispute, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT x.id, d.number, c.code, c.name, x.reason, x.opened_on,
		COALESCE(x.resolved_on, ''), x.resolution
		FROM disputes x JOIN documents d ON d.id = x.document_id JOIN customers c ON c.id = d.customer_id
		WHERE ? = 0 OR x.resolved_at IS NULL ORDER BY x.id DESC`, boolInt(openOnly))
	if err != nil {
		return nil, fmt.Errorf("list disputes: %w", err)
	}
	defer rows.Close()
	var out []Dispute
	for rows.Next() {
		var d Dispute
		if err := rows.Scan(&d.ID, &d.Number, &d.CustomerCode, &d.CustomerName, &d.Reason, scanDate(&d.OpenedOn),
			scanOptDate(&d.ResolvedOn), &d.Resolution); err != nil {
			return nil, fmt.Errorf("list disputes: %w", err)
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// OpenDisputeOf returns the open dispute of an invoice, or ENOTFOUND.
func (s *Store) OpenDisputeOf(ctx context.Context, number string) (Dispute, error) {
	var d Dispute
	err := s.r.QueryRowContext(ctx, `SELECT x.id, d.number, c.code, c.name, x.reason, x.opened_on
		FROM disputes x JOIN documents d ON d.id = x.document_id JOIN customers c ON c.id = d.customer_id
		WHERE d.number = ? AND x.resolved_at IS NULL`, number).
		Scan(&d.ID, &d.Number, &d.CustomerCode, &d.CustomerName, &d.Reason, scanDate(&d.OpenedOn))
	if errors.Is(err, sql.ErrNoRows) {
		return d, Errorf(ENOTFOUND, "invoice %s is not disputed", number)
	}
	if err != nil {
		return d, fmt.Errorf("dispute of %s: %w", number, err)
	}
	return d, nil
}
