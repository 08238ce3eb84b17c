package ledger

import (
	"context"
	"database/sql"
)

// checkCharges holds charges to their rules: every customer's own rule
// and every reference rate reads as one the door would take; every charge
// has its charged periods, and they add up to its total; a period lies
// after its invoice's due date and names an invoice.
func checkCharges(ctx context.Context, rtx *sql.Tx, rep *CheckReport) error {
	err := each(ctx, rtx, `SELECT code, charges_interest, charges_compensation FROM customers
		WHERE charges_interest <> '' OR charges_compensation <> ''`, func(r *sql.Rows) error {
		var code, in, comp string
		if err := r.Scan(&code, &in, &comp); err != nil {
			return err
		}
		if _, err := ParseInterestRule(in); err != nil {
			rep.add("customer %s: %v", code, err)
		}
		if _, err := ParseCompensationRule(comp); err != nil {
			rep.add("customer %s: %v", code, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	err = each(ctx, rtx, `SELECT series, date, rate FROM reference_rates`, func(r *sql.Rows) error {
		var series, date, rate string
		if err := r.Scan(&series, &date, &rate); err != nil {
			return err
		}
		if _, err := ParseDate(date); err != nil || !ValidSeries(series) {
			rep.add("reference rate %q dated %q: not a series and date Paidup writes", series, date)
		}
		if _, err := parsePercent(rate); err != nil {
			rep.add("reference rate %s %s: %v", series, date, err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return each(ctx, rtx, `SELECT COALESCE(c.number, ''), c.kind, c.total, COALESCE(SUM(p.amount), 0), COALESCE(MAX(i.kind), ''),
			COALESCE(MIN(CASE WHEN p.from_date <= i.due_date THEN 1 ELSE 0 END), 0)
		FROM documents c
		LEFT JOIN charge_periods p ON p.charge_id = c.id
		LEFT JOIN documents i ON i.id = p.invoice_id
		WHERE c.kind = 'charge' OR p.charge_id IS NOT NULL
		GROUP BY c.id, c.number, c.kind, c.total
		HAVING c.kind <> 'charge' OR COALESCE(SUM(p.amount), 0) <> c.total OR COALESCE(MAX(i.kind), '') <> 'invoice'
			OR MAX(CASE WHEN p.from_date <= i.due_date THEN 1 ELSE 0 END) = 1
		LIMIT 50`, func(r *sql.Rows) error {
		var number, kind, ikind string
		var total, sum, early int64
		if err := r.Scan(&number, &kind, &total, &sum, &ikind, &early); err != nil {
			return err
		}
		rep.add("%s: its charged periods (%d minor units, of an %s) do not make a charge of %d after the invoice's due date", docRef(Kind(kind), number), sum, ikind, total)
		return nil
	})
}
