package ledger

import (
	"context"
	"database/sql"
	"errors"
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
	fx                              int64 // its realized exchange difference
	date                            string
	creditKind                      Kind
}

func (t *tx) activeAllocations(docID int64) ([]allocRow, error) {
	st, err := t.stmt(`SELECT a.id, a.credit_id, a.invoice_id, a.amount, a.date, c.kind, a.fx
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
		if err := rows.Scan(&a.id, &a.creditID, &a.invoiceID, &a.amount, &a.date, &a.creditKind, &a.fx); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// voidPlan is what voiding a document writes besides its own row: the
// reversal's journal entry, dated day, with the reason as given.
type voidPlan struct {
	reason, day string
	entry       docEntry
}

// planVoid checks that d can be voided on date, with allocs the
// allocations in force on it, and computes the reversal. The real void
// (t.void) and the bulk writer (BulkWriter.Void) both write what it says.
func planVoid(d *docRow, allocs []allocRow, date time.Time, reason string) (voidPlan, error) {
	reason = strings.TrimSpace(reason)
	ref := docRef(d.kind, d.number)
	switch {
	case d.status == StatusDraft:
		return voidPlan{}, Errorf(ECONFLICT, "%s is a draft: discard it instead", ref)
	case d.status == StatusVoid:
		return voidPlan{}, Errorf(ECONFLICT, "%s is void already", ref)
	case date.IsZero():
		return voidPlan{}, Errorf(EINVALID, "void date is required")
	case fmtDate(date) < d.date:
		return voidPlan{}, Errorf(EINVALID, "%s is dated %s: the void cannot be dated before it", ref, d.date)
	case reason == "":
		return voidPlan{}, Errorf(EINVALID, "say why %s is voided", ref)
	}
	day := fmtDate(date)
	for _, a := range allocs {
		if a.date > day {
			return voidPlan{}, Errorf(EINVALID, "%s has an allocation dated %s: the void cannot be dated before it", ref, a.date)
		}
	}
	v := voidPlan{reason: reason, day: day, entry: docEntry{kind: "void", memo: "void " + d.number + ": " + reason}}
	b := &v.entry.b
	cust := d.customerID
	// Reverse what the document posted when it was issued.
	switch d.kind {
	case KindInvoice:
		b.credit(AccReceivable, cust, d.total)
		b.debit(AccSales, 0, d.net)
		b.debit(AccTaxPayable, 0, d.tax)
	case KindCharge:
		b.credit(AccReceivable, cust, d.total)
		b.debit(AccInterest, 0, d.chargeInterest)
		b.debit(AccLateFees, 0, d.total-d.chargeInterest)
	case KindRefund:
		b.credit(AccReceivable, cust, d.total)
		b.debit(AccBank, 0, d.total)
	case KindPayment:
		b.credit(AccBank, 0, d.total)
	case KindCreditNote:
		b.credit(AccSales, 0, d.net)
		b.credit(AccTaxPayable, 0, d.tax)
	case KindWriteOff:
		b.credit(AccBadDebts, 0, d.total)
	case KindDiscount:
		b.credit(AccDiscounts, 0, d.net)
		b.credit(AccTaxPayable, 0, d.tax)
	}
	// Undo each allocation still in force.
	for _, a := range allocs {
		b.debit(AccReceivable, cust, a.amount)
		if !d.kind.Receivable() && d.kind != KindRefund {
			continue // a credit voided: the invoice it settled is open again
		}
		// The invoice's own credit to 1100 reversal above already covers
		// its whole total; what was settled goes back to its source.
		if a.creditKind == KindWriteOff {
			b.credit(AccBadDebts, 0, a.amount)
		} else {
			b.credit(AccCredits, cust, a.amount)
		}
	}
	if d.kind == KindPayment || d.kind == KindCreditNote {
		// What the credit had left unapplied leaves 2100.
		b.debit(AccCredits, cust, d.open)
	}
	return v, nil
}

func (t *tx) void(d *docRow, date time.Time, reason string) error {
	if d.status == StatusIssued && fmtDate(date) >= d.date && strings.TrimSpace(reason) != "" {
		// A discount stands only with its payment and its invoice.
		if err := t.voidDiscounts(d, date); err != nil {
			return err
		}
	}
	allocs, err := t.activeAllocations(d.id)
	if err != nil {
		return err
	}
	if d.kind == KindPayment || d.kind == KindCreditNote {
		// Money paid back out of this credit stays paid back: voiding the
		// credit under it would leave the refund owed by no one.
		var refund string
		err := t.queryRow(`SELECT i.number FROM allocations a JOIN documents i ON i.id = a.invoice_id
			WHERE a.credit_id = ? AND a.void_date IS NULL AND i.kind = 'refund' LIMIT 1`, d.id).Scan(&refund)
		if err == nil {
			return Errorf(ECONFLICT, "%s was paid back in refund %s: void the refund first", docRef(d.kind, d.number), refund)
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	if d.kind == KindCharge {
		if d.chargeInterest, err = t.chargeSplit(d.id); err != nil {
			return err
		}
	}
	v, err := planVoid(d, allocs, date, reason)
	if err != nil {
		return err
	}
	day := v.day
	// Undo each allocation still in force, and the exchange difference
	// it realized.
	var fx int64
	for _, a := range allocs {
		fx += a.fx
		if _, err := t.exec(`UPDATE allocations SET void_date = ? WHERE id = ?`, day, a.id); err != nil {
			return err
		}
		if _, err := t.exec(`UPDATE documents SET reopened_on = MAX(reopened_on, ?1) WHERE id IN (?2, ?3)`, day, a.creditID, a.invoiceID); err != nil {
			return err
		}
		switch {
		case !d.kind.Receivable() && d.kind != KindRefund:
			// A credit voided: the invoice it settled is open again.
			if err := t.addOpen(a.invoiceID, a.amount, day); err != nil {
				return err
			}
		case a.creditKind == KindWriteOff:
			if _, err := t.exec(`UPDATE documents SET status = 'void', void_date = ?1, void_reason = ?2,
				last_change = MAX(last_change, ?1), closed_on = MAX(last_change, ?1) WHERE id = ?3`,
				day, "invoice "+d.number+" voided", a.creditID); err != nil {
				return err
			}
		default:
			if err := t.addOpen(a.creditID, a.amount, day); err != nil {
				return err
			}
		}
	}
	if _, err := t.exec(`UPDATE documents SET status = 'void', open = 0, void_date = ?1, void_reason = ?2,
		last_change = MAX(last_change, ?1), closed_on = MAX(last_change, ?1) WHERE id = ?3`,
		day, v.reason, d.id); err != nil {
		return err
	}
	if err := t.post(date, d.id, v.entry.kind, v.entry.memo, d.currency, &v.entry.b); err != nil {
		return err
	}
	return t.postFX(d, -fx, day, "exchange difference undone: void "+d.number)
}
