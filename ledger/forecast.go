package ledger

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
)

// ForecastOptions choose the first day and the number of weeks of a cash
// forecast.
type ForecastOptions struct {
	AsOf  time.Time // the first day of week 1; zero means today
	Weeks int       // default 8, at most 52
	// History is how many days back closed invoices teach a customer's
	// habit (default 365).
	History int
}

// ForecastLine is the cash expected in one currency, in minor units.
type ForecastLine struct {
	Currency string
	// Late is what was expected before AsOf and has not come: items the
	// customer is later with than usual. It is shown apart, not guessed into a week.
	Late  int64
	Weeks []int64 // Weeks[i] is expected in AsOf+7i … AsOf+7i+6
	Later int64   // expected after the last week
}

// Forecast is the expected cash in: every open invoice's open amount, on
// its due date shifted by its customer's average days late.
type Forecast struct {
	AsOf  time.Time
	Weeks int
	Lines []ForecastLine // by currency code
}

// lateness is a customer's (o.customer_id) average days late over the
// invoices closed since ?1.
const lateness = `COALESCE((SELECT CAST(ROUND(AVG(MAX(0, julianday(h.closed_on) - julianday(h.due_date)))) AS INTEGER)
			FROM documents h
			WHERE h.customer_id = o.customer_id AND h.kind = 'invoice'
				AND h.closed_on >= ?1 AND h.closed_on < '9999-12-31'), 0)`

// forecastSQL sums the open invoices by currency and expected day. A
// customer's lateness is the average of max(0, closed_on − due_date) over
// their invoices closed in the history window; it reads only the covering
// index documents_customer (customer_id, kind, closed_on, due_date, open), and
// only for customers with something open, so the cost follows the open
// items, not the ledger's history. MATERIALIZED computes it once per
// customer, not once per open invoice. closed_on is never earlier than the
// true closing day, so the estimate errs on the late side, as cash does.
// The open invoices are reached per customer through documents_customer,
// with the customers as the outer loop (CROSS JOIN): left to itself SQLite
// scans every open invoice once per customer, which on a million invoices
// takes minutes, and a plain JOIN costs half as much again. The expected day (due date plus the
// customer's lateness) is counted here in Go, the same on both databases.
const forecastSQL = `
WITH owing AS (
	SELECT DISTINCT customer_id FROM documents
	WHERE kind = 'invoice' AND closed_on = '9999-12-31' AND status <> 'draft' AND open > 0
), habit AS MATERIALIZED (
	SELECT o.customer_id, ` + lateness + ` AS late
	FROM owing o
)
SELECT d.currency, d.due_date, h.late, SUM(d.open)
FROM habit h CROSS JOIN documents d INDEXED BY documents_customer ON d.customer_id = h.customer_id
WHERE d.kind = 'invoice' AND d.closed_on = '9999-12-31' AND d.status <> 'draft' AND d.open > 0
GROUP BY d.currency, d.due_date, h.late`

// Forecast estimates the cash coming in over the next weeks.
func (s *Store) Forecast(ctx context.Context, o ForecastOptions) (*Forecast, error) {
	if o.AsOf.IsZero() {
		o.AsOf = s.Now()
	}
	o.AsOf = Day(o.AsOf)
	if o.Weeks == 0 {
		o.Weeks = 8
	}
	if o.History == 0 {
		o.History = 365
	}
	if o.Weeks < 1 || o.Weeks > 52 {
		return nil, Errorf(EINVALID, "a forecast covers 1 to 52 weeks")
	}
	if o.History < 1 {
		return nil, Errorf(EINVALID, "the forecast history must be at least one day")
	}
	since := fmtDate(o.AsOf.AddDate(0, 0, -o.History))
	rows, err := s.r.QueryContext(ctx, forecastSQL, since)
	if err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	defer rows.Close()
	byCur := map[string]*ForecastLine{}
	// expect counts amount in on day: late already, in a week, or later.
	expect := func(cur string, day time.Time, amount int64) {
		l := byCur[cur]
		if l == nil {
			l = &ForecastLine{Currency: cur, Weeks: make([]int64, o.Weeks)}
			byCur[cur] = l
		}
		switch n := DaysBetween(o.AsOf, day); {
		case n < 0:
			l.Late += amount
		case n/7 < o.Weeks:
			l.Weeks[n/7] += amount
		default:
			l.Later += amount
		}
	}
	for rows.Next() {
		var cur string
		var due time.Time
		var late, amount int64
		if err := rows.Scan(&cur, scanDate(&due), &late, &amount); err != nil {
			return nil, fmt.Errorf("forecast: %w", err)
		}
		expect(cur, due.AddDate(0, 0, int(late)), amount)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("forecast: %w", err)
	}
	// An invoice under a payment plan is expected on the instalments'
	// dates, as agreed, rather than on its due date shifted by the
	// customer's habit: moved here, from a few small queries over the plans.
	plans, err := plansInEffect(ctx, s.r, o.AsOf, 0, true)
	if err != nil {
		return nil, fmt.Errorf("forecast: payment plans: %w", err)
	}
	lates := map[int64]int64{}
	for _, p := range plans {
		late, ok := lates[p.customer]
		if !ok {
			q := `SELECT ` + strings.ReplaceAll(lateness, "o.customer_id", "?2")
			if late, err = queryInt(ctx, s.r, q, since, p.customer); err != nil {
				return nil, fmt.Errorf("forecast: payment plans: %w", err)
			}
			lates[p.customer] = late
		}
		for _, pc := range p.pieces() {
			d := p.docs[pc.doc]
			expect(d.currency, d.due.AddDate(0, 0, int(late)), -pc.amount)
			expect(d.currency, pc.due, pc.amount)
		}
	}
	f := &Forecast{AsOf: o.AsOf, Weeks: o.Weeks}
	for _, l := range byCur {
		f.Lines = append(f.Lines, *l)
	}
	sort.Slice(f.Lines, func(i, j int) bool { return f.Lines[i].Currency < f.Lines[j].Currency })
	return f, nil
}
