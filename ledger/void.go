package ledger

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Void cancels an issued document with a dated reversal of its postings;
// nothing is deleted. Voiding an invoice releases the payments and credits
// applied to it back to unapplied credit (Dr 1100, Cr 2100) and voids its
// write-offs; voiding a payment or credit note reopens what it had settled.
func (s *Store) Void(ctx context.Context, number string, date time.Time, reason string) error {
	err := s.write(ctx, func(t *tx) error {
		d, err := t.docByNumber(number)
		if err != nil {
			return err
		}
		return t.void(&d, date, reason)
	})
	if err != nil {
		return fmt.Errorf("void %s: %w", number, err)
	}
	return nil
}

type allocRow struct {
	id, creditID, invoiceID, amount int64
	date                            string
	creditKind                      Kind
}

func (t *tx) activeAllocations(docID int64) ([]allocRow, error) {
	st, err := t.stmt(`SELECT a.id, a.credit_id, a.invoice_id, a.amount, a.date, c.kind
		FROM allocations a JOIN documents c ON c.id = a.credit_id
		WHERE (a.invoice_id = ?1 OR a.credit_id = ?1) AND a.void_date IS NULL ORDER BY a.id`)
	if err != nil {
		return nil, err
	}
	rows, err := st.QueryContext(t.ctx, docID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []allocRow
	for rows.Next() {
		var a allocRow
		if err := rows.Scan(&a.id, &a.creditID, &a.invoiceID, &a.amount, &a.date, &a.creditKind); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

func (t *tx) void(d *docRow, date time.Time, reason string) error {
	reason = strings.TrimSpace(reason)
	ref := docRef(d.kind, d.number)
	switch {
	case d.status == StatusDraft:
		return Errorf(ECONFLICT, "%s is a draft: discard it instead", ref)
	case d.status == StatusVoid:
		return Errorf(ECONFLICT, "%s is void already", ref)
	case date.IsZero():
		return Errorf(EINVALID, "void date is required")
	case fmtDate(date) < d.date:
		return Errorf(EINVALID, "%s is dated %s: the void cannot be dated before it", ref, d.date)
	case reason == "":
		return Errorf(EINVALID, "say why %s is voided", ref)
	}
	allocs, err := t.activeAllocations(d.id)
	if err != nil {
		return err
	}
	day := fmtDate(date)
	for _, a := range allocs {
		if a.date > day {
			return Errorf(EINVALID, "%s has an allocation dated %s: the void cannot be dated before it", ref, a.date)
		}
	}
	var b entryBuilder
	cust := d.customerID
	// Reverse what the document posted when it was issued.
	switch d.kind {
	case KindInvoice:
		b.credit(AccReceivable, cust, d.total)
		b.debit(AccSales, 0, d.net)
		b.debit(AccTaxPayable, 0, d.tax)
	case KindPayment:
		b.credit(AccBank, 0, d.total)
	case KindCreditNote:
		b.credit(AccSales, 0, d.net)
		b.credit(AccTaxPayable, 0, d.tax)
	case KindWriteOff:
		b.credit(AccBadDebts, 0, d.total)
	}
	// Undo each allocation still in force.
	for _, a := range allocs {
		if _, err := t.exec(`UPDATE allocations SET void_date = ? WHERE id = ?`, day, a.id); err != nil {
			return err
		}
		if _, err := t.exec(`UPDATE documents SET reopened_on = MAX(reopened_on, ?1) WHERE id IN (?2, ?3)`, day, a.creditID, a.invoiceID); err != nil {
			return err
		}
		if d.kind == KindInvoice {
			// The invoice's own credit to 1100 reversal above already covers
			// its whole total; what was settled goes back to its source.
			b.debit(AccReceivable, cust, a.amount)
			switch a.creditKind {
			case KindWriteOff:
				b.credit(AccBadDebts, 0, a.amount)
				if _, err := t.exec(`UPDATE documents SET status = 'void', void_date = ?1, void_reason = ?2,
					last_change = MAX(last_change, ?1), closed_on = MAX(last_change, ?1) WHERE id = ?3`,
					day, "invoice "+d.number+" voided", a.creditID); err != nil {
					return err
				}
			default:
				b.credit(AccCredits, cust, a.amount)
				if err := t.addOpen(a.creditID, a.amount, day); err != nil {
					return err
				}
			}
		} else {
			// A credit voided: the invoice it settled is open again.
			b.debit(AccReceivable, cust, a.amount)
			if err := t.addOpen(a.invoiceID, a.amount, day); err != nil {
				return err
			}
		}
	}
	if d.kind == KindPayment || d.kind == KindCreditNote {
		// Re-read: allocations above do not change the credit's own open.
		b.debit(AccCredits, cust, d.open)
	}
	if _, err := t.exec(`UPDATE documents SET status = 'void', open = 0, void_date = ?1, void_reason = ?2,
		last_change = MAX(last_change, ?1), closed_on = MAX(last_change, ?1) WHERE id = ?3`,
		day, reason, d.id); err != nil {
		return err
	}
	return t.post(date, d.id, "void", "void "+d.number+": "+reason, d.currency, &b)
}
