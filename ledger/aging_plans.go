package ledger

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// An invoice under a payment plan is owed on the plan's instalment dates,
// not on its own due date: aging and the cash forecast follow the
// instalments. Plans are few (a credit controller's agreements), so the
// big as-of queries stay as they are and the plans' invoices are moved
// between buckets afterwards, from a few small queries over the plans
// alone. The amount moved is always the invoices' open amount, so an
// aging's total (1100 less 2100) never changes, only its buckets.

// planDoc is an invoice of a plan, open by Open at the plan's as-of date.
type planDoc struct {
	id, customer int64
	number       string
	currency     string
	due          time.Time
	open         int64
}

// planInst is an instalment of a plan.
type planInst struct {
	seq    int
	due    time.Time
	amount int64
}

// planSplit is a plan in effect at a date with its invoices' open amounts.
type planSplit struct {
	id       int64
	customer int64
	docs     []planDoc // by due date, number
	insts    []planInst
}

// planPiece is the part of one invoice's open amount owed on one
// instalment's date.
type planPiece struct {
	doc    int // index into docs
	seq    int
	due    time.Time
	amount int64
}

// pieces splits the plan's invoices' open amount over its instalments.
// What is no longer open of the plan counts as paid toward it, oldest
// instalment first (as payments settle a plan); should more be open than
// the plan's amount (an allocation older than the plan voided since), the
// excess is owed with the last instalment. The invoices take the open
// instalments in order, oldest invoice first. The pieces add up to the
// invoices' open amount exactly.
func (p *planSplit) pieces() []planPiece {
	var open, amount int64
	for _, d := range p.docs {
		open += d.open
	}
	for _, i := range p.insts {
		amount += i.amount
	}
	if len(p.insts) == 0 || open <= 0 {
		return nil
	}
	parts := make([]int64, len(p.insts))
	paid := max(0, amount-open)
	for k, i := range p.insts {
		take := min(paid, i.amount)
		paid -= take
		parts[k] = i.amount - take
	}
	if open > amount {
		parts[len(parts)-1] += open - amount
	}
	var out []planPiece
	k := 0
	for di, d := range p.docs {
		left := d.open
		for left > 0 && k < len(parts) {
			if parts[k] == 0 {
				k++
				continue
			}
			take := min(left, parts[k])
			out = append(out, planPiece{doc: di, seq: p.insts[k].seq, due: p.insts[k].due, amount: take})
			left -= take
			parts[k] -= take
		}
	}
	return out
}

// plansInEffect reads the payment plans in effect at the end of asOf
// (made by then, and active or ended after it) of one customer (cid) or
// all (0), with their instalments and their invoices open then: as of
// asOf when current is false (aging), as they are now when it is true
// (the forecast, which expects what is open today).
func plansInEffect(ctx context.Context, q querier, asOf time.Time, cid int64, current bool) ([]*planSplit, error) {
	day := fmtDate(Day(asOf))
	var plans []*planSplit
	byID := map[int64]*planSplit{}
	var ids []string
	err := eachRow(ctx, q, `SELECT id, customer_id FROM payment_plans
		WHERE made_on <= ?1 AND (status = 'active' OR ended_on > ?1) AND (?2 = 0 OR customer_id = ?2) ORDER BY id`,
		func(scan func(...any) error) error {
			p := &planSplit{}
			if err := scan(&p.id, &p.customer); err != nil {
				return err
			}
			plans = append(plans, p)
			byID[p.id] = p
			ids = append(ids, strconv.FormatInt(p.id, 10))
			return nil
		}, day, cid)
	if err != nil || len(plans) == 0 {
		return nil, err
	}
	// The ids are our own integers: written into the SQL, they need no
	// parameters after the numbered ones.
	in := "(" + strings.Join(ids, ",") + ")"
	err = eachRow(ctx, q, `SELECT plan_id, seq, due_date, amount FROM plan_instalments WHERE plan_id IN `+in+` ORDER BY plan_id, seq`,
		func(scan func(...any) error) error {
			var id int64
			var i planInst
			if err := scan(&id, &i.seq, scanDate(&i.due), &i.amount); err != nil {
				return err
			}
			byID[id].insts = append(byID[id].insts, i)
			return nil
		})
	if err != nil {
		return nil, err
	}
	// From the plans' items to their documents, through the primary key:
	// given the documents' ids instead, SQLite walked every invoice by
	// date (0.5 s on a million invoices with 50 plans).
	var query string
	var args []any
	if current {
		query = `SELECT x.plan_id, d.id, d.customer_id, d.number, d.currency, d.due_date, d.open
			FROM plan_items x CROSS JOIN documents d ON d.id = x.document_id
			WHERE x.plan_id IN ` + in + ` AND d.status = 'issued' AND d.open > 0 ORDER BY d.due_date, d.number`
	} else {
		items := strings.Replace(asOfItems, "FROM documents d\n", "FROM plan_items x CROSS JOIN documents d ON d.id = x.document_id\n", 1)
		items = strings.Replace(items, "SELECT d.id,", "SELECT x.plan_id, d.id,", 1)
		items = strings.Replace(items, "AND (?2 = 0 OR d.customer_id = ?2)", "AND x.plan_id IN "+in+" AND ?2 = 0", 1)
		query = `SELECT i.plan_id, i.id, i.customer_id, i.number, i.currency, i.due_date, i.open_then FROM (` + items +
			`) i WHERE i.open_then > 0 ORDER BY i.due_date, i.number`
		args = []any{day, 0}
	}
	inPlan := map[int64]bool{}
	err = eachRow(ctx, q, query, func(scan func(...any) error) error {
		var pid int64
		var d planDoc
		if err := scan(&pid, &d.id, &d.customer, &d.number, &d.currency, scanDate(&d.due), &d.open); err != nil {
			return err
		}
		// An invoice in two plans in effect at once (one made back-dated
		// before the other ended) is aged by the first: counted once.
		if !inPlan[d.id] {
			inPlan[d.id] = true
			byID[pid].docs = append(byID[pid].docs, d)
		}
		return nil
	}, args...)
	return plans, err
}

// eachRow runs a query on a querier and calls fn with a scanner per row.
func eachRow(ctx context.Context, q querier, query string, fn func(scan func(...any) error) error, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			return err
		}
	}
	return rows.Err()
}

// applyPlans moves the open amounts of invoices under a plan in effect
// at o.AsOf from the bucket of their own due date to those of their
// instalments' dates, in the customers' lines. It ages by due date only:
// by issue date an invoice is as old as it is, plan or not.
func applyPlans(ctx context.Context, q querier, o AgingOptions, cid int64, lines map[int64]*AgingLine) error {
	if o.Basis != BasisDue {
		return nil
	}
	plans, err := plansInEffect(ctx, q, o.AsOf, cid, false)
	if err != nil {
		return fmt.Errorf("aging: payment plans: %w", err)
	}
	for _, p := range plans {
		for _, pc := range p.pieces() {
			d := p.docs[pc.doc]
			l := lines[d.customer]
			if l == nil || l.Currency != d.currency {
				continue // not in this aging (a slice of the customers)
			}
			l.Buckets[BucketOf(DaysBetween(d.due, o.AsOf), o.Edges)] -= pc.amount
			l.Buckets[BucketOf(DaysBetween(pc.due, o.AsOf), o.Edges)] += pc.amount
		}
	}
	return nil
}

// planPiecesByDoc is, for every invoice under a plan in effect at o.AsOf,
// the parts of its open amount owed on each instalment's date (aging
// detail lists them in its place).
func planPiecesByDoc(ctx context.Context, q querier, o AgingOptions, cid int64) (map[int64][]planPiece, error) {
	if o.Basis != BasisDue {
		return nil, nil
	}
	plans, err := plansInEffect(ctx, q, o.AsOf, cid, false)
	if err != nil {
		return nil, fmt.Errorf("aging detail: payment plans: %w", err)
	}
	out := map[int64][]planPiece{}
	for _, p := range plans {
		for _, pc := range p.pieces() {
			id := p.docs[pc.doc].id
			out[id] = append(out[id], pc)
		}
	}
	return out, nil
}
