package ledger

import (
	"database/sql"
	"fmt"
	"time"
)

// ExportDoc is a document as an accounting system imports it (Xero): its
// customer, its lines, and for a payment the invoice it pays. A voided
// document comes twice: as it was issued, on its date, and as its
// reversal (Void), on the day it was voided.
type ExportDoc struct {
	ID         int64
	Kind       Kind
	Number     string
	Date, Due  time.Time // a reversal's Date is the void date
	Currency   string
	Net, Tax   int64
	Total      int64
	Reference  string
	Customer   Customer // code, name, email and address
	Lines      []Line
	Void       bool   // the reversal of a voided document
	VoidReason string // a reversal's reason
	Invoice    string // a payment's or write-off's first invoice, by allocation
}

// exportKinds are the kinds of document in the order EachDocument gives
// them: each kind by date through the (kind, date) index, no sort.
var exportKinds = []Kind{KindInvoice, KindCharge, KindCreditNote, KindWriteOff, KindPayment, KindRefund}

// EachDocument calls fn for every document issued in the period, kind by
// kind (invoices, charges, credit notes, write-offs, payments, refunds), each by
// date and id; then for every document voided in the period, as its
// reversal, by void date and id. fn may keep nothing of the document past
// its call.
func (x *ExportReader) EachDocument(fn func(*ExportDoc) error) error {
	cond, args := x.currencyFilter("d.currency")
	q := `SELECT d.id, d.kind, COALESCE(d.number, ''), %s, d.due_date, d.currency, d.net, d.tax, d.total, d.reference, d.void_reason,
		c.code, c.name, c.email, c.address,
		CASE WHEN d.kind IN ('payment', 'write_off') THEN COALESCE((SELECT i.number FROM allocations a JOIN documents i ON i.id = a.invoice_id
			WHERE a.credit_id = d.id ORDER BY a.id LIMIT 1), '') ELSE '' END,
		COALESCE(l.line_no, 0), COALESCE(l.description, ''), COALESCE(l.quantity, 0), COALESCE(l.unit_price, 0),
		COALESCE(l.discount, 0), COALESCE(l.tax_rate, 0), COALESCE(l.net, 0)
		FROM documents d JOIN customers c ON c.id = d.customer_id
		LEFT JOIN document_lines l ON l.document_id = d.id
		WHERE %s` + cond + ` ORDER BY %s, d.id, l.line_no`
	from, to := fmtDate(x.p.From), fmtDate(x.p.To)
	pass := func(void bool, where string, order string, params ...any) error {
		var doc *ExportDoc
		col := "d.date"
		if void {
			col = "d.void_date"
		}
		err := each(x.ctx, x.rtx, fmt.Sprintf(q, col, where, order), func(r *sql.Rows) error {
			var d ExportDoc
			var l Line
			var lineNo int
			if err := r.Scan(&d.ID, &d.Kind, &d.Number, scanDate(&d.Date), scanDate(&d.Due), &d.Currency, &d.Net, &d.Tax, &d.Total,
				&d.Reference, &d.VoidReason, &d.Customer.Code, &d.Customer.Name, &d.Customer.Email, &d.Customer.Address, &d.Invoice,
				&lineNo, &l.Description, &l.Quantity, &l.UnitPrice, &l.Discount, &l.TaxRate, &l.Net); err != nil {
				return err
			}
			if doc == nil || doc.ID != d.ID {
				if doc != nil {
					if err := fn(doc); err != nil {
						return err
					}
				}
				d.Void = void
				if !void {
					d.VoidReason = ""
				}
				d.Customer.Currency = d.Currency
				doc = &d
			}
			if lineNo != 0 {
				doc.Lines = append(doc.Lines, l)
			}
			return nil
		}, append(params, args...)...)
		if err == nil && doc != nil {
			err = fn(doc)
		}
		if err != nil {
			return fmt.Errorf("documents of %s to %s: %w", from, to, err)
		}
		return nil
	}
	for _, k := range exportKinds {
		if err := pass(false, "d.kind = ? AND d.date >= ? AND d.date <= ? AND d.status <> 'draft'", "d.date", string(k), from, to); err != nil {
			return err
		}
	}
	return pass(true, "d.status = 'void' AND d.void_date >= ? AND d.void_date <= ?", "d.void_date", from, to)
}
