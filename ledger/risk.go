package ledger

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"sort"
	"time"
)

// Risk: a 0–100 score of how likely a customer is to pay late, from
// their own history as of a date, with the reasons that weigh most, and
// a segment. It is a judgement aid, not money: its arithmetic is in
// float64 on days and shares, never on amounts.
//
// The parts, each from 0 to 1, and their weights:
//   - late share (0.45): of the invoices due by the date, those paid after
//     their due date or still open past it; recent ones weigh more (the
//     weight halves every 180 days back);
//   - lateness (0.20): the same invoices' average days late, 90 or more
//     counting as 1;
//   - overdue share (0.15): of what is open at the date, the part past due;
//   - trend (0.10): how much more often the last 6 months were late than
//     before (only worsening counts);
//   - disputes (0.10): disputes opened in the last year, 3 or more
//     counting as 1.
// Segments: new (fewer than 3 invoices due yet), then by score: prompt
// (under 20), slow (under 45), chronic late (under 70), at risk.

// Risk is one customer's score.
type Risk struct {
	CustomerCode string
	CustomerName string
	Score        int // 0–100, higher is riskier
	Segment      string
	Reasons      []string // the three parts that weigh most, in words
	Invoices     int      // due by the date, the history it stands on
	LateShare    float64  // the plain share of those paid or open late
}

// riskHalfLife is how far back an invoice's weight halves.
const riskHalfLife = 180.0

type riskAcc struct {
	n                       int
	wSum, wLate, wDays      float64
	recentN, recentLate     int
	olderN, olderLate       int
	lateN                   int
	openTotal, overdueTotal int64
	disputes                int
	code, name              string
}

// Risks scores every customer with invoices as of asOf, riskiest first.
func (s *Store) Risks(ctx context.Context, asOf time.Time) ([]Risk, error) {
	return s.risks(ctx, asOf, 0)
}

// CustomerRisk scores one customer (the customer screen): their own
// invoices only, read through documents_customer.
func (s *Store) CustomerRisk(ctx context.Context, code string, asOf time.Time) (Risk, error) {
	id, err := s.customerID(ctx, code)
	if err != nil {
		return Risk{}, err
	}
	rs, err := s.risks(ctx, asOf, id)
	if err != nil {
		return Risk{}, err
	}
	if len(rs) == 0 {
		return Risk{CustomerCode: code, Segment: "new", Reasons: []string{"no invoice yet"}}, nil
	}
	return rs[0], nil
}

func (s *Store) risks(ctx context.Context, asOf time.Time, customerID int64) ([]Risk, error) {
	asOf = Day(asOf)
	at := fmtDate(asOf)
	accs := map[int64]*riskAcc{}
	err := s.readTx(ctx, func(rtx *sql.Tx) error {
		acc := func(id int64) *riskAcc {
			a := accs[id]
			if a == nil {
				a = &riskAcc{}
				accs[id] = a
			}
			return a
		}
		// One customer's invoices through documents_customer; a "?2 = 0 OR"
		// would make SQLite read them all.
		// (SQLite otherwise prefers documents_kind_date and reads every
		// invoice up to the date: 1.2 s for one customer of a million.)
		from, one, args := "documents", "", []any{at}
		if customerID != 0 {
			from, one, args = "documents INDEXED BY documents_customer", ` AND customer_id = ?2`, append(args, customerID)
		}
		err := each(ctx, rtx, `SELECT customer_id, total, due_date, closed_on FROM `+from+`
			WHERE kind = 'invoice' AND status <> 'draft' AND date <= ?1 AND (void_date IS NULL OR void_date > ?1)`+one, func(r *sql.Rows) error {
			var id, total int64
			var due, closed time.Time
			var closedOn string
			if err := r.Scan(&id, &total, scanDate(&due), &closedOn); err != nil {
				return err
			}
			// closed_on is far in the future while the invoice is open.
			open := closedOn > at
			if !open {
				var err error
				if closed, err = storedDate("closed_on", closedOn); err != nil {
					return err
				}
			}
			a := acc(id)
			if open {
				a.openTotal += total
				if due.Before(asOf) {
					a.overdueTotal += total
				}
			}
			if !due.Before(asOf) {
				return nil // not due yet: says nothing of how they pay
			}
			end := closed
			if open {
				end = asOf
			}
			late := int(end.Sub(due).Hours() / 24)
			age := asOf.Sub(due).Hours() / 24
			w := math.Exp2(-age / riskHalfLife)
			a.n++
			a.wSum += w
			if late > 0 {
				a.lateN++
				a.wLate += w
				a.wDays += w * math.Min(float64(late), 90) / 90
			}
			if age <= 183 {
				a.recentN++
				if late > 0 {
					a.recentLate++
				}
			} else {
				a.olderN++
				if late > 0 {
					a.olderLate++
				}
			}
			return nil
		}, args...)
		if err != nil {
			return err
		}
		oneDisputes, oneCustomer := "", ""
		dargs, cargs := []any{at, fmtDate(asOf.AddDate(-1, 0, 0))}, []any{}
		if customerID != 0 {
			oneDisputes, oneCustomer = ` AND d.customer_id = ?3`, ` WHERE id = ?`
			dargs, cargs = append(dargs, customerID), append(cargs, customerID)
		}
		err = each(ctx, rtx, `SELECT d.customer_id, count(*) FROM disputes s JOIN documents d ON d.id = s.document_id
			WHERE s.opened_on <= ?1 AND s.opened_on > ?2`+oneDisputes+` GROUP BY d.customer_id`, func(r *sql.Rows) error {
			var id int64
			var n int
			if err := r.Scan(&id, &n); err != nil {
				return err
			}
			if a := accs[id]; a != nil {
				a.disputes = n
			}
			return nil
		}, dargs...)
		if err != nil {
			return err
		}
		return each(ctx, rtx, `SELECT id, code, name FROM customers`+oneCustomer, func(r *sql.Rows) error {
			var id int64
			var code, name string
			if err := r.Scan(&id, &code, &name); err != nil {
				return err
			}
			if a := accs[id]; a != nil {
				a.code, a.name = code, name
			}
			return nil
		}, cargs...)
	})
	if err != nil {
		return nil, fmt.Errorf("risk as of %s: %w", at, err)
	}
	out := make([]Risk, 0, len(accs))
	for _, a := range accs {
		out = append(out, a.risk())
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Score != out[j].Score {
			return out[i].Score > out[j].Score
		}
		return out[i].CustomerCode < out[j].CustomerCode
	})
	return out, nil
}

// risk turns a customer's sums into a score, its reasons and segment.
func (a *riskAcc) risk() Risk {
	r := Risk{CustomerCode: a.code, CustomerName: a.name, Invoices: a.n}
	type part struct {
		weight, value float64
		words         string
	}
	var parts []part
	if a.n > 0 {
		r.LateShare = float64(a.lateN) / float64(a.n)
		share := a.wLate / a.wSum
		parts = append(parts,
			part{0.45, share, fmt.Sprintf("%.0f%% of invoices paid late (%d of %d; recent ones weigh more)", 100*r.LateShare, a.lateN, a.n)},
			part{0.20, a.wDays / a.wSum, fmt.Sprintf("late by %.0f days on average when late", 90*a.wDays/math.Max(a.wLate, 1e-9))})
	}
	if a.openTotal > 0 {
		o := float64(a.overdueTotal) / float64(a.openTotal)
		parts = append(parts, part{0.15, o, fmt.Sprintf("%.0f%% of the open balance overdue", 100*o)})
	}
	if a.recentN > 0 && a.olderN > 0 {
		recent, older := float64(a.recentLate)/float64(a.recentN), float64(a.olderLate)/float64(a.olderN)
		parts = append(parts, part{0.10, math.Max(recent-older, 0),
			fmt.Sprintf("late more often in the last 6 months (%.0f%% against %.0f%% before)", 100*recent, 100*older)})
	}
	if a.disputes > 0 {
		parts = append(parts, part{0.10, math.Min(float64(a.disputes)/3, 1), fmt.Sprintf("%d dispute(s) opened in the last year", a.disputes)})
	}
	score := 0.0
	for _, p := range parts {
		score += p.weight * p.value
	}
	r.Score = int(math.Round(100 * math.Min(score, 1)))
	sort.SliceStable(parts, func(i, j int) bool { return parts[i].weight*parts[i].value > parts[j].weight*parts[j].value })
	for _, p := range parts {
		if len(r.Reasons) == 3 || p.weight*p.value == 0 {
			break
		}
		r.Reasons = append(r.Reasons, p.words)
	}
	if len(r.Reasons) == 0 {
		r.Reasons = []string{"nothing paid late"}
	}
	switch {
	case a.n < 3:
		r.Segment = "new"
	case r.Score < 20:
		r.Segment = "prompt"
	case r.Score < 45:
		r.Segment = "slow"
	case r.Score < 70:
		r.Segment = "chronic late"
	default:
		r.Segment = "at risk"
	}
	return r
}
