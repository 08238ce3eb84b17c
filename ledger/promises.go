package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Promises to pay (migration 0012). While a promise is open and its date
// plus the grace has not passed, the invoices it covers (those named, or
// all the customer's) are not reminded. Once its date has passed,
// SettlePromises decides it: kept when the payments received from the day
// it was made to its date cover the amount, broken otherwise; reminders
// resume after a broken one.

// PromiseStatus is a promise's outcome so far.
type PromiseStatus string

const (
	PromiseOpen   PromiseStatus = "open"
	PromiseKept   PromiseStatus = "kept"
	PromiseBroken PromiseStatus = "broken"
)

// defaultPromiseGrace is promise.grace_days when unset.
const defaultPromiseGrace = 3

// Promise is a customer's promise to pay.
type Promise struct {
	ID           int64
	CustomerCode string
	CustomerName string
	Amount       Money
	MadeOn       time.Time
	PayBy        time.Time
	Note         string
	MadeBy       string
	Invoices     []string // the invoices covered; none: the whole account
	Status       PromiseStatus
	Paid         Money     // received by PayBy, once settled
	SettledOn    time.Time // zero while open
}

// PromiseInput is a new promise: an amount by a date, for invoices or
// (none named) the account. A zero Amount with invoices named is what
// they have open.
type PromiseInput struct {
	CustomerCode string
	Invoices     []string
	Amount       Money
	MadeOn       time.Time // zero: today
	PayBy        time.Time
	Note         string
}

// AddPromise records a promise in one transaction.
func (s *Store) AddPromise(ctx context.Context, in PromiseInput) (Promise, error) {
	if in.MadeOn.IsZero() {
		in.MadeOn = Day(s.Now())
	}
	switch {
	case in.PayBy.IsZero():
		return Promise{}, Errorf(EINVALID, "a promise needs the date it is to be paid by")
	case in.PayBy.Before(in.MadeOn):
		return Promise{}, Errorf(EINVALID, "the promised date %s is before the day it was made, %s", fmtDate(in.PayBy), fmtDate(in.MadeOn))
	}
	if err := DateInRange(in.PayBy); err != nil {
		return Promise{}, Errorf(EINVALID, "promised date %s: %v", fmtDate(in.PayBy), err)
	}
	if err := validText("note", in.Note); err != nil {
		return Promise{}, err
	}
	var id int64
	err := s.write(ctx, func(t *tx) error {
		var cust custRow
		var docs []docRow
		for _, n := range in.Invoices {
			d, err := t.docByNumber(n)
			if err != nil {
				return err
			}
			if !d.kind.Receivable() || d.status != StatusIssued || d.open == 0 {
				return Errorf(ECONFLICT, "%s has nothing open to promise", docRef(d.kind, d.number))
			}
			docs = append(docs, d)
		}
		code := in.CustomerCode
		if code == "" && len(docs) > 0 {
			if err := t.queryRow(`SELECT code FROM customers WHERE id = ?`, docs[0].customerID).Scan(&code); err != nil {
				return err
			}
		}
		cust, err := t.customerByCode(code)
		if err != nil {
			return err
		}
		amount := in.Amount.Minor
		var open int64
		for _, d := range docs {
			if d.customerID != cust.id {
				return Errorf(EINVALID, "%s is not %s's", docRef(d.kind, d.number), cust.code)
			}
			open += d.open
		}
		if amount == 0 {
			amount = open
		}
		if amount <= 0 {
			return Errorf(EINVALID, "a promise needs an amount (or invoices whose open amount it is)")
		}
		if in.Amount.Minor != 0 && in.Amount.Currency != cust.currency {
			return Errorf(EINVALID, "the amount is in %s; %s's documents are in %s", in.Amount.Currency, cust.code, cust.currency)
		}
		if id, err = t.insertID(`INSERT INTO promises (customer_id, amount, currency, made_on, pay_by, note, made_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, cust.id, amount, cust.currency, fmtDate(in.MadeOn), fmtDate(in.PayBy),
			strings.TrimSpace(in.Note), t.actor(), t.stamp()); err != nil {
			return err
		}
		for _, d := range docs {
			if _, err := t.exec(`INSERT INTO promise_items (promise_id, document_id) VALUES (?, ?)`, id, d.id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return Promise{}, fmt.Errorf("promise: %w", err)
	}
	ps, err := s.Promises(ctx, PromiseFilter{ID: id})
	if err != nil || len(ps) == 0 {
		return Promise{}, err
	}
	return ps[0], nil
}

// PromiseFilter chooses promises to list.
type PromiseFilter struct {
	ID       int64
	Customer string
	Status   PromiseStatus // "" for every one
}

// Promises lists promises, newest first.
func (s *Store) Promises(ctx context.Context, f PromiseFilter) ([]Promise, error) {
	q := `SELECT p.id, c.code, c.name, p.amount, p.currency, p.made_on, p.pay_by, p.note, p.made_by, p.status, p.paid, COALESCE(p.settled_on, ''),
		COALESCE((SELECT group_concat(d.number, ',') FROM promise_items i JOIN documents d ON d.id = i.document_id WHERE i.promise_id = p.id), '')
		FROM promises p JOIN customers c ON c.id = p.customer_id WHERE 1 = 1`
	var args []any
	if f.ID != 0 {
		q += ` AND p.id = ?`
		args = append(args, f.ID)
	}
	if f.Customer != "" {
		q += ` AND c.code = ?`
		args = append(args, f.Customer)
	}
	if f.Status != "" {
		q += ` AND p.status = ?`
		args = append(args, string(f.Status))
	}
	var out []Promise
	err := s.readTx(ctx, func(rtx *sql.Tx) error {
		return each(ctx, rtx, q+` ORDER BY p.pay_by DESC, p.id DESC`, func(r *sql.Rows) error {
			var p Promise
			var amount, paid int64
			var cur, settled, invoices string
			if err := r.Scan(&p.ID, &p.CustomerCode, &p.CustomerName, &amount, &cur, scanDate(&p.MadeOn), scanDate(&p.PayBy), &p.Note, &p.MadeBy,
				&p.Status, &paid, &settled, &invoices); err != nil {
				return err
			}
			p.Amount, p.Paid = NewMoney(amount, cur), NewMoney(paid, cur)
			if settled != "" {
				var err error
				if p.SettledOn, err = storedDate("settled_on", settled); err != nil {
					return err
				}
			}
			if invoices != "" {
				p.Invoices = strings.Split(invoices, ",")
			}
			out = append(out, p)
			return nil
		}, args...)
	})
	if err != nil {
		return nil, fmt.Errorf("promises: %w", err)
	}
	return out, nil
}

// SettlePromises decides every open promise whose date and grace
// (promise.grace_days) have passed by asOf: kept when the customer's
// payments dated from the day it was made to the end of the grace cover
// it, broken otherwise. It returns those it decided.
func (s *Store) SettlePromises(ctx context.Context, asOf time.Time) ([]Promise, error) {
	var ids []int64
	err := s.write(ctx, func(t *tx) error {
		ids = nil
		// A promise stays open through its grace (a payment may be on its
		// way), and payments dated within the grace count.
		grace := promiseGrace(t.ctx, t.Tx)
		rows, err := t.QueryContext(t.ctx, `SELECT id, customer_id, amount, made_on, pay_by FROM promises
			WHERE status = 'open' AND pay_by < ?`, fmtDate(asOf.AddDate(0, 0, -grace)))
		if err != nil {
			return err
		}
		type open struct {
			id, customer, amount int64
			from                 string
			to                   time.Time
		}
		var ps []open
		for rows.Next() {
			var p open
			if err := rows.Scan(&p.id, &p.customer, &p.amount, &p.from, scanDate(&p.to)); err != nil {
				rows.Close()
				return err
			}
			ps = append(ps, p)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		type decided struct {
			id, paid int64
			kept     bool
		}
		var ds []decided
		for _, p := range ps {
			var paid int64
			if err := t.queryRow(`SELECT COALESCE(SUM(total), 0) FROM documents WHERE customer_id = ? AND kind = 'payment'
				AND status = 'issued' AND date >= ? AND date <= ?`, p.customer, p.from, fmtDate(p.to.AddDate(0, 0, grace))).Scan(&paid); err != nil {
				return err
			}
			ds = append(ds, decided{p.id, paid, paid >= p.amount})
		}
		for _, d := range ds {
			status := PromiseBroken
			if d.kept {
				status = PromiseKept
			}
			if _, err := t.exec(`UPDATE promises SET status = ?, paid = ?, settled_on = ? WHERE id = ? AND status = 'open'`,
				string(status), d.paid, fmtDate(asOf), d.id); err != nil {
				return err
			}
			ids = append(ids, d.id)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("settle promises: %w", err)
	}
	var out []Promise
	for _, id := range ids {
		ps, err := s.Promises(ctx, PromiseFilter{ID: id})
		if err != nil {
			return nil, err
		}
		out = append(out, ps...)
	}
	return out, nil
}

// promiseGrace reads promise.grace_days.
func promiseGrace(ctx context.Context, db querier) int {
	rows, err := db.QueryContext(ctx, `SELECT value FROM settings WHERE key = 'promise.grace_days'`)
	if err != nil {
		return defaultPromiseGrace
	}
	defer rows.Close()
	if rows.Next() {
		var v string
		if rows.Scan(&v) == nil {
			if n, err := strconv.Atoi(v); err == nil && n >= 0 {
				return n
			}
		}
	}
	return defaultPromiseGrace
}

// promisedUntilSQL is, for invoice i, the latest pay-by date of the open
// promises covering it (naming it, or the whole account): its reminders
// wait until that date plus the grace.
const promisedUntilSQL = `COALESCE((SELECT MAX(p.pay_by) FROM promises p WHERE p.status = 'open' AND p.customer_id = i.customer_id
	AND (EXISTS (SELECT 1 FROM promise_items x WHERE x.promise_id = p.id AND x.document_id = i.id)
		OR NOT EXISTS (SELECT 1 FROM promise_items x WHERE x.promise_id = p.id))), '')`
