package ledger

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

const documentCols = `d.id, d.kind, COALESCE(d.number, ''), d.customer_id, c.code, c.name, d.status, d.date, d.due_date, d.currency,
	d.net, d.tax, d.total, d.open, d.reference, d.notes, COALESCE(d.void_date, ''), d.void_reason,
	d.service_from, d.service_to, d.payment_means`

func scanDocument(sc interface{ Scan(...any) error }) (Document, error) {
	var d Document
	var net, tax, total, open int64
	err := sc.Scan(&d.ID, &d.Kind, &d.Number, &d.CustomerID, &d.CustomerCode, &d.CustomerName, &d.Status,
		scanDate(&d.Date), scanDate(&d.DueDate), &d.Net.Currency,
		&net, &tax, &total, &open, &d.Reference, &d.Notes, scanOptDate(&d.VoidDate), &d.VoidReason,
		scanOptDate(&d.ServiceFrom), scanOptDate(&d.ServiceTo), &d.PaymentMeans)
	if err != nil {
		return d, err
	}
	cur := d.Net.Currency
	d.Net, d.Tax, d.Total, d.Open = NewMoney(net, cur), NewMoney(tax, cur), NewMoney(total, cur), NewMoney(open, cur)
	return d, nil
}

// Document finds a document by its number, with its lines.
func (s *Store) Document(ctx context.Context, number string) (Document, error) {
	return s.document(ctx, `d.number = ?`, number)
}

// DocumentByID finds a document (drafts too) by its id, with its lines.
func (s *Store) DocumentByID(ctx context.Context, id int64) (Document, error) {
	return s.document(ctx, `d.id = ?`, id)
}

func (s *Store) document(ctx context.Context, where string, arg any) (Document, error) {
	d, err := scanDocument(s.r.QueryRowContext(ctx, `SELECT `+documentCols+`
		FROM documents d JOIN customers c ON c.id = d.customer_id WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return d, Errorf(ENOTFOUND, "no document %v", arg)
	}
	if err != nil {
		return d, fmt.Errorf("read document %v: %w", arg, err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT description, quantity, unit_price, discount, tax_rate, net, vat_category, vat_reason, unit_code
		FROM document_lines WHERE document_id = ? ORDER BY line_no`, d.ID)
	if err != nil {
		return d, fmt.Errorf("read lines of %s: %w", d.Number, err)
	}
	defer rows.Close()
	for rows.Next() {
		var l Line
		if err := rows.Scan(&l.Description, &l.Quantity, &l.UnitPrice, &l.Discount, &l.TaxRate, &l.Net, &l.VATCategory, &l.VATReason, &l.UnitCode); err != nil {
			return d, err
		}
		d.Lines = append(d.Lines, l)
	}
	if err := rows.Err(); err != nil {
		return d, err
	}
	if len(d.Lines) > 0 {
		lines := append([]Line(nil), d.Lines...)
		if _, _, d.Taxes, err = computeLines(lines); err != nil {
			return d, fmt.Errorf("document %s: %w", d.Number, err)
		}
	}
	return d, nil
}

// Allocations lists the allocations of a document, either side, void ones
// included, in the order they were made.
func (s *Store) Allocations(ctx context.Context, docID int64) ([]Allocation, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, a.credit_id, c.number, c.kind, a.invoice_id, i.number, a.amount, i.currency, a.date, COALESCE(a.void_date, '')
		FROM allocations a JOIN documents c ON c.id = a.credit_id JOIN documents i ON i.id = a.invoice_id
		WHERE a.invoice_id = ?1 OR a.credit_id = ?1 ORDER BY a.id`, docID)
	if err != nil {
		return nil, fmt.Errorf("read allocations: %w", err)
	}
	defer rows.Close()
	var out []Allocation
	for rows.Next() {
		var a Allocation
		if err := rows.Scan(&a.ID, &a.CreditID, &a.CreditNumber, &a.CreditKind, &a.InvoiceID, &a.InvoiceNumber, &a.Amount.Minor, &a.Amount.Currency,
			scanDate(&a.Date), scanOptDate(&a.VoidDate)); err != nil {
			return nil, fmt.Errorf("read allocations: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
