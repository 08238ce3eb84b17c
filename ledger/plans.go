package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Payment plans (migration 0021): an invoice's open amount, or a
// customer's overdue balance, split into instalments that add up exactly
// to it. The plan fixes what was open and the schedule; what has been
// paid toward it is worked out each time from the allocations to its
// invoices made since (oldest instalment first), so a payment needs no
// write to the plan. While an active plan has no missed instalment its
// invoices are not reminded; a missed one (past its date plus the plan's
// grace) is flagged, and when as many are missed as the plan's terms
// allow it defaults: its invoices fall due at once (their own due dates
// have passed) and reminders resume.

// PlanStatus is where a plan is in its life.
type PlanStatus string

const (
	PlanActive    PlanStatus = "active"
	PlanCompleted PlanStatus = "completed" // everything paid (or nothing left open)
	PlanDefaulted PlanStatus = "defaulted" // too many instalments missed
	PlanCancelled PlanStatus = "cancelled" // by the user, with a reason
)

// MaxInstalments bounds a plan: ten years of monthly payments.
const MaxInstalments = 120

// Instalment is one payment of a plan, as of the plan's AsOf.
type Instalment struct {
	Seq    int
	Due    time.Time
	Amount Money
	Paid   Money // what the payments so far settle of it, oldest instalment first
	Missed bool  // not paid in full by its date plus the plan's grace
}

// Left is what is still to pay of the instalment.
func (i Instalment) Left() Money { return NewMoney(i.Amount.Minor-i.Paid.Minor, i.Amount.Currency) }

// PaymentPlan is a plan with its instalments settled as of AsOf.
type PaymentPlan struct {
	ID           int64
	CustomerCode string
	CustomerName string
	Amount       Money
	MadeOn       time.Time
	Invoices     []string
	GraceDays    int
	CancelAfter  int // missed instalments that default the plan; 0: never
	Note         string
	MadeBy       string
	Status       PlanStatus
	EndedOn      time.Time // zero while active
	EndReason    string
	AsOf         time.Time
	Paid         Money // toward the plan, by AsOf
	Instalments  []Instalment
}

// Next is the first instalment not yet paid in full, if any.
func (p PaymentPlan) Next() (Instalment, bool) {
	for _, i := range p.Instalments {
		if i.Paid.Minor < i.Amount.Minor {
			return i, true
		}
	}
	return Instalment{}, false
}

// Missed counts the instalments missed by AsOf.
func (p PaymentPlan) Missed() int {
	n := 0
	for _, i := range p.Instalments {
		if i.Missed {
			n++
		}
	}
	return n
}

// Left is what is still to pay toward the plan.
func (p PaymentPlan) Left() Money { return NewMoney(p.Amount.Minor-p.Paid.Minor, p.Amount.Currency) }

// PlanInput is a new plan: one invoice (Invoice) or the customer's
// overdue balance (Customer), split either into Count instalments every
// Interval periods from First, or into the instalments Dates and Amounts
// name (Amounts may be left out: the amount is then split evenly).
type PlanInput struct {
	Invoice     string
	Customer    string
	Count       int
	Every       Period
	Interval    int
	First       time.Time // zero: one interval after MadeOn
	Dates       []time.Time
	Amounts     []Money
	MadeOn      time.Time // zero: today
	GraceDays   int       // days after an instalment's date before it counts as missed
	CancelAfter int       // missed instalments that default the plan; 0: never
	Note        string
}

// SplitInstalments splits total minor units into n instalments that add
// up to it exactly: each is total/n rounded down, and the remainder of the
// division goes on the last one.
func SplitInstalments(total int64, n int) ([]int64, error) {
	if n < 1 || n > MaxInstalments {
		return nil, Errorf(EINVALID, "a plan has from 1 to %d instalments, not %d", MaxInstalments, n)
	}
	each := total / int64(n)
	if each <= 0 {
		return nil, Errorf(EINVALID, "%d minor units cannot be split into %d instalments of at least one", total, n)
	}
	out := make([]int64, n)
	for i := range out {
		out[i] = each
	}
	out[n-1] = total - each*int64(n-1)
	return out, nil
}

var planEvery = regexp.MustCompile(`^(\d+)\s*([wmqy])$`)

// ParsePlanEvery reads how often a plan's instalments fall due: 1m, 2w,
// 1q, 1y (weeks, months, quarters, years), or the words ParseEvery takes
// ("month", "2 weeks").
func ParsePlanEvery(s string) (Period, int, error) {
	m := planEvery.FindStringSubmatch(strings.ToLower(strings.TrimSpace(s)))
	if m == nil {
		return ParseEvery(s)
	}
	n, err := strconv.Atoi(m[1])
	if err != nil || n < 1 || n > 52 {
		return "", 0, Errorf(EINVALID, "every %q: the number of periods goes from 1 to 52", s)
	}
	return map[string]Period{"w": Weekly, "m": Monthly, "q": Quarterly, "y": Yearly}[m[2]], n, nil
}

// schedule works out the instalments of a plan over total minor units.
func (in PlanInput) schedule(total int64, currency string) ([]time.Time, []int64, error) {
	if len(in.Dates) > 0 {
		if in.Count != 0 && in.Count != len(in.Dates) {
			return nil, nil, Errorf(EINVALID, "%d instalments but %d dates", in.Count, len(in.Dates))
		}
		if len(in.Dates) > MaxInstalments {
			return nil, nil, Errorf(EINVALID, "a plan has at most %d instalments", MaxInstalments)
		}
		for i, d := range in.Dates {
			if err := DateInRange(d); err != nil {
				return nil, nil, Errorf(EINVALID, "instalment %d: %v", i+1, err)
			}
			if d.Before(in.MadeOn) {
				return nil, nil, Errorf(EINVALID, "instalment %d falls on %s, before the plan is made (%s)", i+1, fmtDate(d), fmtDate(in.MadeOn))
			}
			if i > 0 && !d.After(in.Dates[i-1]) {
				return nil, nil, Errorf(EINVALID, "instalment dates must rise: %s comes after %s", fmtDate(d), fmtDate(in.Dates[i-1]))
			}
		}
		if len(in.Amounts) == 0 {
			amounts, err := SplitInstalments(total, len(in.Dates))
			return in.Dates, amounts, err
		}
		if len(in.Amounts) != len(in.Dates) {
			return nil, nil, Errorf(EINVALID, "%d dates but %d amounts", len(in.Dates), len(in.Amounts))
		}
		amounts := make([]int64, len(in.Amounts))
		var sum int64
		for i, a := range in.Amounts {
			if a.Currency != currency {
				return nil, nil, Errorf(EINVALID, "instalment %d is in %s; the plan is in %s", i+1, a.Currency, currency)
			}
			if a.Minor <= 0 {
				return nil, nil, Errorf(EINVALID, "instalment %d must be more than zero", i+1)
			}
			amounts[i], sum = a.Minor, sum+a.Minor
		}
		if sum != total {
			return nil, nil, Errorf(EINVALID, "the instalments add up to %s, but %s is open", NewMoney(sum, currency), NewMoney(total, currency))
		}
		return in.Dates, amounts, nil
	}
	if len(in.Amounts) > 0 {
		return nil, nil, Errorf(EINVALID, "instalment amounts need their dates")
	}
	amounts, err := SplitInstalments(total, in.Count)
	if err != nil {
		return nil, nil, err
	}
	every, interval := in.Every, in.Interval
	if every == "" {
		every = Monthly
	}
	if interval == 0 {
		interval = 1
	}
	first := in.First
	if first.IsZero() {
		first, _ = Schedule{Every: every, Interval: interval, Start: in.MadeOn}.Date(1)
	}
	if first.Before(in.MadeOn) {
		return nil, nil, Errorf(EINVALID, "the first instalment (%s) is before the plan is made (%s)", fmtDate(first), fmtDate(in.MadeOn))
	}
	sched := Schedule{Every: every, Interval: interval, Start: first, Count: in.Count}
	if err := sched.validate(); err != nil {
		return nil, nil, err
	}
	dates := make([]time.Time, in.Count)
	for i := range dates {
		d, ok := sched.Date(i)
		if !ok {
			return nil, nil, Errorf(EINVALID, "instalment %d would fall after %s", i+1, fmtDate(lastDay))
		}
		dates[i] = d
	}
	return dates, amounts, nil
}

// CreatePlan makes a payment plan in one transaction.
func (s *Store) CreatePlan(ctx context.Context, in PlanInput) (PaymentPlan, error) {
	if in.MadeOn.IsZero() {
		in.MadeOn = Day(s.Now())
	}
	in.MadeOn = Day(in.MadeOn)
	switch {
	case (in.Invoice == "") == (in.Customer == ""):
		return PaymentPlan{}, Errorf(EINVALID, "a plan is over one invoice or a customer's overdue balance: name one of them")
	case in.GraceDays < 0 || in.GraceDays > 365:
		return PaymentPlan{}, Errorf(EINVALID, "the grace goes from 0 to 365 days")
	case in.CancelAfter < 0 || in.CancelAfter > MaxInstalments:
		return PaymentPlan{}, Errorf(EINVALID, "the missed instalments that end a plan go from 0 (never) to %d", MaxInstalments)
	case len(in.Dates) == 0 && in.Count == 0:
		return PaymentPlan{}, Errorf(EINVALID, "a plan needs a number of instalments, or their dates")
	}
	if err := validText("note", in.Note); err != nil {
		return PaymentPlan{}, err
	}
	var id int64
	err := s.write(ctx, func(t *tx) error {
		type item struct {
			id, open int64
			number   string
		}
		var items []item
		var cust custRow
		if in.Invoice != "" {
			d, err := t.docByNumber(in.Invoice)
			if err != nil {
				return err
			}
			if d.kind != KindInvoice || d.status != StatusIssued || d.open <= 0 {
				return Errorf(ECONFLICT, "%s has nothing open to put in a plan", docRef(d.kind, d.number))
			}
			var code string
			if err := t.queryRow(`SELECT code FROM customers WHERE id = ?`, d.customerID).Scan(&code); err != nil {
				return err
			}
			if cust, err = t.customerByCode(code); err != nil {
				return err
			}
			items = append(items, item{d.id, d.open, d.number})
		} else {
			var err error
			if cust, err = t.customerByCode(in.Customer); err != nil {
				return err
			}
			// The overdue balance: invoices past their due date, less
			// those disputed (not agreed to be owed).
			rows, err := t.QueryContext(t.ctx, `SELECT d.id, d.open, d.number FROM documents d
				WHERE d.customer_id = ? AND d.kind = 'invoice' AND d.status = 'issued' AND d.open > 0 AND d.due_date < ?
				AND NOT EXISTS (SELECT 1 FROM disputes y WHERE y.document_id = d.id AND y.resolved_at IS NULL)
				ORDER BY d.due_date, d.number`, cust.id, fmtDate(in.MadeOn))
			if err != nil {
				return err
			}
			for rows.Next() {
				var it item
				if err := rows.Scan(&it.id, &it.open, &it.number); err != nil {
					rows.Close()
					return err
				}
				items = append(items, it)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if len(items) == 0 {
				return Errorf(ECONFLICT, "%s has nothing overdue (undisputed) on %s to put in a plan", cust.code, fmtDate(in.MadeOn))
			}
		}
		var total int64
		for _, it := range items {
			var other int64
			err := t.queryRow(`SELECT p.id FROM plan_items x JOIN payment_plans p ON p.id = x.plan_id
				WHERE x.document_id = ? AND p.status = 'active'`, it.id).Scan(&other)
			if err == nil {
				return Errorf(ECONFLICT, "invoice %s is already in payment plan #%d: cancel that one first", it.number, other)
			} else if err != sql.ErrNoRows {
				return err
			}
			total += it.open
		}
		if err := checkRange(total); err != nil {
			return Errorf(EINVALID, "the plan's amount: %v", err)
		}
		dates, amounts, err := in.schedule(total, cust.currency)
		if err != nil {
			return err
		}
		var mark int64
		if err := t.queryRow(`SELECT COALESCE(MAX(id), 0) FROM allocations`).Scan(&mark); err != nil {
			return err
		}
		if id, err = t.insertID(`INSERT INTO payment_plans (customer_id, amount, currency, made_on, alloc_mark, grace_days, cancel_after, note, made_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, cust.id, total, cust.currency, fmtDate(in.MadeOn), mark, in.GraceDays, in.CancelAfter,
			strings.TrimSpace(in.Note), t.actor(), t.stamp()); err != nil {
			return err
		}
		for _, it := range items {
			if _, err := t.exec(`INSERT INTO plan_items (plan_id, document_id, open_then) VALUES (?, ?, ?)`, id, it.id, it.open); err != nil {
				return err
			}
		}
		for i := range dates {
			if _, err := t.exec(`INSERT INTO plan_instalments (plan_id, seq, due_date, amount) VALUES (?, ?, ?, ?)`,
				id, i+1, fmtDate(dates[i]), amounts[i]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return PaymentPlan{}, fmt.Errorf("payment plan: %w", err)
	}
	return s.Plan(ctx, id, in.MadeOn)
}

// PlanFilter chooses plans to list.
type PlanFilter struct {
	Customer string
	Status   PlanStatus // "" for every one
	AsOf     time.Time  // what the instalments' payments are as of; zero: today
}

// Plan is one plan, settled as of asOf (zero: today).
func (s *Store) Plan(ctx context.Context, id int64, asOf time.Time) (PaymentPlan, error) {
	ps, err := s.plans(ctx, id, PlanFilter{AsOf: asOf})
	if err != nil {
		return PaymentPlan{}, err
	}
	if len(ps) == 0 {
		return PaymentPlan{}, Errorf(ENOTFOUND, "no payment plan #%d", id)
	}
	return ps[0], nil
}

// Plans lists plans, newest first.
func (s *Store) Plans(ctx context.Context, f PlanFilter) ([]PaymentPlan, error) {
	return s.plans(ctx, 0, f)
}

// planPaidSQL is what has been paid toward plan ?1 by the end of day ?3:
// the allocations to its invoices made since it (id above its mark) and
// not voided by then. ?2 is its mark.
const planPaidSQL = `SELECT COALESCE(SUM(a.amount), 0) FROM allocations a JOIN plan_items x ON x.document_id = a.invoice_id
	WHERE x.plan_id = ?1 AND a.id > ?2 AND a.date <= ?3 AND (a.void_date IS NULL OR a.void_date > ?3)`

func (s *Store) plans(ctx context.Context, id int64, f PlanFilter) ([]PaymentPlan, error) {
	if f.AsOf.IsZero() {
		f.AsOf = s.Now()
	}
	asOf := Day(f.AsOf)
	q := `SELECT p.id, c.code, c.name, p.amount, p.currency, p.made_on, p.alloc_mark, p.grace_days, p.cancel_after, p.note, p.made_by,
		p.status, COALESCE(p.ended_on, ''), p.end_reason
		FROM payment_plans p JOIN customers c ON c.id = p.customer_id WHERE 1 = 1`
	var args []any
	if id != 0 {
		q += ` AND p.id = ?`
		args = append(args, id)
	}
	if f.Customer != "" {
		q += ` AND c.code = ?`
		args = append(args, f.Customer)
	}
	if f.Status != "" {
		q += ` AND p.status = ?`
		args = append(args, string(f.Status))
	}
	var out []PaymentPlan
	err := s.readTx(ctx, func(rtx *sql.Tx) error {
		out = nil
		marks := map[int64]int64{}
		err := each(ctx, rtx, q+` ORDER BY p.id DESC`, func(r *sql.Rows) error {
			var p PaymentPlan
			var amount, mark int64
			var cur, ended string
			if err := r.Scan(&p.ID, &p.CustomerCode, &p.CustomerName, &amount, &cur, scanDate(&p.MadeOn), &mark, &p.GraceDays, &p.CancelAfter,
				&p.Note, &p.MadeBy, &p.Status, &ended, &p.EndReason); err != nil {
				return err
			}
			p.Amount, p.AsOf = NewMoney(amount, cur), asOf
			if ended != "" {
				var err error
				if p.EndedOn, err = storedDate("ended_on", ended); err != nil {
					return err
				}
			}
			marks[p.ID] = mark
			out = append(out, p)
			return nil
		}, args...)
		if err != nil {
			return err
		}
		for i := range out {
			if err := readPlanDetail(ctx, rtx, &out[i], marks[out[i].ID]); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("payment plans: %w", err)
	}
	return out, nil
}

// readPlanDetail reads a plan's invoices, instalments and what has been
// paid toward it by p.AsOf, and settles the instalments.
func readPlanDetail(ctx context.Context, rtx *sql.Tx, p *PaymentPlan, mark int64) error {
	cur := p.Amount.Currency
	err := each(ctx, rtx, `SELECT d.number FROM plan_items x JOIN documents d ON d.id = x.document_id WHERE x.plan_id = ? ORDER BY d.due_date, d.number`,
		func(r *sql.Rows) error {
			var n string
			if err := r.Scan(&n); err != nil {
				return err
			}
			p.Invoices = append(p.Invoices, n)
			return nil
		}, p.ID)
	if err != nil {
		return err
	}
	err = each(ctx, rtx, `SELECT seq, due_date, amount FROM plan_instalments WHERE plan_id = ? ORDER BY seq`, func(r *sql.Rows) error {
		var i Instalment
		var amount int64
		if err := r.Scan(&i.Seq, scanDate(&i.Due), &amount); err != nil {
			return err
		}
		i.Amount = NewMoney(amount, cur)
		p.Instalments = append(p.Instalments, i)
		return nil
	}, p.ID)
	if err != nil {
		return err
	}
	var paid int64
	if err := rtx.QueryRowContext(ctx, planPaidSQL, p.ID, mark, fmtDate(p.AsOf)).Scan(&paid); err != nil {
		return err
	}
	p.Paid = NewMoney(min(paid, p.Amount.Minor), cur)
	settleInstalments(p.Instalments, paid, p.AsOf, p.GraceDays)
	return nil
}

// settleInstalments applies paid to the instalments oldest first and
// marks those missed: not paid in full once asOf is past their date plus
// the grace.
func settleInstalments(insts []Instalment, paid int64, asOf time.Time, grace int) {
	for i := range insts {
		in := &insts[i]
		take := min(paid, in.Amount.Minor)
		paid -= take
		in.Paid = NewMoney(take, in.Amount.Currency)
		in.Missed = take < in.Amount.Minor && asOf.After(in.Due.AddDate(0, 0, grace))
	}
}

// CancelPlan ends an active plan by the user's decision, with a reason:
// its invoices are reminded again on their own due dates.
func (s *Store) CancelPlan(ctx context.Context, id int64, reason string) (PaymentPlan, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return PaymentPlan{}, Errorf(EINVALID, "cancelling a plan needs a reason")
	}
	if err := validText("reason", reason); err != nil {
		return PaymentPlan{}, err
	}
	err := s.write(ctx, func(t *tx) error {
		var status string
		if err := t.queryRow(`SELECT status FROM payment_plans WHERE id = ?`, id).Scan(&status); err != nil {
			if err == sql.ErrNoRows {
				return Errorf(ENOTFOUND, "no payment plan #%d", id)
			}
			return err
		}
		if PlanStatus(status) != PlanActive {
			return Errorf(ECONFLICT, "payment plan #%d is %s already", id, status)
		}
		_, err := t.exec(`UPDATE payment_plans SET status = 'cancelled', ended_on = ?, end_reason = ? WHERE id = ? AND status = 'active'`,
			fmtDate(t.now), reason+" ("+t.actor()+")", id)
		return err
	})
	if err != nil {
		return PaymentPlan{}, fmt.Errorf("cancel plan: %w", err)
	}
	return s.Plan(ctx, id, time.Time{})
}

// SettlePlans ends the active plans that asOf decides: completed when
// what was paid covers the plan or nothing of its invoices is left open,
// defaulted when as many instalments are missed as its terms allow. It
// returns those it ended.
func (s *Store) SettlePlans(ctx context.Context, asOf time.Time) ([]PaymentPlan, error) {
	asOf = Day(asOf)
	active, err := s.Plans(ctx, PlanFilter{Status: PlanActive, AsOf: asOf})
	if err != nil {
		return nil, err
	}
	var ended []int64
	err = s.write(ctx, func(t *tx) error {
		ended = nil
		for _, p := range active {
			var open int64
			if err := t.queryRow(`SELECT COALESCE(SUM(d.open), 0) FROM plan_items x JOIN documents d ON d.id = x.document_id
				WHERE x.plan_id = ? AND d.status = 'issued'`, p.ID).Scan(&open); err != nil {
				return err
			}
			var status PlanStatus
			var reason string
			switch {
			case p.Paid.Minor >= p.Amount.Minor:
				status, reason = PlanCompleted, "paid in full"
			case open == 0:
				status, reason = PlanCompleted, "nothing of its invoices is left open"
			case p.CancelAfter > 0 && p.Missed() >= p.CancelAfter:
				status, reason = PlanDefaulted, fmt.Sprintf("%d instalment(s) missed: the rest, %s, is due at once", p.Missed(), p.Left())
			default:
				continue
			}
			res, err := t.exec(`UPDATE payment_plans SET status = ?, ended_on = ?, end_reason = ? WHERE id = ? AND status = 'active'`,
				string(status), fmtDate(asOf), reason, p.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 1 {
				ended = append(ended, p.ID)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("settle plans: %w", err)
	}
	var out []PaymentPlan
	for _, id := range ended {
		p, err := s.Plan(ctx, id, asOf)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// PlanWait is, for an invoice in an active plan, the plan's first
// instalment not paid in full: reminders of the invoice wait until its
// date plus the plan's grace.
type PlanWait struct {
	Plan  int64
	Next  Instalment
	Until time.Time // Next.Due plus the grace
}

// activePlanWaits reads, for every invoice in an active plan, what its
// reminders wait for as of the end of asOf. Active plans are few (a
// credit controller's agreements), so this is a handful of small queries
// rather than a subquery on every open invoice of a million.
func activePlanWaits(ctx context.Context, db querier, asOf time.Time) (map[int64]PlanWait, error) {
	type planRow struct {
		id, mark int64
		grace    int
		cur      string
		docs     []int64
	}
	var plans []*planRow
	byID := map[int64]*planRow{}
	rows, err := db.QueryContext(ctx, `SELECT p.id, p.alloc_mark, p.grace_days, p.currency, x.document_id
		FROM payment_plans p JOIN plan_items x ON x.plan_id = p.id WHERE p.status = 'active' ORDER BY p.id`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var r planRow
		var doc int64
		if err := rows.Scan(&r.id, &r.mark, &r.grace, &r.cur, &doc); err != nil {
			rows.Close()
			return nil, err
		}
		p := byID[r.id]
		if p == nil {
			p = &r
			byID[r.id] = p
			plans = append(plans, p)
		}
		p.docs = append(p.docs, doc)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := map[int64]PlanWait{}
	day := fmtDate(Day(asOf))
	for _, p := range plans {
		var insts []Instalment
		rows, err := db.QueryContext(ctx, `SELECT seq, due_date, amount FROM plan_instalments WHERE plan_id = ? ORDER BY seq`, p.id)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var i Instalment
			var amount int64
			if err := rows.Scan(&i.Seq, scanDate(&i.Due), &amount); err != nil {
				rows.Close()
				return nil, err
			}
			i.Amount = NewMoney(amount, p.cur)
			insts = append(insts, i)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		paid, err := queryInt(ctx, db, planPaidSQL, p.id, p.mark, day)
		if err != nil {
			return nil, err
		}
		settleInstalments(insts, paid, Day(asOf), p.grace)
		for _, i := range insts {
			if i.Paid.Minor < i.Amount.Minor {
				w := PlanWait{Plan: p.id, Next: i, Until: i.Due.AddDate(0, 0, p.grace)}
				for _, d := range p.docs {
					out[d] = w
				}
				break
			}
		}
	}
	return out, nil
}

// queryInt is the one number a query returns, on a querier (a pool or a
// transaction alike).
func queryInt(ctx context.Context, db querier, q string, args ...any) (int64, error) {
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var n int64
	if rows.Next() {
		if err := rows.Scan(&n); err != nil {
			return 0, err
		}
	}
	return n, rows.Err()
}
